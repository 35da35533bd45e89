"""Sync tokens: per account, opaque, paged, and a 410 once older than the kept tombstones."""
from __future__ import annotations

from datetime import timedelta

import pytest

from server.extensions import db
from server.sync.models import SyncItem, SyncState

API = "/api/v1"


def _sync(client, person, since=None, **query):
    if since:
        query["since"] = since
    return client.get(f"{API}/me/sync", query_string=query, headers=person["headers"])


def test_a_no_change_sync_is_small_and_empty(client, two):
    event, ana, ben = two
    first = _sync(client, ana)
    assert first.status_code == 200 and first.json["snapshot"] is True
    assert {i["type"] for i in first.json["items"]} >= {"event", "profile"}
    again = _sync(client, ana, first.json["next_since"])
    assert again.json["items"] == [] and again.json["tombstones"] == [] and again.json["snapshot"] is False
    assert len(again.data) < 400


def test_big_deltas_come_in_pages(client, two):
    event, ana, ben = two
    token = _sync(client, ana).json["next_since"]
    for i in range(5):
        client.patch(f"{API}/events/{event['id']}/attendees/me", json={"bio": f"v{i}"}, headers=ana["headers"])
        client.post(f"{API}/events/{event['id']}/intros", json={"to_attendee_id": ana["id"]}, headers=ben["headers"])
    page = _sync(client, ana, token, limit=1)
    assert page.json["has_more"] is True and len(page.json["items"]) + len(page.json["tombstones"]) == 1
    seen = 1
    while page.json["has_more"]:
        page = _sync(client, ana, page.json["next_since"], limit=1)
        seen += len(page.json["items"]) + len(page.json["tombstones"])
    assert seen >= 3  # the profile, the intro, its notification


@pytest.mark.parametrize("forge", [
    "not-a-token",
    "WzEsIm1lIiwiYWJjIiw1XQ.forged-signature",
    "x" * 400,
])
def test_forged_tokens_are_422_naming_since(client, two, forge):
    event, ana, ben = two
    _sync(client, ana)
    response = _sync(client, ana, forge)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert "since" in response.json["errors"]


def test_another_accounts_token_is_refused(client, two):
    event, ana, ben = two
    bens = _sync(client, ben).json["next_since"]
    _sync(client, ana)
    response = _sync(client, ana, bens)
    assert response.status_code == 422 and "since" in response.json["errors"]


def test_a_token_older_than_the_kept_tombstones_is_410(client, app, two):
    event, ana, ben = two
    intro = client.post(f"{API}/events/{event['id']}/intros", json={"to_attendee_id": ana["id"]},
                        headers=ben["headers"]).json
    old = _sync(client, ana).json["next_since"]
    client.post(f"{API}/events/{event['id']}/intros/{intro['id']}/cancel", headers=ben["headers"])
    tombstoned = _sync(client, ana, old)
    assert {"type": "intro", "id": intro["id"]} in tombstoned.json["tombstones"]
    with app.app_context():  # the tombstone ages past RAPPORT_SYNC_TOMBSTONE_DAYS; the day's first sync prunes
        for row in db.session.execute(db.select(SyncItem).where(SyncItem.body.is_(None))).scalars():
            row.changed_at -= timedelta(days=31)
        for state in db.session.execute(db.select(SyncState)).scalars():
            state.reconciled_on -= timedelta(days=1)
        db.session.commit()
    client.patch(f"{API}/events/{event['id']}/attendees/me", json={"bio": "new"}, headers=ana["headers"])
    newer = _sync(client, ana, tombstoned.json["next_since"])
    assert newer.status_code == 200
    gone = _sync(client, ana, old)
    assert gone.status_code == 410 and gone.mimetype == "application/problem+json"
    assert gone.json["type"] == "urn:rapport:problem:sync-expired"


def test_a_blocked_person_turns_into_tombstones_that_carry_only_ids(client, two):
    event, ana, ben = two
    client.post(f"{API}/events/{event['id']}/intros", json={"to_attendee_id": ana["id"], "message": "hi"},
                headers=ben["headers"])
    token = _sync(client, ana).json["next_since"]
    assert client.post(f"{API}/events/{event['id']}/blocks", json={"attendee_id": ana["id"]},
                       headers=ben["headers"]).status_code in (200, 201)
    delta = _sync(client, ana, token).json
    assert [t for t in delta["tombstones"] if t["type"] == "intro"]
    assert all(set(t) == {"type", "id"} for t in delta["tombstones"])


def test_sync_needs_a_token(client):
    response = client.get(f"{API}/me/sync")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
