"""Organizer announcements: to all, the checked-in, or a session's participants; feed, sync and push."""
from __future__ import annotations

import pytest

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"


@pytest.fixture
def crowd(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    people = [join_event(client, app, event, display_name=n) for n in ("Ana", "Ben", "Cai")]
    assert client.post(f"{API}/events/{event['id']}/check-ins", json={"attendee_id": people[0]["id"]},
                       headers=owner["headers"]).status_code == 201
    return owner, event, people


def _feed(client, person):
    return [n for n in client.get(f"{API}/me/notifications", headers=person["headers"]).json["items"]
            if n["kind"] == "announcement"]


def test_an_announcement_reaches_the_audience_feed_sync_and_devices(client, crowd, drain, services):
    owner, event, (ana, ben, cai) = crowd
    client.post(f"{API}/me/devices", json={"platform": "fcm", "token": "fcm-ben-announce"}, headers=ben["headers"])
    since = client.get(f"{API}/me/sync", headers=ben["headers"]).json["next_since"]
    sent = client.post(f"{API}/events/{event['id']}/announcements",
                       json={"title": "Keynote moved", "body": "Hall B at 14:00"}, headers=owner["headers"])
    assert sent.status_code == 201 and sent.json["recipients"] == 3
    assert [n["data"]["title"] for n in _feed(client, cai)] == ["Keynote moved"]
    delta = client.get(f"{API}/me/sync", query_string={"since": since}, headers=ben["headers"]).json
    assert [i["data"]["body"] for i in delta["items"] if i["type"] == "notification"] == ["Hall B at 14:00"]
    drain()
    pushed = [m for m in services["fcm"].received if m["token"] == "fcm-ben-announce"]
    assert len(pushed) == 1 and "Hall B" not in str(pushed[0])


def test_checked_in_audience_only_reaches_the_checked_in(client, crowd):
    owner, event, (ana, ben, cai) = crowd
    sent = client.post(f"{API}/events/{event['id']}/announcements",
                       json={"title": "Lunch", "body": "Now", "audience": "checked_in"}, headers=owner["headers"])
    assert sent.status_code == 201 and sent.json["recipients"] == 1
    assert len(_feed(client, ana)) == 1 and _feed(client, ben) == []


@pytest.mark.parametrize("body, field", [
    ({"body": "x"}, "title"),
    ({"title": "x" * 121, "body": "x"}, "title"),
    ({"title": "x", "body": ""}, "body"),
    ({"title": "x", "body": "x", "audience": "vip"}, "audience"),
    ({"title": "x", "body": "x", "audience": "session"}, "session_id"),
    ({"title": "x", "body": "x", "audience": "session", "session_id": 999999}, "session_id"),
    ({"title": "x", "body": "x", "audience": "all", "session_id": 1}, "session_id"),
])
def test_bad_announcements_are_refused_and_send_nothing(client, crowd, body, field):
    owner, event, (ana, _, _) = crowd
    response = client.post(f"{API}/events/{event['id']}/announcements", json=body, headers=owner["headers"])
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert _feed(client, ana) == []


@pytest.mark.parametrize("who, status", [("attendee", 403), ("stranger", 403), ("anonymous", 401)])
def test_only_the_events_organizers_announce(client, app, crowd, who, status):
    owner, event, (ana, _, _) = crowd
    headers = {"attendee": ana["headers"], "stranger": signup_organizer(client)["headers"], "anonymous": {}}[who]
    response = client.post(f"{API}/events/{event['id']}/announcements", json={"title": "x", "body": "y"},
                           headers=headers)
    assert response.status_code in (status, 404) and response.mimetype == "application/problem+json"
    assert _feed(client, ana) == []
