"""Attendee data goes N days after an event ends (`flask purge-attendee-data`, idempotent, batch-wise), or
when the owner deletes the event; connections and their private notes stay with the two accounts."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from server.accounts.models import Account
from server.attendees.models import Attendee
from server.extensions import db
from tests.factories import create_event, join_event, signup_organizer
from tests.server.followups.builders import connect_by_intro

API = "/api/v1"
NOW = datetime.now(timezone.utc)
INVITED = "eve.invited@example.org"


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _event(client, owner, *, ended_days_ago: int, retention_days: int | None, name: str) -> dict:
    ends = NOW - timedelta(days=ended_days_ago)
    event = create_event(client, owner["headers"], name=name, starts_at=iso(ends - timedelta(days=1)),
                         ends_at=iso(ends))
    if retention_days is not None:
        response = client.patch(f"{API}/events/{event['id']}", json={"retention_days": retention_days},
                                headers=owner["headers"])
        assert response.status_code == 200 and response.json["retention_days"] == retention_days
    return event


@pytest.fixture
def world(client, app):
    owner = signup_organizer(client)
    old = _event(client, owner, ended_days_ago=40, retention_days=30, name="Old")
    recent = _event(client, owner, ended_days_ago=5, retention_days=30, name="Recent")
    ancient = _event(client, owner, ended_days_ago=400, retention_days=None, name="Ancient")
    ana = join_event(client, app, old, display_name="Ana")
    bo = join_event(client, app, old, display_name="Bo")
    join_event(client, app, old, display_name="Cy")
    invited = client.post(f"{API}/events/{old['id']}/attendees", headers=owner["headers"],
                          json={"email": INVITED, "display_name": "Eve", "send_invite": False})
    assert invited.status_code == 201
    connection = connect_by_intro(client, old, ana, bo)
    assert client.put(f"{API}/connections/{connection}/note", json={"body": "Bo: ask about the fund"},
                      headers=ana["headers"]).status_code == 200
    recent_people = [join_event(client, app, recent, display_name=n) for n in ("Dee", "Fay")]
    join_event(client, app, ancient, display_name="Gus")
    return {"owner": owner, "old": old, "recent": recent, "ancient": ancient, "ana": ana, "bo": bo,
            "connection": connection, "recent_people": recent_people}


def _profiles(app, event) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(Attendee.id)).where(
            Attendee.event_id == event["id"])).scalar_one()


def _account_exists(app, email) -> bool:
    with app.app_context():
        return db.session.execute(db.select(Account.id).where(Account.email == email)).first() is not None


def test_the_purge_deletes_expired_attendee_data_and_is_idempotent(client, app, world):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["purge-attendee-data", "--dry-run"])
    assert dry.exit_code == 0 and f"1 events due: {world['old']['id']}" in dry.output
    assert _profiles(app, world["old"]) == 4
    result = runner.invoke(args=["purge-attendee-data", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert f"event {world['old']['id']}: 4 attendee profiles deleted" in result.output
    assert [_profiles(app, world[e]) for e in ("old", "recent", "ancient")] == [0, 2, 1]
    assert not _account_exists(app, INVITED)  # invited, never signed in: nothing of them is left
    assert _account_exists(app, world["bo"]["account_email"])
    ana, owner, base = world["ana"], world["owner"], f"{API}/events/{world['old']['id']}"
    assert client.get(base, headers=owner["headers"]).json["attendee_data_purged_at"]
    assert client.get(f"{base}/attendees", headers=owner["headers"]).json["items"] == []
    note = client.get(f"{API}/connections/{world['connection']}/note", headers=ana["headers"])
    assert note.status_code == 200 and note.json["body"] == "Bo: ask about the fund"
    assert client.get(f"{API}/me/notifications", headers=world["bo"]["headers"]).json["items"] == []
    again = runner.invoke(args=["purge-attendee-data"])
    assert again.exit_code == 0 and again.output.strip() == "0 events purged."


def test_the_server_default_applies_to_events_without_their_own(client, app, world):
    app.config["RAPPORT_RETENTION_DAYS"] = 365
    result = app.test_cli_runner().invoke(args=["purge-attendee-data"])
    assert result.exit_code == 0 and "2 events purged." in result.output
    assert [_profiles(app, world[e]) for e in ("old", "recent", "ancient")] == [0, 2, 0]


def test_deleting_an_event_takes_its_attendee_data_and_keeps_connections(client, app, world):
    owner, ana, old = world["owner"], world["ana"], world["old"]
    assert client.delete(f"{API}/events/{old['id']}", headers=owner["headers"]).status_code == 204
    assert _profiles(app, old) == 0 and not _account_exists(app, INVITED)
    assert client.get(f"{API}/events/{old['id']}", headers=owner["headers"]).status_code == 404
    archive = client.get(f"{API}/me/export", headers=ana["headers"]).json
    assert archive["profiles"] == [] and [c["id"] for c in archive["connections"]] == [world["connection"]]
    assert _profiles(app, world["recent"]) == 2


@pytest.mark.parametrize("value", [0, -1, 3651, "30", 1.5, True])
def test_a_bad_retention_is_a_422_naming_it(client, world, value):
    response = client.patch(f"{API}/events/{world['old']['id']}", json={"retention_days": value},
                            headers=world["owner"]["headers"])
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]) == ["retention_days"]
