"""Only the event's organizers manage its webhooks or read their deliveries."""
from __future__ import annotations

import pytest

from tests.factories import create_event, join_event, signup_organizer
from tests.server.webhooks.conftest import drain, register
from tests.server.webhooks.receiver import Receiver
from tests.snapshots import built_once


ROUTES = [
    ("get", "", None),
    ("post", "", {"url": "http://127.0.0.1:9/x", "event_types": ["ping"]}),
    ("get", "/{w}", None),
    ("patch", "/{w}", {"description": "changed"}),
    ("post", "/{w}/secret", None),
    ("post", "/{w}/test", None),
    ("get", "/{w}/deliveries", None),
    ("get", "/{w}/deliveries/{d}", None),
    ("post", "/{w}/deliveries/{d}/redeliver", None),
    ("delete", "/{w}", None),
]
# who -> expected status for each route (owner and co-organizer: the route's success code)
WHO = {"attendee": 403, "other_organizer": 404, "anonymous": 401}


def _build(client, app) -> dict:
    org = signup_organizer(client)
    event = create_event(client, org["headers"])
    co = signup_organizer(client)
    assert client.post(f"/api/v1/events/{event['id']}/organizers", json={"email": co["email"]},
                       headers=org["headers"]).status_code == 201
    with Receiver() as receiver:
        hook = register(client, org, event, receiver.url, types=["ping"])
        ping = client.post(f"/api/v1/events/{event['id']}/webhooks/{hook['id']}/test", headers=org["headers"])
        drain(app)
    return {"org": org, "event": event, "hook": hook, "delivery": ping.json, "co": co,
            "attendee": join_event(client, app, event), "other_organizer": signup_organizer(client)}


@pytest.fixture
def world(client, app):
    """Built through the API by the first test, then restored row for row (tests/snapshots.py)."""
    return built_once(app, lambda: _build(client, app))


@pytest.fixture
def org(world):
    return world["org"]


@pytest.fixture
def event(world):
    return world["event"]


def _call(client, event, world, method, path, body, headers):
    url = f"/api/v1/events/{event['id']}/webhooks" + path.format(w=world["hook"]["id"], d=world["delivery"]["id"])
    return getattr(client, method)(url, json=body, headers=headers)


@pytest.mark.parametrize("method, path, body", ROUTES)
@pytest.mark.parametrize("who", sorted(WHO))
def test_outsiders_and_attendees_are_refused(client, event, world, who, method, path, body):
    headers = {} if who == "anonymous" else world[who]["headers"]
    response = _call(client, event, world, method, path, body, headers)
    assert response.status_code == WHO[who], response.json
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("method, path, body", ROUTES)
def test_co_organizers_may_do_everything(client, event, world, method, path, body):
    response = _call(client, event, world, method, path, body, world["co"]["headers"])
    assert response.status_code in (200, 201, 202, 204), response.json


def test_another_events_webhook_is_not_found(client, org, event, world):
    other = create_event(client, org["headers"], name="Other")
    response = client.get(f"/api/v1/events/{other['id']}/webhooks/{world['hook']['id']}", headers=org["headers"])
    assert response.status_code == 404
