"""Round trips to the database on the hot paths (issue 17 point 5, issue 13's send target).

On a loaded PostgreSQL host each round trip waits for a backend to be scheduled: these tests pin how
many statements a warm suggestions request and a message send cost, so a change that adds one shows.
"""
from __future__ import annotations

import pytest
from sqlalchemy import event as sa_event

from server.extensions import db
from server.matches import exposure
from server.push.models import PushMessage
from tests.factories import bearer, create_event, join_event, signup_organizer
from tests.server.messages.builders import send, world


@pytest.fixture
def statements(app):
    """Statements (and COMMIT/ROLLBACK) the app sends while the test runs, in order."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    listeners = [(engine, "before_cursor_execute", lambda *a: seen.append(a[2].split(None, 1)[0].upper())),
                 (engine, "commit", lambda _c: seen.append("COMMIT"))]
    for target, name, fn in listeners:
        sa_event.listen(target, name, fn)
    yield seen
    for target, name, fn in listeners:
        sa_event.remove(target, name, fn)


@pytest.fixture
def crowd(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    people = [join_event(client, app, event, display_name=f"P{i}", company=f"Co{i}",
                         interests=["Sailing", "Networking"], goals=["meeting_peers"]) for i in range(4)]
    return {"event": event, "owner": owner, "people": people}


def _suggestions(client, crowd, headers):
    return client.get(f"/api/v1/events/{crowd['event']['id']}/suggestions?limit=5", headers=headers)


def test_warm_suggestions_request_is_one_query_on_postgresql(client, app, crowd, statements, monkeypatch):
    # Token, own profile, event and (PostgreSQL) the exclusions as arrays in one query; SQLite reads the
    # exclusions in a second; nothing written (impressions go to the worker's buffer, as served, not
    # inline as the other tests count them).
    monkeypatch.setattr(exposure, "FLUSH_SECONDS", 3600.0)
    ana = crowd["people"][0]
    assert _suggestions(client, crowd, ana["headers"]).status_code == 200  # builds the index
    statements.clear()
    response = _suggestions(client, crowd, ana["headers"])
    assert response.status_code == 200 and len(response.json["items"]) == 3
    with app.app_context():
        dialect = db.engine.dialect.name
    assert statements == (["SELECT"] if dialect == "postgresql" else ["SELECT", "SELECT"])


def test_warm_suggestions_request_sends_no_begin_on_postgresql(client, app, crowd, monkeypatch):
    # psycopg sends BEGIN by itself before a statement outside autocommit (and ROLLBACK when the pool
    # takes the connection back): the hot path's statement runs in autocommit, so neither is sent.
    monkeypatch.setattr(exposure, "FLUSH_SECONDS", 3600.0)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no round trips to save")
    ana = crowd["people"][0]
    assert _suggestions(client, crowd, ana["headers"]).status_code == 200
    autocommit: list[bool] = []
    spy = lambda conn, *_a: autocommit.append(conn.connection.dbapi_connection.autocommit)  # noqa: E731
    sa_event.listen(engine, "before_cursor_execute", spy)
    try:
        assert _suggestions(client, crowd, ana["headers"]).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", spy)
    assert autocommit == [True]


@pytest.mark.parametrize("who, status", [
    ("attendee", 200), ("organizer without a profile", 403), ("outsider", 404), ("no token", 401),
    ("unknown token", 401), ("signed out", 401),
])
def test_who_gets_suggestions_with_the_one_query_sign_in(client, app, crowd, who, status):
    headers = {
        "attendee": crowd["people"][1]["headers"],
        "organizer without a profile": crowd["owner"]["headers"],
        "outsider": signup_organizer(client)["headers"],
        "no token": {},
        "unknown token": bearer("x" * 43),
    }.get(who)
    if who == "signed out":
        headers = join_event(client, app, crowd["event"], display_name="Leaving", interests=["Sailing"])["headers"]
        assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    response = _suggestions(client, crowd, headers)
    assert response.status_code == status, response.json
    if status != 200:
        assert response.content_type == "application/problem+json"


def test_suggestions_of_another_event_are_not_served_from_the_profile_of_this_one(client, app, crowd):
    ana = crowd["people"][0]
    other = create_event(client, crowd["owner"]["headers"], name="Other")
    response = client.get(f"/api/v1/events/{other['id']}/suggestions", headers=ana["headers"])
    assert response.status_code == 404


def test_send_is_one_transaction_with_no_read_back(client, app, statements):
    w = world(client, app)
    assert send(client, w["ana"], w["conversation"]).status_code == 201
    statements.clear()
    response = send(client, w["ana"], w["conversation"], text="Second")
    assert response.status_code == 201
    assert response.json["text"] == "Second" and response.json["from_me"] is True
    # PostgreSQL: one statement with the token check, the checks, the message, the conversation's activity,
    # the notification (data-modifying CTEs) and whether either person has synced (nobody here: no change
    # feed to write), then COMMIT. SQLite cannot write in a CTE: the token and the checks, then each write.
    # No second transaction reads the message back.
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "postgresql":
        assert statements == ["WITH", "COMMIT"]
    else:
        assert statements == ["WITH", "INSERT", "UPDATE", "INSERT", "COMMIT"]
    page = client.get(f"/api/v1/me/conversations/{w['conversation']}/messages", headers=w["bo"]["headers"]).json
    assert page["items"][-1] == {**response.json, "from_me": False}


@pytest.fixture
def app_overrides():
    return {"PUSH_SENDER": "off"}  # pushes stay queued: only the send's own statements are counted


def test_a_recipient_with_a_device_costs_one_lookup_and_one_insert_more(client, app, statements):
    w = world(client, app)
    assert client.post("/api/v1/me/devices", json={"platform": "fcm", "token": "fcm-bo-phone"},
                       headers=w["bo"]["headers"]).status_code == 201
    assert send(client, w["ana"], w["conversation"]).status_code == 201
    statements.clear()
    assert send(client, w["ana"], w["conversation"], text="Again").status_code == 201  # collapses into the first
    assert send(client, w["ana"], w["conversation"], text="More").status_code == 201
    seen = list(statements)
    with app.app_context():
        dialect = db.engine.dialect.name
        queued = db.session.execute(db.select(PushMessage.payload)).scalars().all()
    # The devices, their owners' settings, the push still waiting and the event's zone in one SELECT;
    # a burst updates the waiting push (one banner, counted) instead of inserting.
    send_part = ["WITH"] if dialect == "postgresql" else ["WITH", "INSERT", "UPDATE", "INSERT"]
    assert seen == (send_part + ["SELECT", "UPDATE", "COMMIT"]) * 2
    assert len(queued) == 1 and queued[0]["count"] == 3


def test_the_send_statement_fits_psycopgs_statement_cache(app):
    # psycopg re-parses every statement longer than this on each execution (about 40 us for the send's).
    from server.messages import send_statements

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the one-statement send is PostgreSQL's")
        from psycopg import _queries

        sql = str(send_statements.built().all_in_one.compile(dialect=db.engine.dialect))
    assert len(sql.encode()) <= _queries.MAX_CACHED_STATEMENT_LENGTH
