""""Round starting": a round that begins wakes its people through the one policy, over real HTTP to the
local push receivers: table and partners' names in the feed, only ids in the push, once per round."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@pytest.fixture
def running(client, app):
    """An event under way now, four people checked in, each with an FCM device, and a published
    session of 3 rounds of 10 minutes whose first round began a minute ago."""
    now = datetime.now(timezone.utc)
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"], starts_at=_iso(now - timedelta(hours=1)),
                         ends_at=_iso(now + timedelta(hours=5)))
    base = f"{API}/events/{event['id']}"
    people = {n: join_event(client, app, event, display_name=f"{n} Private-Surname", interests=["Rust"])
              for n in ("Ana", "Ben", "Cai", "Dee")}
    for name, person in people.items():
        assert client.post(f"{base}/check-ins", json={"attendee_id": person["id"]},
                           headers=owner["headers"]).status_code == 201
        person["token"] = f"fcm-round-{name}-{uuid.uuid4().hex}"  # the receivers outlive a test
        assert client.post(f"{API}/me/devices", json={"platform": "fcm", "token": person["token"]},
                           headers=person["headers"]).status_code == 201
    session = client.post(f"{base}/sessions", json={
        "name": "Speed networking", "starts_at": _iso(now - timedelta(minutes=1)), "rounds": 3,
        "minutes_per_round": 10, "participants": "checked_in", "table_count": 2}, headers=owner["headers"]).json
    return owner, event, people, session, base


def _round_feed(client, person):
    return [n for n in client.get(f"{API}/me/notifications", headers=person["headers"]).json["items"]
            if n["kind"] == "round_starting"]


def _pushed(services, person):
    return [m for m in services["fcm"].received if m["token"] == person["token"]]


def test_a_round_that_begins_wakes_each_seated_person_once(client, app, services, drain, running):
    owner, event, people, session, base = running
    drain()  # published nothing yet: no round to announce
    assert not _pushed(services, people["Ana"])
    assert client.post(f"{base}/sessions/{session['id']}/publish", headers=owner["headers"]).status_code == 200
    result = drain()
    assert result.sent == 4
    for name, person in people.items():
        feed = _round_feed(client, person)
        assert len(feed) == 1, name
        data = feed[0]["data"]
        assert data["round_no"] == 1 and data["session_id"] == session["id"] and data["table"].startswith("Table")
        partner = data["partners"][0]
        assert partner["display_name"].endswith("Private-Surname") and partner["attendee_id"] != person["id"]
        push = _pushed(services, person)
        assert len(push) == 1
        fields = {k: json.loads(v) for k, v in push[0]["data"].items()}  # FCM data values are strings (JSON)
        assert fields["kind"] == "round_starting" and fields["round_no"] == 1
        assert push[0]["android"]["collapse_key"] == f"round_starting:{event['id']}"
        assert "Private-Surname" not in str(push[0]) and "Table" not in str(push[0])
    assert drain().sent == 0  # the round is announced once, whoever drains again
    assert result.next_due is not None  # the sender looks again when round 2 begins


def test_quiet_hours_hold_the_round_push_but_the_feed_has_it(client, app, services, drain, running):
    owner, event, people, session, base = running
    assert client.put(f"{API}/me/push-settings", json={"quiet_start": "00:00", "quiet_end": "23:59"},
                      headers=people["Ana"]["headers"]).status_code == 200
    assert client.put(f"{API}/me/push-settings", json={"muted_kinds": ["round_starting"]},
                      headers=people["Ben"]["headers"]).status_code == 200
    assert client.post(f"{base}/sessions/{session['id']}/publish", headers=owner["headers"]).status_code == 200
    assert drain().sent == 2  # Cai and Dee; Ana's waits for the end of her quiet hours, Ben muted the kind
    assert not _pushed(services, people["Ana"]) and not _pushed(services, people["Ben"])
    assert _round_feed(client, people["Ana"]) and _round_feed(client, people["Ben"])


def test_a_round_over_before_any_sender_looked_is_not_announced(client, app, services, drain, running):
    from server.extensions import db
    from server.sessions.models import NetworkingSession
    from server.sessions.round_starts import announce_due

    owner, event, people, session, base = running
    assert client.post(f"{base}/sessions/{session['id']}/publish", headers=owner["headers"]).status_code == 200
    with app.app_context():  # the senders were down through round 1; they come back during round 2
        row = db.session.get(NetworkingSession, session["id"])
        starts = row.starts_at
        assert announce_due(now=starts + timedelta(minutes=12)) == 4
        assert announce_due(now=starts + timedelta(minutes=13)) == 0
        assert db.session.get(NetworkingSession, session["id"]).announced_rounds == 2
    rounds = sorted(n["data"]["round_no"] for n in _round_feed(client, people["Ana"]))
    assert rounds == [2]
