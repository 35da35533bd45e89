"""Console security: CSRF, other organizers' events, attendees kept out, session cookie and CSP."""
from __future__ import annotations

import pytest

from server.events.models import Event, EventOrganizer
from server.extensions import db
from tests.factories import create_event, join_event, signup_organizer
from tests.server.console.helpers import console_sign_in, token_of

EVENT_FORM = {"name": "Console Summit", "starts_at": "2027-05-01T09:00", "ends_at": "2027-05-02T18:00",
              "timezone": "Europe/Lisbon", "venue": "Beato"}


def _events(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(Event.id))).scalar_one()


@pytest.fixture
def organizer(client):
    org = signup_organizer(client)
    assert console_sign_in(client, org["email"]).status_code == 302
    return org


def test_sign_in_sets_a_locked_down_cookie_and_csp(client, organizer):
    page = client.get("/console/")
    assert page.status_code == 200 and "Your events" in page.text
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert "<script>" not in page.text and " onclick=" not in page.text  # no inline script to allow
    cookie = console_sign_in(client, organizer["email"]).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cookie_is_secure_in_production(database_url):
    from tests.conftest import make_app

    app = make_app(database_url, ENV="production", PUBLIC_URL="https://rapport.example",
                   MAIL_BACKEND="file", MAIL_DIR="/tmp/rapport-mail")
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_csrf_missing_or_wrong_is_400_and_writes_nothing(client, app, organizer, token):
    before = _events(app)
    form = dict(EVENT_FORM) | ({"csrf_token": token} if token is not None else {})
    response = client.post("/console/events/new", data=form)
    assert response.status_code == 400 and "CSRF" in response.text
    assert _events(app) == before


def test_csrf_token_of_another_session_is_refused(client, app, organizer):
    other = app.test_client()
    other_org = signup_organizer(other)
    console_sign_in(other, other_org["email"])
    response = client.post("/console/events/new", data=EVENT_FORM | {"csrf_token": token_of(other)})
    assert response.status_code == 400


def test_valid_csrf_creates_the_event(client, app, organizer):
    response = client.post("/console/events/new", data=EVENT_FORM | {"csrf_token": token_of(client)})
    assert response.status_code == 303
    assert _events(app) == 1


@pytest.mark.parametrize("page", ["", "/attendees", "/import", "/vocabulary", "/dashboard"])
def test_another_organizers_event_is_404(client, app, organizer, page):
    stranger = signup_organizer(app.test_client())
    theirs = create_event(app.test_client(), stranger["headers"])
    response = client.get(f"/console/events/{theirs['id']}{page}")
    assert response.status_code == 404
    assert theirs["join_code"] not in response.text


def test_posting_to_another_organizers_event_is_404_and_writes_nothing(client, app, organizer):
    stranger = signup_organizer(app.test_client())
    theirs = create_event(app.test_client(), stranger["headers"])
    response = client.post(f"/console/events/{theirs['id']}/organizers",
                           data={"csrf_token": token_of(client), "email": organizer["email"]})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(EventOrganizer.id))
                                  .where(EventOrganizer.event_id == theirs["id"])).scalar_one() == 1


@pytest.mark.parametrize("with_password, status", [(False, 401), (True, 403)])
def test_attendees_cannot_sign_in(client, app, with_password, status):
    from server.accounts import service as accounts_service
    from server.accounts.models import AuthToken

    def live_tokens() -> int:
        with app.app_context():
            return db.session.execute(db.select(db.func.count(AuthToken.id)).where(
                AuthToken.revoked_at.is_(None))).scalar_one()

    org = signup_organizer(app.test_client())
    event = create_event(app.test_client(), org["headers"])
    person = join_event(app.test_client(), app, event, display_name="Ana")
    if with_password:  # not possible through the API today; the console must not rely on that
        with app.app_context():
            account = accounts_service.find_account(email=person["account_email"])
            account.password_hash = accounts_service._hasher.hash("attendee password")
            db.session.commit()
    before = live_tokens()
    response = console_sign_in(client, person["account_email"], "attendee password")
    assert response.status_code == status
    assert client.get("/console/").status_code == 302  # still sent to the sign-in page
    assert live_tokens() == before  # a token the password check issued is revoked again


def test_signed_out_pages_redirect_to_sign_in(client):
    response = client.get("/console/events/1/attendees")
    assert response.status_code == 302 and "/console/sign-in" in response.headers["Location"]


def test_sign_out_revokes_the_session(client, organizer):
    assert client.post("/console/sign-out", data={"csrf_token": token_of(client)}).status_code == 302
    assert client.get("/console/").status_code == 302


def test_sign_in_next_stays_inside_the_console(client):
    org = signup_organizer(client)
    token = token_of(client, "/console/sign-in")
    response = client.post("/console/sign-in", data={"csrf_token": token, "email": org["email"],
                                                     "password": "correct horse battery",
                                                     "next": "//evil.example/"})
    assert response.headers["Location"] == "/console/"


def test_api_docs_need_no_cdn(client):
    page = client.get("/api/v1/docs")
    assert "cdn." not in page.text and "/api/v1/docs/assets/swagger-ui-bundle.js" in page.text
    assert client.get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200
