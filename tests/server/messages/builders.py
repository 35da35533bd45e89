"""Connected people for messaging tests, built through the public API."""
from __future__ import annotations

import itertools

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"
_client_ids = itertools.count(1)


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json(silent=True)


def connect(client, base: str, a: dict, b: dict) -> int:
    """a asks b for an intro, b accepts; returns the connection id."""
    intro = ok(client.post(f"{base}/intros", headers=a["headers"], json={"to_attendee_id": b["id"]}), 201)
    ok(client.post(f"{base}/intros/{intro['id']}/accept", headers=b["headers"]))
    items = ok(client.get(f"{base}/connections", headers=a["headers"]))["items"]
    return next(c["id"] for c in items if c["attendee"]["id"] == b["id"])


def world(client, app) -> dict:
    """An event with Ana and Bo connected (and a conversation open), Cy not connected, an organizer."""
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    base = f"{API}/events/{event['id']}"
    ana = join_event(client, app, event, display_name="Ana Sousa", company="Quantix", job_title="CTO")
    bo = join_event(client, app, event, display_name="Bo Lindqvist", company="Fjord Capital")
    cy = join_event(client, app, event, display_name="Cy Park", company="Xylo")
    connection = connect(client, base, ana, bo)
    conversation = ok(client.post(f"{API}/me/conversations", headers=ana["headers"],
                                  json={"connection_id": connection}), 201)["id"]
    return {"owner": owner, "event": event, "base": base, "ana": ana, "bo": bo, "cy": cy,
            "connection": connection, "conversation": conversation}


def send(client, person: dict, conversation: int, text: str = "Hello!", client_id: str | None = None):
    return client.post(f"{API}/me/conversations/{conversation}/messages", headers=person["headers"],
                       json={"text": text, "client_id": client_id or f"c-{next(_client_ids)}"})
