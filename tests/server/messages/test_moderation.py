"""Reports go to the organizers of the event where the two met; they see the message and its sender
only; resolving tells the reporter; a suspension stops sending in conversations begun at that event."""
from __future__ import annotations

import pytest

from tests.factories import create_event, signup_organizer
from tests.server.messages.builders import API, ok, send, world


@pytest.fixture
def w(client, app):
    w = world(client, app)
    ok(send(client, w["ana"], w["conversation"], "Private context Bo shared"), 201)
    w["bad"] = ok(send(client, w["bo"], w["conversation"], "Buy my crypto now"), 201)["id"]
    return w


def test_report_and_suspend(client, w):
    ana, bo, owner, base = w["ana"], w["bo"], w["owner"], w["base"]
    report = ok(client.post(f"{API}/me/messages/{w['bad']}/report", headers=ana["headers"], json={"reason": "spam"}), 201)
    again = ok(client.post(f"{API}/me/messages/{w['bad']}/report", headers=ana["headers"], json={"reason": "spam"}))
    assert again["id"] == report["id"]
    listed = ok(client.get(f"{base}/message-reports", headers=owner["headers"]))["items"]
    assert [(r["message"]["text"], r["sender"]["display_name"], r["reason"]) for r in listed] == [
        ("Buy my crypto now", "Bo Lindqvist", "spam")]
    body = str(listed)
    assert "Private context" not in body and "Ana" not in body  # nothing else of the conversation, not the reporter
    resolved = ok(client.post(f"{base}/message-reports/{report['id']}/resolve", headers=owner["headers"],
                              json={"outcome": "suspended"}))
    assert resolved["status"] == "suspended"
    refused = send(client, bo, w["conversation"], "more crypto")
    assert refused.status_code == 403 and "conversation_id" in refused.json["errors"]
    kinds = [n["kind"] for n in ok(client.get(f"{API}/me/notifications", headers=ana["headers"]))["items"]]
    assert "message_report_resolved" in kinds
    assert "messaging_suspended" in [n["kind"] for n in ok(client.get(f"{API}/me/notifications",
                                                                       headers=bo["headers"]))["items"]]
    twice = client.post(f"{base}/message-reports/{report['id']}/resolve", headers=owner["headers"],
                        json={"outcome": "dismissed"})
    assert twice.status_code == 409
    ok(client.delete(f"{base}/messaging-suspensions/{bo['id']}", headers=owner["headers"]), 204)
    ok(send(client, bo, w["conversation"], "sorry"), 201)


def test_organizers_suspend_directly_and_lift(client, w):
    base, owner, bo = w["base"], w["owner"], w["bo"]
    ok(client.put(f"{base}/messaging-suspensions/{bo['id']}", headers=owner["headers"], json={"reason": "flood"}))
    assert send(client, bo, w["conversation"]).status_code == 403
    ok(send(client, w["ana"], w["conversation"]), 201)  # the other side still writes
    ok(client.delete(f"{base}/messaging-suspensions/{bo['id']}", headers=owner["headers"]), 204)
    assert client.delete(f"{base}/messaging-suspensions/{bo['id']}", headers=owner["headers"]).status_code == 404


@pytest.mark.parametrize("who,status", [("attendee", 403), ("other organizer", 404), ("anonymous", 401)])
def test_only_the_events_organizers_moderate(client, w, who, status):
    report = ok(client.post(f"{API}/me/messages/{w['bad']}/report", headers=w["ana"]["headers"], json={}), 201)
    if who == "other organizer":
        stranger = signup_organizer(client)
        create_event(client, stranger["headers"])
        headers = stranger["headers"]
    else:
        headers = w["cy"]["headers"] if who == "attendee" else {}
    base = w["base"]
    for method, url, body in [("GET", f"{base}/message-reports", None),
                              ("POST", f"{base}/message-reports/{report['id']}/resolve", {"outcome": "dismissed"}),
                              ("PUT", f"{base}/messaging-suspensions/{w['bo']['id']}", {}),
                              ("DELETE", f"{base}/messaging-suspensions/{w['bo']['id']}", None)]:
        response = client.open(url, method=method, headers=headers, json=body)
        assert response.status_code == status, (who, method, url, response.json)
        assert "crypto" not in response.get_data(as_text=True)
    assert send(client, w["bo"], w["conversation"]).status_code == 201
