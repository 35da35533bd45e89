"""Webhook tests: loopback receivers allowed, fast retries, and the test drives the sender itself."""
from __future__ import annotations

import time

import pytest

from tests.factories import create_event, signup_organizer

FAST = {"WEBHOOK_SENDER": "off", "WEBHOOK_ALLOW_LOOPBACK": True, "WEBHOOK_TIMEOUT": 0.5,
        "WEBHOOK_RETRY_BASE": 0.05, "WEBHOOK_RETRY_MAX": 0.2}


@pytest.fixture
def app_overrides() -> dict:
    return dict(FAST)


@pytest.fixture
def org(client) -> dict:
    return signup_organizer(client)


@pytest.fixture
def event(client, org) -> dict:
    return create_event(client, org["headers"])


def register(client, org, event, url, types=("attendee.created",), **extra) -> dict:
    body = {"url": url, "event_types": list(types), **extra}
    response = client.post(f"/api/v1/events/{event['id']}/webhooks", json=body, headers=org["headers"])
    assert response.status_code == 201, response.json
    return response.json


def drain(app):
    from server.webhooks.delivery import drain as run

    with app.app_context():
        return run()


def drain_until(app, done, timeout: float = 10.0):
    """Drain again (retries are due a few tens of ms later) until `done()` holds."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "deliveries did not finish in time"
        drain(app)
        time.sleep(0.03)


def add_attendee(client, org, event, email, **profile) -> dict:
    response = client.post(f"/api/v1/events/{event['id']}/attendees",
                           json={"email": email, "send_invite": False, **profile}, headers=org["headers"])
    assert response.status_code == 201, response.json
    return response.json
