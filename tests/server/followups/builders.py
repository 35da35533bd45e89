"""Builders for follow-up tests: people who met at an event, through the public API."""
from __future__ import annotations

from datetime import datetime, timezone

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"
PROBLEM = "application/problem+json"


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def event_with_owner(client, *, starts_at: datetime, ends_at: datetime, name: str = "Lisbon Founders Summit"):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"], name=name, starts_at=iso(starts_at), ends_at=iso(ends_at))
    return {**event, "owner": owner}


def person(client, app, event, **profile):
    return join_event(client, app, event, **profile)


def connect_by_intro(client, event, sender, recipient) -> int:
    """`sender` asks, `recipient` accepts; returns the connection id."""
    base = f"{API}/events/{event['id']}/intros"
    intro = client.post(base, json={"to_attendee_id": recipient["id"]}, headers=sender["headers"])
    assert intro.status_code == 201, intro.json
    accepted = client.post(f"{base}/{intro.json['id']}/accept", headers=recipient["headers"])
    assert accepted.status_code == 200, accepted.json
    return connection_id(client, event, sender, recipient)


def connection_id(client, event, me, other) -> int:
    items = client.get(f"{API}/events/{event['id']}/connections?limit=200", headers=me["headers"]).json["items"]
    return next(c["id"] for c in items if c["attendee"]["id"] == other["id"])


def log_followup(client, person, connection, *, happened_at: datetime, channel="email", note="", outcome=None):
    response = client.post(f"{API}/connections/{connection}/followups", headers=person["headers"],
                           json={"channel": channel, "happened_at": iso(happened_at), "note": note,
                                 "outcome": outcome})
    assert response.status_code == 201, response.json
    return response.json


# A world is built through the API once per database and test module; later tests get a fresh copy
# of its rows (tokens are stored as hashes, so cached bearer tokens stay valid).
_built: dict[tuple[str, str], tuple[dict, dict]] = {}


def cached_world(app, client, name: str, build):
    """`build(client, app)` the first time; afterwards re-insert the rows it wrote and return its result."""
    from server.extensions import db

    key = (app.config["SQLALCHEMY_DATABASE_URI"], name)
    if key not in _built:
        result = build(client, app)
        with app.app_context():
            rows = {t.name: [dict(r) for r in db.session.execute(t.select()).mappings()]
                    for t in db.metadata.sorted_tables}
        _built[key] = (rows, result)
        return result
    rows, result = _built[key]
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if rows[table.name]:
                db.session.execute(table.insert(), rows[table.name])
        db.session.commit()
    return result
