"""Console features against the API: dashboard = /analytics, vocabulary overrides reach suggestions,
the import preview's column mapping, the attendee table's search, sort and pages."""
from __future__ import annotations

import io
import re

import pytest

from tests.factories import create_event, join_event, signup_organizer
from tests.server.console.helpers import console_sign_in, token_of


@pytest.fixture
def setup(client, app):
    org = signup_organizer(client)
    event = create_event(client, org["headers"])
    console_sign_in(client, org["email"])
    return org, event


def _figure(page: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">([^<]*)<', page).group(1)


def test_dashboard_numbers_equal_analytics(client, app, setup):
    org, event = setup
    people = [join_event(app.test_client(), app, event, display_name=f"P{i}", company="Acme" if i % 2 else "",
                         goals=["finding_cofounder"] if i % 3 == 0 else [],
                         interests=["machine learning", "fintech", "climate"] if i < 3 else ["golf"])
              for i in range(5)]
    api = app.test_client()
    intro = api.post(f"/api/v1/events/{event['id']}/intros", headers=people[0]["headers"],
                     json={"to_attendee_id": people[1]["id"], "message": "Hello"})
    assert intro.status_code in (200, 201), intro.json
    analytics = api.get(f"/api/v1/events/{event['id']}/analytics", headers=org["headers"]).json
    page = client.get(f"/console/events/{event['id']}/dashboard").text
    assert int(_figure(page, "registrations-total")) == analytics["registrations"]["total"] == 5
    assert int(_figure(page, "registrations-joined")) == analytics["registrations"]["joined"]
    assert int(_figure(page, "profiles-complete")) == analytics["profile_completion"]["complete"]
    assert int(_figure(page, "intros-sent")) == analytics["intros"]["sent"] == 1
    assert int(_figure(page, "intros-accepted")) == analytics["intros"]["accepted"]
    assert int(_figure(page, "connections-total")) == analytics["connections"]["total"]
    assert int(_figure(page, "followed-up")) == analytics["followup_rate"]["followed_up"]
    assert "<svg" in page and "<title" in page
    for interest in analytics["top_interests"]:
        assert interest["label"] in page


def _shared_reasons(client, event, person) -> str:
    response = client.get(f"/api/v1/events/{event['id']}/suggestions", headers=person["headers"])
    assert response.status_code == 200, response.json
    return repr(response.json)


def test_merge_and_split_overrides_change_suggestions(client, app, setup):
    org, event = setup
    api = app.test_client()
    ana = join_event(api, app, event, display_name="Ana", interests=["Quantum widgets"])
    join_event(api, app, event, display_name="Bo", interests=["Qubit gadgets"])
    before = api.get(f"/api/v1/events/{event['id']}/suggestions", headers=ana["headers"]).json
    score_before = before["items"][0]["score"] if before["items"] else 0
    token = token_of(client)
    response = client.post(f"/console/events/{event['id']}/vocabulary/overrides",
                           data={"csrf_token": token, "kind": "merge", "spelling": "Qubit gadgets",
                                 "target": "Quantum widgets"})
    assert response.status_code == 303
    after = api.get(f"/api/v1/events/{event['id']}/suggestions", headers=ana["headers"]).json
    assert after["items"] and after["items"][0]["score"] > score_before
    page = client.get(f"/console/events/{event['id']}/vocabulary").text
    assert "Qubit gadgets" in page and "merged into" in page
    # Splitting "ML" out of machine learning: the two no longer count as common ground.
    cy = join_event(api, app, event, display_name="Cy", interests=["ML"])
    join_event(api, app, event, display_name="Di", interests=["machine learning"])
    assert "achine learning" in _shared_reasons(api, event, cy)
    client.post(f"/console/events/{event['id']}/vocabulary/overrides",
                data={"csrf_token": token, "kind": "split", "spelling": "ML"})
    assert "achine learning" not in _shared_reasons(api, event, cy)


@pytest.mark.parametrize("form, field", [
    ({"kind": "merge", "spelling": "", "target": "x"}, "spelling"),
    ({"kind": "merge", "spelling": "ML", "target": ""}, "target"),
    ({"kind": "merge", "spelling": "ML", "target": "ml"}, "target"),
    ({"kind": "explode", "spelling": "ML"}, "kind"),
    ({"kind": "split", "spelling": "x" * 121}, "spelling"),
])
def test_bad_overrides_are_422_naming_the_field(client, setup, form, field):
    _, event = setup
    response = client.post(f"/console/events/{event['id']}/vocabulary/overrides",
                           data={"csrf_token": token_of(client), **form})
    assert response.status_code == 422 and f"<strong>{field}</strong>" in response.text


MESSY = ("E-mail;Full name;Org;Topics;Notes\n"
         "ana@example.org;Ana Lima;Acme;ML, fintech;vip\n"
         "bo@example.org;Bo Chen;Globex;climate;\n"
         "not-an-email;Cy;;;\n").encode("utf-8")


def test_import_preview_mapping_then_import(client, app, setup):
    _, event = setup
    base = f"/console/events/{event['id']}"
    token = token_of(client)
    response = client.post(f"{base}/import", data={"csrf_token": token, "file": (io.BytesIO(MESSY), "messy.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    preview = client.get(response.headers["Location"])
    assert "Would be created" in preview.text and 'name="map:Org"' in preview.text
    # "Org" was not recognised: map it to company, and check again.
    form = {"csrf_token": token, "map:E-mail": "email", "map:Full name": "display_name", "map:Org": "company",
            "map:Topics": "interests", "map:Notes": ""}
    response = client.post(response.headers["Location"].split("?")[0], data=form)
    preview = client.get(response.headers["Location"]).text
    assert re.search(r'<option value="company" selected>company</option>', preview)
    upload = re.search(r'action="(/console/events/\d+/uploads/\d+/import)"', preview).group(1)
    column_map = re.search(r'name="column_map" value="([^"]*)"', preview).group(1).replace("&#34;", '"')
    assert attendees_total(app, event) == 0  # previews write nothing
    report = client.post(upload, data={"csrf_token": token, "column_map": column_map})
    page = client.get(report.headers["Location"]).text
    assert "succeeded" in page and 'class="n-created">2<' in page
    csv = client.get(re.search(r'href="([^"]+errors\.csv)"', page).group(1))
    assert csv.status_code == 200 and csv.text.startswith("row,column,message") and "email" in csv.text
    table = client.get(f"{base}/attendees?sort=company").text
    assert table.index("Ana Lima") < table.index("Bo Chen") and "Acme" in table


def attendees_total(app, event) -> int:
    from server.attendees.models import Attendee
    from server.extensions import db

    with app.app_context():
        return db.session.execute(db.select(db.func.count(Attendee.id))
                                  .where(Attendee.event_id == event["id"])).scalar_one()


def test_attendee_table_search_sort_and_pages(client, app, setup):
    _, event = setup
    from server.console import table

    for i in range(7):
        join_event(app.test_client(), app, event, display_name=f"Person {chr(ord('G') - i)}")
    base = f"/console/events/{event['id']}/attendees"
    page_size, table.PAGE = table.PAGE, 3
    try:
        seen, url = [], f"{base}?sort=name"
        while url:
            text = client.get(url).text
            seen += re.findall(r"<td>(Person \w)</td>", text)
            found = re.search(r'href="([^"]+)" rel="next"', text)
            url = found.group(1).replace("&amp;", "&") if found else None
    finally:
        table.PAGE = page_size
    assert seen == sorted(seen) and len(seen) == 7
    assert re.findall(r"<td>(Person \w)</td>", client.get(f"{base}?q=person+c").text) == ["Person C"]
    assert client.get(f"{base}?sort=nope").status_code == 422
    assert client.get(f"{base}?cursor=garbage").status_code == 422


def test_session_check_in_preview_publish_and_print(client, app, setup):
    _, event = setup
    base = f"/console/events/{event['id']}"
    people = [join_event(app.test_client(), app, event, display_name=f"Seat {i}", interests=["fintech"])
              for i in range(7)]
    token = token_of(client)
    for person in people:
        assert client.post(f"{base}/attendees/{person['id']}/check-in", data={"csrf_token": token}).status_code == 303
    assert client.get(f"{base}/attendees").text.count(">Undo check-in<") == 7
    created = client.post(f"{base}/sessions", data={
        "csrf_token": token, "name": "Morning rounds", "starts_at": "2027-03-10T10:00", "rounds": "2",
        "minutes_per_round": "8", "group_size": "2", "participants": "checked_in", "table_count": "4"})
    assert created.status_code == 303, created.text
    preview = client.get(created.headers["Location"]).text
    assert "Round 1" in preview and "Round 2" in preview
    assert "0 sitting out this round" in preview and "(draft)" in preview  # odd ones make a trio
    # Everyone likes fintech: a pair and a trio... per round, 5 pairs, all with common ground.
    assert re.findall(r"(\d+) of (\d+) pairs share common ground", preview) == [("5", "5"), ("5", "5")]
    published = client.post(created.headers["Location"] + "/publish", data={"csrf_token": token})
    assert published.status_code == 303
    page = client.get(created.headers["Location"]).text
    assert "(published)" in page and "Printable seating" in page
    assert re.findall(r"(\d+) of (\d+) pairs share common ground", page) == [("5", "5"), ("5", "5")]
    seating = client.get(created.headers["Location"] + "/seating").text
    assert seating.count('class="table-sheet"') >= 2 and "Seat 0" in seating
    again = client.post(created.headers["Location"] + "/publish", data={"csrf_token": token})
    assert again.status_code == 409


def test_session_form_errors_name_the_field(client, setup):
    _, event = setup
    response = client.post(f"/console/events/{event['id']}/sessions", data={
        "csrf_token": token_of(client), "name": "X", "starts_at": "2027-03-10T10:00", "rounds": "99",
        "minutes_per_round": "8", "participants": "checked_in", "table_count": "4"})
    assert response.status_code == 422 and "<strong>rounds</strong>" in response.text


def test_meeting_slots_and_tables(client, setup):
    _, event = setup
    base = f"/console/events/{event['id']}/meetings"
    token = token_of(client)
    assert client.post(f"{base}/slots", data={"csrf_token": token, "starts_at": "2027-03-10T11:00",
                                              "ends_at": "2027-03-10T11:30", "open_for_meetings": "on"}).status_code == 303
    assert client.post(f"{base}/tables", data={"csrf_token": token, "name": "Table Tejo",
                                               "capacity": "4"}).status_code == 303
    page = client.get(base).text
    assert "2027-03-10 11:00" in page and "Table Tejo" in page
    bad = client.post(f"{base}/tables", data={"csrf_token": token, "name": "Huge", "capacity": "40"})
    assert bad.status_code == 422 and "<strong>capacity</strong>" in bad.text
    slot = re.search(r'action="([^"]+/slots/\d+/remove)"', page).group(1)
    assert client.post(slot, data={"csrf_token": token}).status_code == 303
    assert "No slots yet." in client.get(base).text


def test_a_co_organizer_is_added_and_removed_but_the_owner_stays(client, app, setup):
    org, event = setup
    base = f"/console/events/{event['id']}"
    token = token_of(client)
    assert client.post(f"{base}/organizers", data={"csrf_token": token, "email": "co.host@example.org"}).status_code == 303
    page = client.get(base).text
    assert "co.host@example.org" in page or "co.host (organizer)" in page
    co_id = int(re.search(r'/organizers/(\d+)/remove', page).group(1))
    assert page.count("/remove\"") == 1  # the owner has no remove button
    assert client.post(f"{base}/organizers/{co_id}/remove", data={"csrf_token": token}).status_code == 303
    assert client.get(base).text.count('/remove"') == 0
    listed = client.get(f"/api/v1/events/{event['id']}/organizers", headers=org["headers"]).json
    assert [o["role"] for o in listed["items"]] == ["owner"]
