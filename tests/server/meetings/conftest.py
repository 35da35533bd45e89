"""A Lisbon event across the 2027 change to summer time (Sunday 28 March, 01:00 UTC), its slots and tables."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"
# Before the change Lisbon is UTC+0, after it UTC+1.
SLOT_BEFORE = ("2027-03-27T10:00:00Z", "2027-03-27T10:20:00Z")
SLOT_AFTER = ("2027-03-29T10:00:00Z", "2027-03-29T10:20:00Z")
SLOT_LATER = ("2027-03-29T10:30:00Z", "2027-03-29T10:50:00Z")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


@pytest.fixture
def app_overrides():
    # Tokens outlive the clock's moves across the event's days.
    return {"ACCESS_TOKEN_TTL": 400 * 24 * 3600}


@pytest.fixture
def clock(time_machine):
    """Move time (the whole process's, by time-machine) and hold it there: `clock(\"2027-03-29T10:05:00Z\")`."""
    return lambda moment: time_machine.move_to(at(moment), tick=False)


@pytest.fixture
def world(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"], name="Lisbon Builders", starts_at="2027-03-27T08:00:00Z",
                         ends_at="2027-03-29T18:00:00Z", timezone="Europe/Lisbon")
    base = f"{API}/events/{event['id']}"
    slots = {}
    for name, (start, end) in (("before", SLOT_BEFORE), ("after", SLOT_AFTER), ("later", SLOT_LATER)):
        response = client.post(f"{base}/slots", json={"starts_at": start, "ends_at": end}, headers=owner["headers"])
        assert response.status_code == 201, response.json
        slots[name] = response.json["id"]
    tables = {}
    for name, capacity in (("Table A", 2), ("Table B", 4)):
        response = client.post(f"{base}/locations", json={"name": name, "capacity": capacity},
                               headers=owner["headers"])
        assert response.status_code == 201, response.json
        tables[name] = response.json["id"]
    people = {name: join_event(client, app, event, display_name=name, company=f"{name} Co",
                               interests=interests, goals=goals)
              for name, interests, goals in (
                  ("Ana", ["Payments", "Rust"], ["raising_funds"]),
                  ("Ben", ["payment systems", "Opera"], ["investing"]),
                  ("Cai", ["Rust", "Chess"], ["hiring"]),
                  ("Dee", ["Chess", "Opera"], ["job_seeking"]))}
    return {"owner": owner, "event": event, "base": base, "slots": slots, "tables": tables, "people": people}
