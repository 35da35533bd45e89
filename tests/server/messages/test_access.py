"""Who may read or write a conversation: only its two people. Everyone else gets the answer an
unknown id gets (404), and never sees it in their list."""
from __future__ import annotations

import pytest

from tests.factories import create_event, join_event
from tests.server.messages.builders import API, connect, ok, send, world
from tests.snapshots import built_once


@pytest.fixture
def w(client, app):
    return built_once(app, lambda: build_w(client, app))


def build_w(client, app) -> dict:
    w = world(client, app)
    w["message"] = ok(send(client, w["ana"], w["conversation"], "Only for Bo"), 201)["id"]
    w["dee"] = join_event(client, app, w["event"], display_name="Dee Roy")
    other = create_event(client, w["owner"]["headers"], name="Other summit")
    w["eve"] = join_event(client, app, other, display_name="Eve Stranger")
    return w


def _caller(client, app, w, who: str) -> dict:
    if who == "organizer":
        return w["owner"]
    if who == "removed attendee":  # connected to Ana once, then removed from the event by the organizer
        dee = w["dee"]
        connect(client, w["base"], dee, w["ana"])
        ok(client.delete(f"{w['base']}/attendees/{dee['id']}", headers=w["owner"]["headers"]), 204)
        return dee
    if who == "bo, blocked by ana":
        ok(client.post(f"{w['base']}/blocks", headers=w["ana"]["headers"], json={"attendee_id": w["bo"]["id"]}), 201)
        return w["bo"]
    if who == "ana, after blocking bo":
        ok(client.post(f"{w['base']}/blocks", headers=w["ana"]["headers"], json={"attendee_id": w["bo"]["id"]}), 201)
        return w["ana"]
    return {"ana": w["ana"], "bo": w["bo"], "other attendee": w["cy"], "person of another event": w["eve"]}[who]


def _attempts(w) -> list[tuple[str, str, dict | None]]:
    conv = f"{API}/me/conversations/{w['conversation']}"
    return [("GET", conv, None), ("GET", f"{conv}/messages", None), ("GET", f"{conv}/messages?after=0", None),
            ("POST", f"{conv}/messages", {"text": "intruding", "client_id": "x-1"}),
            ("POST", f"{conv}/read", {"message_id": w["message"]}),
            ("POST", f"{API}/me/messages/{w['message']}/report", {"reason": "spam"})]


ALLOWED = {"ana": {200, 201}, "bo": {200, 201}}


@pytest.mark.parametrize("who", ["ana", "bo", "other attendee", "organizer", "person of another event",
                                 "removed attendee", "bo, blocked by ana", "ana, after blocking bo"])
def test_only_the_two_people_read_or_write(client, app, w, who):
    caller = _caller(client, app, w, who)
    for method, url, body in _attempts(w):
        if who == "ana" and url.endswith("/report"):
            continue  # her own message: 422, covered in the bad-input table
        response = client.open(url, method=method, headers=caller["headers"], json=body)
        if who in ALLOWED:
            assert response.status_code in ALLOWED[who], (who, method, url, response.json)
        else:
            assert response.status_code == 404, (who, method, url, response.status_code)
            assert response.content_type == "application/problem+json"
            assert "Only for Bo" not in response.get_data(as_text=True)
    listed = ok(client.get(f"{API}/me/conversations", headers=caller["headers"]))["items"]
    assert (w["conversation"] in [c["id"] for c in listed]) == (who in ALLOWED)
    inbox = ok(client.get(f"{API}/me/inbox?after=" + _cursor0(client, caller), headers=caller["headers"]))
    assert ("Only for Bo" in str(inbox)) == (who in ALLOWED)


def _cursor0(client, caller) -> str:
    from server.pagination import encode_cursor
    return encode_cursor(0)


def test_intruders_write_nothing(client, app, w):
    for who in ("other attendee", "organizer", "person of another event", "bo, blocked by ana"):
        caller = _caller(client, app, w, who)
        send(client, caller, w["conversation"], "intruding")
    ok(client.delete(f"{w['base']}/blocks/{w['bo']['id']}", headers=w["ana"]["headers"]), 204)
    items = ok(client.get(f"{API}/me/conversations/{w['conversation']}/messages", headers=w["bo"]["headers"]))["items"]
    assert [m["text"] for m in items] == ["Only for Bo"]


@pytest.mark.parametrize("who", ["other attendee", "organizer", "person of another event"])
def test_a_conversation_cannot_be_opened_on_someone_elses_connection(client, app, w, who):
    response = client.post(f"{API}/me/conversations", headers=_caller(client, app, w, who)["headers"],
                           json={"connection_id": w["connection"]})
    assert response.status_code == 404 and "connection_id" in response.json["errors"]


def test_a_block_closes_it_for_both_and_unblocking_does_not_bring_history_back_for_the_blocker(client, w):
    ana, bo, conv, base = w["ana"], w["bo"], w["conversation"], w["base"]
    ok(client.post(f"{base}/blocks", headers=bo["headers"], json={"attendee_id": ana["id"]}), 201)
    for person in (ana, bo):
        assert client.get(f"{API}/me/conversations/{conv}", headers=person["headers"]).status_code == 404
    ok(client.delete(f"{base}/blocks/{ana['id']}", headers=bo["headers"]), 204)
    url = f"{API}/me/conversations/{conv}/messages"
    assert [m["text"] for m in ok(client.get(url, headers=ana["headers"]))["items"]] == ["Only for Bo"]
    assert ok(client.get(url, headers=bo["headers"]))["items"] == []  # hidden from the blocker for good
    refused = send(client, ana, conv, "still there?")
    assert refused.status_code == 409 and "conversation_id" in refused.json["errors"]  # no longer connected
    token = ok(client.get(f"{base}/attendees/me/qr", headers=bo["headers"]))["token"]
    ok(client.post(f"{base}/connections/scan", headers=ana["headers"], json={"token": token}), 201)  # met again
    ok(send(client, ana, conv, "hello again"), 201)
    assert [m["text"] for m in ok(client.get(url, headers=bo["headers"]))["items"]] == ["hello again"]
    assert [m["text"] for m in ok(client.get(url, headers=ana["headers"]))["items"]] == ["Only for Bo", "hello again"]


def test_a_conversation_survives_the_event_and_continues_at_a_later_one(client, app, w):
    later = create_event(client, w["owner"]["headers"], name="Next year")
    ok(client.delete(f"{w['base']}/attendees/{w['bo']['id']}", headers=w["owner"]["headers"]), 204)
    ok(client.post(f"{API}/events/join", headers=w["bo"]["headers"], json={"join_code": later["join_code"]}), 201)
    ok(send(client, w["bo"], w["conversation"], "See you next year"), 201)
    items = ok(client.get(f"{API}/me/conversations", headers=w["ana"]["headers"]))["items"]
    assert [(c["id"], c["last_message"]["preview"]) for c in items] == [(w["conversation"], "See you next year")]
