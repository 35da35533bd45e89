"""Bad webhook bodies and query strings: 4xx problem+json naming the field, nothing written."""
from __future__ import annotations

import pytest

from tests.server.webhooks.conftest import register

GOOD = {"url": "http://127.0.0.1:9/hook", "event_types": ["ping"]}


@pytest.mark.parametrize("body, field", [
    ({"event_types": ["ping"]}, "url"),
    ({**GOOD, "url": ""}, "url"),
    ({**GOOD, "url": "http://127.0.0.1/" + "a" * 2000}, "url"),
    ({**GOOD, "url": "not a url"}, "url"),
    ({**GOOD, "url": "http://127.0.0.1:99999/hook"}, "url"),
    ({"url": GOOD["url"]}, "event_types"),
    ({**GOOD, "event_types": []}, "event_types"),
    ({**GOOD, "event_types": ["attendee.deleted"]}, "event_types.0"),
    ({**GOOD, "event_types": "ping"}, "event_types"),
    ({**GOOD, "active": "maybe"}, "active"),
    ({**GOOD, "description": "x" * 201}, "description"),
    ({**GOOD, "secret": "whsec_mine"}, "secret"),
])
def test_bad_webhook_bodies_name_the_field(client, org, event, body, field):
    response = client.post(f"/api/v1/events/{event['id']}/webhooks", json=body, headers=org["headers"])
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert client.get(f"/api/v1/events/{event['id']}/webhooks", headers=org["headers"]).json["items"] == []


@pytest.mark.parametrize("query, field", [("status=lost", "status"), ("limit=0", "limit"), ("cursor=%%%", "cursor")])
def test_bad_delivery_log_queries_name_the_field(client, org, event, query, field):
    hook = register(client, org, event, GOOD["url"], types=["ping"])
    response = client.get(f"/api/v1/events/{event['id']}/webhooks/{hook['id']}/deliveries?{query}",
                          headers=org["headers"])
    assert response.status_code in (400, 422) and field in response.json["errors"], response.json


def test_unknown_ids_are_404(client, org, event):
    base = f"/api/v1/events/{event['id']}/webhooks"
    assert client.get(f"{base}/999", headers=org["headers"]).status_code == 404
    hook = register(client, org, event, GOOD["url"], types=["ping"])
    assert client.get(f"{base}/{hook['id']}/deliveries/999", headers=org["headers"]).status_code == 404
    assert client.post(f"{base}/{hook['id']}/deliveries/999/redeliver", headers=org["headers"]).status_code == 404
