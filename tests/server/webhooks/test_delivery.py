"""Delivery to real receivers on loopback: signatures, retries, order, give-up, redelivery, test-send."""
from __future__ import annotations

import json

import pytest
from standardwebhooks import Webhook

from tests.server.webhooks.conftest import add_attendee, drain, drain_until, register
from tests.server.webhooks.receiver import Receiver


def test_signatures_verify_with_the_standard_webhooks_package(client, app, org, event):
    with Receiver() as receiver:
        hook = register(client, org, event, receiver.url)
        assert hook["secret"].startswith("whsec_")
        person = add_attendee(client, org, event, "ana@example.org", display_name="Ana")
        drain(app)
    [got] = receiver.received
    payload = Webhook(hook["secret"]).verify(got.body, got.headers)
    assert payload["type"] == "attendee.created"
    assert payload["data"]["id"] == person["id"]
    assert got.headers["webhook-id"].startswith("msg_")
    with pytest.raises(Exception):
        Webhook("whsec_" + "A" * 43 + "=").verify(got.body, got.headers)


def test_retries_after_500s_and_timeouts_then_succeeds(client, app, org, event):
    script = [(500, 0.0), (503, 0.0), (200, 1.5)]  # 1.5 s > the 0.5 s timeout: a timeout
    with Receiver(script) as receiver:
        hook = register(client, org, event, receiver.url)
        add_attendee(client, org, event, "bo@example.org")
        url = f"/api/v1/events/{event['id']}/webhooks/{hook['id']}/deliveries"
        drain_until(app, lambda: client.get(url, headers=org["headers"]).json["items"][0]["status"] == "succeeded")
    [log] = client.get(url, headers=org["headers"]).json["items"]
    assert log["attempts"] == 4 and log["response_code"] == 200 and log["latency_ms"] >= 0
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1  # one message, sent four times
    assert len(receiver.received) == 4


def test_order_per_endpoint_holds_across_retries(client, app, org, event):
    # The first message fails twice; the later ones must wait behind it, not overtake it.
    with Receiver([(500, 0.0), (500, 0.0)]) as receiver:
        register(client, org, event, receiver.url, types=["attendee.created", "attendee.updated"])
        ids = [add_attendee(client, org, event, f"p{n}@example.org")["id"] for n in range(5)]
        drain_until(app, lambda: len({r.headers["webhook-id"] for r in receiver.received}) == 5)
    firsts = list(dict.fromkeys(r.json["data"]["id"] for r in receiver.received))
    assert firsts == ids
    assert [r.json["data"]["id"] for r in receiver.received][:3] == [ids[0]] * 3


def test_failing_for_the_give_up_time_disables_and_notifies_organizers(client, app, org, event):
    app.config["RAPPORT_WEBHOOK_GIVE_UP_AFTER"] = 0.3
    with Receiver(default=(500, 0.0)) as receiver:
        hook = register(client, org, event, receiver.url)
        add_attendee(client, org, event, "cy@example.org")
        base = f"/api/v1/events/{event['id']}/webhooks/{hook['id']}"
        drain_until(app, lambda: not client.get(base, headers=org["headers"]).json["active"])
    detail = client.get(base, headers=org["headers"]).json
    assert "failed since" in detail["disabled_reason"]
    [log] = client.get(f"{base}/deliveries", headers=org["headers"]).json["items"]
    assert log["status"] == "failed" and log["response_code"] == 500
    assert log["response_excerpt"].startswith("receiver says no") and len(log["response_excerpt"]) <= 500
    feed = client.get("/api/v1/me/notifications", headers=org["headers"]).json["items"]
    assert [n["kind"] for n in feed] == ["webhook_disabled"] and feed[0]["data"]["webhook_id"] == hook["id"]
    with app.app_context():
        from server.mail import outbox
        assert any(m["To"] == org["email"] and "Webhook disabled" in m["Subject"] for m in outbox())


def test_reactivating_resumes_in_order_and_redelivery_resends_the_same_id(client, app, org, event):
    with Receiver() as receiver:
        hook = register(client, org, event, receiver.url, active=False)
        base = f"/api/v1/events/{event['id']}/webhooks/{hook['id']}"
        add_attendee(client, org, event, "dee@example.org")  # not subscribed while inactive
        assert client.post(f"{base}/test", headers=org["headers"]).status_code == 409
        assert client.patch(base, json={"active": True}, headers=org["headers"]).status_code == 200
        ping = client.post(f"{base}/test", headers=org["headers"])
        assert ping.status_code == 202 and ping.json["type"] == "ping" and ping.json["status"] == "pending"
        drain(app)
        again = client.post(f"{base}/deliveries/{ping.json['id']}/redeliver", headers=org["headers"])
        assert again.status_code == 202 and again.json["id"] != ping.json["id"]
        drain(app)
    assert receiver.types() == ["ping", "ping"]
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]
    detail = client.get(f"{base}/deliveries/{ping.json['id']}", headers=org["headers"]).json
    assert detail["status"] == "succeeded" and detail["payload"]["type"] == "ping"


def test_a_rolled_back_change_sends_nothing(client, app, org, event):
    with Receiver() as receiver:
        register(client, org, event, receiver.url)
        add_attendee(client, org, event, "eve@example.org")
        clash = client.post(f"/api/v1/events/{event['id']}/attendees",
                            json={"email": "eve@example.org", "send_invite": False}, headers=org["headers"])
        assert clash.status_code == 409
        drain(app)
    assert len(receiver.received) == 1


def test_rolled_secret_signs_next_to_the_old_one(client, app, org, event):
    with Receiver() as receiver:
        hook = register(client, org, event, receiver.url)
        rolled = client.post(f"/api/v1/events/{event['id']}/webhooks/{hook['id']}/secret", headers=org["headers"])
        assert rolled.status_code == 200 and rolled.json["secret"] != hook["secret"]
        add_attendee(client, org, event, "fay@example.org")
        drain(app)
    [got] = receiver.received
    for secret in (hook["secret"], rolled.json["secret"]):
        Webhook(secret).verify(got.body, got.headers)
    assert "secret" not in client.get(f"/api/v1/events/{event['id']}/webhooks/{hook['id']}",
                                      headers=org["headers"]).json


def test_payload_leaves_out_unshared_contact_fields_and_private_text(client, app, org, event):
    with Receiver() as receiver:
        register(client, org, event, receiver.url, types=["attendee.created"])
        add_attendee(client, org, event, "gil@example.org", display_name="Gil", phone="+351 900 000 000",
                     bio="private-ish", shared_fields=["email"])
        add_attendee(client, org, event, "hal@example.org", display_name="Hal", phone="+351 911 111 111",
                     shared_fields=[])
        drain(app)
    gil, hal = (r.json["data"] for r in receiver.received)
    assert gil["email"] == "gil@example.org" and "phone" not in gil
    assert "email" not in hal and "phone" not in hal
    for data in (gil, hal):
        assert not {"bio", "notes", "message", "shared_fields"} & set(data)
    assert json.dumps(gil).count("+351") == 0


def test_a_receiver_dripping_its_answer_is_cut_off_after_twice_the_timeout(client, app, org, event):
    import socket
    import threading
    import time

    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip():  # reads the request, then sends one byte of headers every 0.3 s (each read < 0.5 s timeout)
        conn, _ = server.accept()
        conn.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
            if stop.is_set():
                break
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.3)
        conn.close()

    threading.Thread(target=drip, daemon=True).start()
    app.config["RAPPORT_WEBHOOK_RETRY_BASE"] = 60.0  # one attempt in this drain, however slow the machine
    hook = register(client, org, event, f"http://127.0.0.1:{server.getsockname()[1]}/drip")
    add_attendee(client, org, event, "oli@example.org")
    started = time.monotonic()
    drain(app)
    took = time.monotonic() - started
    stop.set()
    server.close()
    [log] = client.get(f"/api/v1/events/{event['id']}/webhooks/{hook['id']}/deliveries",
                       headers=org["headers"]).json["items"]
    assert log["status"] == "pending" and log["error"].startswith("timed out") and log["attempts"] == 1
    assert took < 3  # 2 x 0.5 s plus the watchdog's tick, not the 30 s the drip would take
