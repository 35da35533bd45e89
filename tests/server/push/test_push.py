"""Push end to end over real HTTP against local Web Push, FCM and APNs receivers."""
from __future__ import annotations

import time

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"


def _pair(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    ana = join_event(client, app, event, display_name="Ana Secret", interests=["Rust"])
    ben = join_event(client, app, event, display_name="Ben", interests=["Rust"])
    return owner, event, ana, ben


def _device(client, person, **body):
    response = client.post(f"{API}/me/devices", json=body, headers=person["headers"])
    assert response.status_code in (200, 201), response.json
    return response.json


def _intro(client, event, sender, recipient):
    response = client.post(f"{API}/events/{event['id']}/intros", json={"to_attendee_id": recipient["id"],
                                                                       "message": "Private words"},
                           headers=sender["headers"])
    assert response.status_code == 201, response.json
    return response.json


def test_a_notification_reaches_every_platform_without_private_text(client, app, services, drain):
    owner, event, ana, ben = _pair(client, app)
    subscription = services["webpush"].subscription("ben-browser")
    _device(client, ben, platform="webpush", subscription=subscription, app_version="web 3", locale="en")
    _device(client, ben, platform="fcm", token="fcm-ben-phone-token")
    _device(client, ben, platform="apns", token="a1b2c3d4e5f60718")
    _intro(client, event, ana, ben)

    result = drain()
    assert (result.sent, result.failed) == (3, 0)
    web = [r for r in services["webpush"].received if r["name"] == "ben-browser"]
    assert web and web[-1]["vapid"] and web[-1]["topic"]
    assert web[-1]["payload"]["kind"] == "intro_received" and web[-1]["payload"]["title"] == "New intro request"
    fcm = [m for m in services["fcm"].received if m["token"] == "fcm-ben-phone-token"][-1]
    assert fcm["android"]["collapse_key"] == f"intro_received:{event['id']}"
    apns = [r for r in services["apns"].received if r["token"] == "a1b2c3d4e5f60718"][-1]
    assert apns["headers"]["apns-topic"] == "example.rapport.app"
    assert apns["headers"]["authorization"].startswith("bearer ey")
    for text in (str(web[-1]["payload"]), str(fcm), str(apns["body"])):
        assert "Ana Secret" not in text and "Private words" not in text
    assert drain().sent == 0  # nothing twice


def test_previews_show_the_name_when_the_person_asks_for_them(client, app, services, drain):
    owner, event, ana, ben = _pair(client, app)
    subscription = services["webpush"].subscription("ben-preview")
    _device(client, ben, platform="webpush", subscription=subscription)
    assert client.put(f"{API}/me/push-settings", json={"previews": True}, headers=ben["headers"]).status_code == 200
    _intro(client, event, ana, ben)
    drain()
    payload = [r for r in services["webpush"].received if r["name"] == "ben-preview"][-1]["payload"]
    assert payload["preview"]["display_name"] == "Ana Secret"
    assert "Private words" not in str(payload)


def test_dead_tokens_remove_their_devices(client, app, services, drain):
    owner, event, ana, ben = _pair(client, app)
    _device(client, ben, platform="webpush", subscription=services["webpush"].subscription("dead-browser"))
    _device(client, ben, platform="fcm", token="dead-fcm-token")
    _device(client, ben, platform="apns", token="deadbeef00112233")
    alive = _device(client, ben, platform="fcm", token="fcm-alive-token")
    _intro(client, event, ana, ben)
    result = drain()
    assert result.dead == 3 and result.sent == 1
    listed = client.get(f"{API}/me/devices", headers=ben["headers"]).json["items"]
    assert [d["id"] for d in listed] == [alive["id"]]


def test_a_failed_push_is_retried_with_backoff(client, app, services, drain):
    owner, event, ana, ben = _pair(client, app)
    _device(client, ben, platform="webpush", subscription=services["webpush"].subscription("flaky-browser"))
    _intro(client, event, ana, ben)
    first = drain()
    assert first.failed == 1  # the 503, recorded and retried after a backoff
    if first.sent == 0:  # the retry was not yet due when that drain ended
        time.sleep(0.05)
        assert drain().sent == 1
    assert any(r["name"] == "flaky-browser" for r in services["webpush"].received)


def test_a_burst_becomes_one_banner_and_muted_kinds_are_not_pushed(client, app, services, drain):
    owner, event, ana, ben = _pair(client, app)
    cai = join_event(client, app, event, display_name="Cai")
    _device(client, ben, platform="fcm", token="fcm-burst-token")
    _intro(client, event, ana, ben)
    _intro(client, event, cai, ben)
    before = len(services["fcm"].received)
    assert drain().sent == 1
    banner = services["fcm"].received[before:]
    assert len(banner) == 1 and banner[0]["data"]["count"] == "2"

    assert client.put(f"{API}/me/push-settings", json={"muted_kinds": ["intro_accepted"]},
                      headers=ana["headers"]).status_code == 200
    _device(client, ana, platform="fcm", token="fcm-ana-token")
    intros = client.get(f"{API}/events/{event['id']}/intros", headers=ben["headers"]).json["items"]
    from_ana = next(i for i in intros if i["sender"]["id"] == ana["id"])
    assert client.post(f"{API}/events/{event['id']}/intros/{from_ana['id']}/accept",
                       headers=ben["headers"]).status_code == 200
    assert drain().sent == 0  # Ana muted intro_accepted; the feed still has it
    feed = client.get(f"{API}/me/notifications", headers=ana["headers"]).json["items"]
    assert any(n["kind"] == "intro_accepted" for n in feed)


def test_quiet_hours_in_the_event_zone_hold_the_push_until_they_end(client, app, services, drain):
    owner, event, ana, ben = _pair(client, app)
    _device(client, ben, platform="fcm", token="fcm-quiet-token")
    # Quiet all day but one minute: whatever the time now, the push waits.
    assert client.put(f"{API}/me/push-settings", json={"quiet_start": "00:00", "quiet_end": "23:59"},
                      headers=ben["headers"]).status_code == 200
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if datetime.now(ZoneInfo(event["timezone"])).strftime("%H:%M") == "23:59":
        return  # the one minute that is not quiet
    _intro(client, event, ana, ben)
    result = drain()
    assert result.sent == 0 and result.next_due is not None


def test_flask_push_deliver_sends_what_waits(client, app, services):
    owner, event, ana, ben = _pair(client, app)
    _device(client, ben, platform="apns", token="0123456789abcdef")
    _intro(client, event, ana, ben)
    result = app.test_cli_runner().invoke(args=["push", "deliver"])
    assert result.exit_code == 0 and result.output.startswith("1 sent, 0 failed"), result.output
    assert any(r["token"] == "0123456789abcdef" for r in services["apns"].received)
