"""Who may read and write what: follow-ups, notes, next steps and feedback belong to their author alone;
analytics to the event's organizers alone. A refused request writes nothing and leaks no text."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from server.extensions import db
from tests.factories import sign_in_with_code, signup_organizer, unique_email
from tests.server.followups.builders import (
    API, PROBLEM, cached_world, connect_by_intro, event_with_owner, iso, log_followup, person)

SECRET = "ZEPHYR-4711 private remark"
FOLLOWUP_TABLES = ("connection_notes", "followups", "next_steps", "connection_feedback", "reminders_sent")


@pytest.fixture
def world(client, app):
    return cached_world(app, client, "access", build_world)


def build_world(client, app):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=1), ends_at=now - timedelta(hours=20))
    ana = person(client, app, event, display_name="Ana")
    ben = person(client, app, event, display_name="Ben")
    cy = person(client, app, event, display_name="Cy")
    connection = connect_by_intro(client, event, ana, ben)
    followup = log_followup(client, ana, connection, happened_at=now - timedelta(hours=1), note=SECRET)
    assert client.put(f"{API}/connections/{connection}/note", json={"body": SECRET},
                      headers=ana["headers"]).status_code == 200
    assert client.put(f"{API}/connections/{connection}/next-step",
                      json={"due_on": (now + timedelta(days=9)).date().isoformat(), "note": SECRET},
                      headers=ana["headers"]).status_code == 200
    assert client.put(f"{API}/connections/{connection}/feedback", json={"rating": 5},
                      headers=ana["headers"]).status_code == 200
    other_org = signup_organizer(client)
    co_email = unique_email("coorg")
    assert client.post(f"{API}/events/{event['id']}/organizers", json={"email": co_email},
                       headers=event["owner"]["headers"]).status_code == 201
    co = sign_in_with_code(client, app, email=co_email)
    headers = {"author": ana["headers"], "other_side": ben["headers"], "stranger": cy["headers"],
               "organizer": event["owner"]["headers"], "co_organizer": co["headers"],
               "other_organizer": other_org["headers"], "anonymous": {}}
    return {"event": event, "connection": connection, "followup": followup["id"], "headers": headers}


def _tables(app) -> dict[str, list]:
    with app.app_context():
        return {name: [tuple(r) for r in db.session.execute(db.metadata.tables[name].select()).all()]
                for name in FOLLOWUP_TABLES}


C = "/connections/{c}"
# (method, path, body, {caller: status}); callers not named get 404, anonymous always 401.
CASES = [
    ("GET", C + "/note", None, {"author": 200}),
    ("PUT", C + "/note", {"body": "mine"}, {"author": 200, "other_side": 200}),  # each writes their own
    ("DELETE", C + "/note", None, {"author": 204}),
    ("GET", C + "/followups", None, {"author": 200, "other_side": 200}),  # the other side sees an empty log
    ("POST", C + "/followups", "followup", {"author": 201, "other_side": 201}),
    ("PATCH", C + "/followups/{f}", {"outcome": "deal"}, {"author": 200}),
    ("DELETE", C + "/followups/{f}", None, {"author": 204}),
    ("GET", C + "/next-step", None, {"author": 200}),
    ("PUT", C + "/next-step", "next_step", {"author": 200, "other_side": 200}),
    ("DELETE", C + "/next-step", None, {"author": 204}),
    ("GET", C + "/feedback", None, {"author": 200}),
    ("PUT", C + "/feedback", {"rating": 1}, {"author": 200, "other_side": 200}),
]
CALLERS = ("author", "other_side", "stranger", "organizer", "anonymous")


def _body(kind):
    now = datetime.now(timezone.utc)
    if kind == "followup":
        return {"channel": "call", "happened_at": iso(now - timedelta(minutes=5))}
    if kind == "next_step":
        return {"due_on": (now + timedelta(days=3)).date().isoformat()}
    return kind


@pytest.mark.parametrize("method,path,body,allowed", CASES, ids=[f"{m} {p}" for m, p, *_ in CASES])
def test_private_follow_up_data_belongs_to_its_author(client, app, world, method, path, body, allowed):
    url = API + path.format(c=world["connection"], f=world["followup"])
    # Refused callers first (they change nothing), then the other side, then the author.
    for caller in sorted(CALLERS, key=lambda c: (c in allowed, c == "author")):
        expected = 401 if caller == "anonymous" else allowed.get(caller, 404)
        before = _tables(app)
        response = client.open(url, method=method, json=_body(body), headers=world["headers"][caller])
        assert response.status_code == expected, (caller, response.get_data(as_text=True))
        if caller != "author":
            assert SECRET not in response.get_data(as_text=True)  # never the author's text
        if expected >= 400:
            assert response.content_type == PROBLEM
            assert _tables(app) == before, caller  # a refused request writes nothing
        if caller == "other_side" and expected < 300:
            # The other side read or wrote their own entry; the author's are untouched.
            base, author = f"{API}/connections/{world['connection']}", world["headers"]["author"]
            assert client.get(f"{base}/note", headers=author).json["body"] == SECRET
            assert client.get(f"{base}/next-step", headers=author).json["note"] == SECRET
            assert client.get(f"{base}/feedback", headers=author).json["rating"] == 5
            assert [f["note"] for f in client.get(f"{base}/followups", headers=author).json["items"]] == [SECRET]


def test_the_other_side_never_sees_the_authors_log_or_plans(client, world):
    ben, url = world["headers"]["other_side"], f"{API}/connections/{world['connection']}"
    assert client.get(f"{url}/followups", headers=ben).json["items"] == []
    due = client.get(f"{API}/me/followups/due", headers=ben).json["items"]
    assert [i["kind"] for i in due] == ["thank_you"]  # Ana's log does not count for Ben
    assert SECRET not in client.get(f"{API}/me/followups/due", headers=ben).get_data(as_text=True)


ANALYTICS = ("/events/{e}/analytics", "/events/{e}/analytics?format=csv", "/events/{e}/analytics.csv",
             "/events/{e}/analytics/no-shows")
ANALYTICS_STATUS = {"organizer": 200, "co_organizer": 200, "author": 403, "stranger": 403,
                    "other_organizer": 404, "anonymous": 401}


@pytest.mark.parametrize("path", ANALYTICS)
def test_analytics_belong_to_the_events_organizers(client, world, path):
    for caller, status in ANALYTICS_STATUS.items():
        response = client.get(API + path.format(e=world["event"]["id"]), headers=world["headers"][caller])
        assert response.status_code == status, (caller, response.get_data(as_text=True))
        if status >= 400:
            assert response.content_type == PROBLEM
        assert SECRET not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ("/me/followups/due", "/me/connections.vcf", "/me/connections.csv",
                                  "/events/1/attendees/me/summary"))
def test_personal_lists_need_a_sign_in(client, path):
    response = client.get(API + path)
    assert response.status_code == 401 and response.content_type == PROBLEM


def test_summary_is_for_the_events_attendees(client, world):
    url = f"{API}/events/{world['event']['id']}/attendees/me/summary"
    assert client.get(url, headers=world["headers"]["author"]).status_code == 200
    assert client.get(url, headers=world["headers"]["organizer"]).status_code == 403  # no attendee profile
    assert client.get(url, headers=world["headers"]["other_organizer"]).status_code == 404
