"""The console in a real browser: one organizer's walk through the issue's whole flow, with a
screenshot and an axe-core check of every page. Runs once, in the SQLite half of `make test` (see
`ONCE` in tests/conftest.py): it tests pages, not SQL, and a browser costs ~30 s on a busy machine."""
from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, unique_email
from tests.live import call, gunicorn
from tests.server.console.browser import SCREENSHOTS, Page, axe_source, chrome

MESSY_CSV = ("\ufeffE-mail;Full name;Org;Topics;Shoe size\n"
             "ana@example.org;Ana Lima;Acme;ML, fintech;38\n"
             "bo@example.org;Bo Chen;Globex;Machine learning;44\n"
             "cy@example.org;Cy Diaz;Acme;climate tech;41\n"
             "di@example.org;Di Evans;Initech;fintech;39\n"
             "not-an-email;Broken Row;;;\n")


@pytest.fixture
def live(app, tmp_path):
    # `app` gives the schema and empties it afterwards; gunicorn serves the same database file.
    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, workers=1, threads=2) as server:
        yield server.base


@pytest.fixture
def browser(live):
    axe = axe_source()
    driver = chrome()
    try:
        yield Page(driver, live, axe)
    finally:
        driver.quit()


def test_organizer_runs_an_event_in_the_console(browser, live, tmp_path):
    from selenium.webdriver.support.ui import Select, WebDriverWait

    email = unique_email("console")
    status, _, _ = call(live, "POST", "/api/v1/auth/signup", body={"email": email, "password": PASSWORD, "name": "Olga"})
    assert status == 201
    page = browser

    page.open("/console/")  # signed out: sent to the sign-in page
    assert "/console/sign-in" in page.driver.current_url
    page.check("sign-in")
    page.find("#email").send_keys(email)
    page.find("#password").send_keys(PASSWORD)
    page.submit("form.stack button[type=submit]")
    assert page.find("h1").text == "Your events"
    page.check("events")

    page.submit("a.button")
    page.check("new-event")
    page.find("#name").send_keys("Lisbon Console Summit")
    # datetime-local takes the digits in the locale's order; typing them as the field shows them.
    page.driver.execute_script("document.getElementById('starts_at').value='2027-03-10T09:00';"
                               "document.getElementById('ends_at').value='2027-03-11T18:00';")
    page.find("#timezone").clear()
    page.find("#timezone").send_keys("Europe/Lisbon")
    page.submit("form.stack button[type=submit]")
    assert page.find("h1").text == "Lisbon Console Summit"
    assert re.fullmatch(r"[A-Z0-9]{8}", page.find("#join-code").text)
    page.check("event")
    event_path = page.driver.current_url.split(live)[1]

    page.open(event_path + "/import")
    page.check("import")
    messy = tmp_path / "messy list.csv"
    messy.write_text(MESSY_CSV, encoding="utf-8")
    page.find("#file").send_keys(str(messy))
    page.submit("form.stack button[type=submit]")
    assert page.find("h1").text.startswith("Preview of")
    org = "select[name='map:Org']"
    assert Select(page.find(org)).first_selected_option.text == "(ignore)"
    page.check("import-preview")
    Select(page.find(org)).select_by_value("company")  # fix the mapping the file got wrong
    page.submit("#mapping button[type=submit]")
    assert Select(page.find(org)).first_selected_option.text == "company"
    assert page.find(".n-created").text == "4" and page.find(".n-failed").text == "1"
    page.submit("#do-import")
    assert "succeeded" in page.find("#import-status").text
    assert page.find(".n-created").text == "4"
    assert page.find("a[download]").get_attribute("href").endswith("errors.csv")
    page.check("import-report")

    page.open(event_path + "/attendees?sort=company")
    names = [cell.text for cell in page.driver.find_elements("css selector", "tbody tr td:first-child")]
    assert names[:2] == ["Ana Lima", "Cy Diaz"]  # Acme first: the remapped column reached the profiles
    for _ in range(4):  # check everyone in at the desk
        page.submit("button[aria-label^='Check in']")
    assert len(page.driver.find_elements("css selector", "button[aria-label^='Undo check-in']")) == 4
    page.check("attendees")

    page.open(event_path + "/vocabulary")
    assert "Machine learning" in page.find("#groups").text
    page.check("vocabulary")
    page.find("#spelling").send_keys("ML")
    Select(page.find("#kind")).select_by_value("split")
    page.submit("#override-form button[type=submit]")
    assert "kept apart" in page.find("#overrides").text

    page.open(event_path + "/dashboard")
    assert page.find("#registrations-total").text == "4"
    assert page.driver.find_elements("css selector", "svg[role=img]")
    page.check("dashboard")

    page.open(event_path + "/meetings")
    page.find("#table-name").send_keys("Table Tejo")
    page.submit("form[action$='/meetings/tables'] button[type=submit]")
    assert "Table Tejo" in page.find("#tables").text
    page.check("meetings")

    page.open(event_path + "/sessions")
    page.check("sessions")
    page.find("#s-name").send_keys("Morning rounds")
    page.driver.execute_script("document.getElementById('s-start').value='2027-03-10T10:00';")
    page.submit("form.stack button[type=submit]")
    assert "(draft)" in page.find("h1").text
    page.check("session-preview")
    page.submit("#publish")
    assert "(published)" in page.find("h1").text
    page.check("session-published")
    page.submit("#print-seating")
    assert page.find("h1").text == "Seating: Morning rounds"
    assert len(page.driver.find_elements("css selector", "section.table-sheet")) == 2
    page.check("seating")

    page.open("/api/v1/docs")  # Swagger UI from the package: renders with no network beyond the app
    WebDriverWait(page.driver, 30).until(
        lambda driver: "/api/v1/auth/signup" in driver.execute_script("return document.body.innerText"))
    page.driver.save_screenshot(str(SCREENSHOTS / "99-api-docs.png"))
    assert len(page.checked) == 15
