"""Devices and push settings: strictly per account; bad input is 4xx problem+json naming the field."""
from __future__ import annotations

import pytest

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"


KEYS = {"p256dh": "B" + "A" * 86, "auth": "A" * 22}


@pytest.fixture
def app_overrides():
    return {"PUSH_SENDER": "off"}  # production-like: no loopback push endpoints


@pytest.fixture
def two(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    return join_event(client, app, event, display_name="Ana"), join_event(client, app, event, display_name="Ben")


@pytest.mark.parametrize("body, field", [
    ({"platform": "blackberry", "token": "abcdefgh1234"}, "platform"),
    ({"token": "abcdefgh1234"}, "platform"),
    ({"platform": "fcm"}, "token"),
    ({"platform": "fcm", "token": "short"}, "token"),
    ({"platform": "fcm", "token": "has spaces in it"}, "token"),
    ({"platform": "apns", "token": "abcdefgh1234", "subscription": {"endpoint": "https://push.example/x",
                                                                    "keys": KEYS}}, "token"),
    ({"platform": "webpush"}, "subscription"),
    ({"platform": "webpush", "subscription": {"endpoint": "https://push.example/x"}}, "subscription.keys"),
    ({"platform": "webpush", "subscription": {"endpoint": "not a url", "keys": KEYS}}, "subscription.endpoint"),
    ({"platform": "webpush", "subscription": {"endpoint": "https://push.example/x",
                                              "keys": {"p256dh": "short", "auth": "A" * 22}}},
     "subscription.keys.p256dh"),
    ({"platform": "webpush", "subscription": {"endpoint": "http://127.0.0.1:9/x", "keys": KEYS}},
     "subscription.endpoint"),
    ({"platform": "webpush", "subscription": {"endpoint": "http://169.254.169.254/x", "keys": KEYS}},
     "subscription.endpoint"),
    ({"platform": "fcm", "token": "abcdefgh1234", "locale": "not a locale!"}, "locale"),
])
def test_bad_devices_are_refused_naming_the_field(client, two, body, field):
    ana, _ = two
    response = client.post(f"{API}/me/devices", json=body, headers=ana["headers"])
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    assert field in response.json["errors"], response.json
    assert client.get(f"{API}/me/devices", headers=ana["headers"]).json["items"] == []  # nothing written


def test_devices_are_strictly_per_account(client, two):
    ana, ben = two
    mine = client.post(f"{API}/me/devices", json={"platform": "fcm", "token": "ana-phone-token"},
                       headers=ana["headers"])
    assert mine.status_code == 201
    assert client.get(f"{API}/me/devices", headers=ben["headers"]).json["items"] == []
    theirs = client.delete(f"{API}/me/devices/{mine.json['id']}", headers=ben["headers"])
    assert theirs.status_code == 404 and theirs.mimetype == "application/problem+json"
    assert client.delete(f"{API}/me/devices/999999", headers=ana["headers"]).status_code == 404
    # The same phone signed in as Ben: the token moves to Ben, Ana no longer gets its pushes.
    moved = client.post(f"{API}/me/devices", json={"platform": "fcm", "token": "ana-phone-token"},
                        headers=ben["headers"])
    assert moved.status_code == 200 and moved.json["id"] == mine.json["id"]
    assert client.get(f"{API}/me/devices", headers=ana["headers"]).json["items"] == []
    assert client.delete(f"{API}/me/devices/{mine.json['id']}", headers=ben["headers"]).status_code == 204
    assert client.get(f"{API}/me/devices", headers=ben["headers"]).json["items"] == []


@pytest.mark.parametrize("method, path", [
    ("get", "/me/devices"), ("post", "/me/devices"), ("delete", "/me/devices/1"), ("get", "/me/push-settings"),
    ("put", "/me/push-settings"), ("get", "/me/sync"),
])
def test_anonymous_callers_get_401(client, method, path):
    body = {"platform": "fcm", "token": "abcdefgh1234"} if method == "post" else {} if method == "put" else None
    response = getattr(client, method)(f"{API}{path}", json=body)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize("body, field", [
    ({"muted_kinds": ["no_such_kind"]}, "muted_kinds.0"),
    ({"quiet_start": "25:00", "quiet_end": "07:00"}, "quiet_start"),
    ({"quiet_start": "22:00"}, "quiet_end"),
    ({"quiet_start": "22:00", "quiet_end": "22:00"}, "quiet_end"),
    ({"previews": "maybe"}, "previews"),
])
def test_bad_push_settings_are_refused(client, two, body, field):
    ana, _ = two
    response = client.put(f"{API}/me/push-settings", json=body, headers=ana["headers"])
    assert response.status_code == 422 and field in response.json["errors"], response.json


def test_devices_are_in_the_export_and_gone_after_erasure(client, two):
    ana, _ = two
    client.post(f"{API}/me/devices", json={"platform": "apns", "token": "a1b2c3d4e5f6a7b8", "app_version": "2.1"},
                headers=ana["headers"])
    archive = client.get(f"{API}/me/export", headers=ana["headers"]).json
    assert [(d["platform"], d["app_version"]) for d in archive["devices"]] == [("apns", "2.1")]
    assert "token_hash" not in archive["devices"][0]
    assert client.delete(f"{API}/me", headers=ana["headers"]).status_code in (200, 202, 204)
    from server.extensions import db
    from server.push.models import Device

    with client.application.app_context():
        assert db.session.execute(db.select(Device)).scalars().all() == []
