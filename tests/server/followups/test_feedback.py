"""Feedback after meeting: a low rating (or "would not meet again") keeps the pair out of each other's
suggestions for good, even once the connection is gone; a good rating does not."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.server.followups.builders import API, connect_by_intro, event_with_owner, person


def _suggested(client, event, who) -> list[int]:
    response = client.get(f"{API}/events/{event['id']}/suggestions", headers=who["headers"])
    assert response.status_code == 200, response.json
    return [s["attendee"]["id"] for s in response.json["items"]]


def _block_and_unblock(client, event, who, other) -> None:
    """Ends the connection (blocks do) and lifts the block: only feedback can still keep them apart."""
    base = f"{API}/events/{event['id']}/blocks"
    assert client.post(base, json={"attendee_id": other["id"]}, headers=who["headers"]).status_code == 201
    assert client.delete(f"{base}/{other['id']}", headers=who["headers"]).status_code == 204


def _scan(client, event, scanner, badge_owner) -> int:
    base = f"{API}/events/{event['id']}"
    token = client.get(f"{base}/attendees/me/qr", headers=badge_owner["headers"]).json["token"]
    scanned = client.post(f"{base}/connections/scan", json={"token": token}, headers=scanner["headers"])
    assert scanned.status_code == 201, scanned.json
    return scanned.json["id"]


@pytest.mark.parametrize("feedback,kept_apart", [
    ({"rating": 1}, True),
    ({"rating": 2}, True),
    ({"rating": 5, "would_meet_again": False}, True),
    ({"rating": 3}, False),
    ({"rating": 5}, False),
    ({"no_show": True}, False),  # not showing up is the organizers' matter, not a verdict on the pair
])
def test_low_ratings_keep_the_pair_apart(client, app, feedback, kept_apart):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=1), ends_at=now - timedelta(hours=20))
    ana = person(client, app, event, interests=["Rust", "Chess"])
    ben = person(client, app, event, interests=["rust", "chess"])
    connection = _scan(client, event, ana, ben)  # no intro: those alone keep a pair out of suggestions
    assert _suggested(client, event, ana) == []  # connected people are never suggested
    saved = client.put(f"{API}/connections/{connection}/feedback", json=feedback, headers=ana["headers"])
    assert saved.status_code == 200 and saved.json["connection_id"] == connection
    _block_and_unblock(client, event, ana, ben)
    assert client.get(f"{API}/connections/{connection}/feedback", headers=ana["headers"]).status_code == 404
    expected = [] if kept_apart else [ben["id"]]
    assert _suggested(client, event, ana) == expected
    assert _suggested(client, event, ben) == ([] if kept_apart else [ana["id"]])  # both ways


def test_feedback_can_be_changed_and_read_back_by_its_author(client, app):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=1), ends_at=now - timedelta(hours=20))
    ana, ben = person(client, app, event), person(client, app, event)
    connection = connect_by_intro(client, event, ana, ben)
    url = f"{API}/connections/{connection}/feedback"
    assert client.get(url, headers=ana["headers"]).status_code == 404
    client.put(url, json={"rating": 2, "would_meet_again": False}, headers=ana["headers"])
    client.put(url, json={"rating": 4}, headers=ana["headers"])
    got = client.get(url, headers=ana["headers"]).json
    assert (got["rating"], got["would_meet_again"], got["no_show"]) == (4, True, False)
    assert client.get(url, headers=ben["headers"]).status_code == 404  # Ben gave none and sees none
