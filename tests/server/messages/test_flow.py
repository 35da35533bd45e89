"""The conversation lifecycle: open, send, page both ways, read receipts, unread counts, the list."""
from __future__ import annotations

import pytest

from tests.server.messages.builders import API, ok, send, world


@pytest.fixture
def w(client, app):
    return world(client, app)


def test_open_send_list_and_read(client, w):
    ana, bo, conv = w["ana"], w["bo"], w["conversation"]
    again = ok(client.post(f"{API}/me/conversations", headers=bo["headers"], json={"connection_id": w["connection"]}))
    assert again["id"] == conv and again["attendee"]["display_name"] == "Ana Sousa"
    sent = ok(send(client, ana, conv, "Hi Bo <b>not bold</b>"), 201)
    assert sent["text"] == "Hi Bo <b>not bold</b>" and sent["from_me"] is True
    listed = ok(client.get(f"{API}/me/conversations", headers=bo["headers"]))["items"]
    assert [(c["id"], c["unread"], c["last_message"]["preview"], c["attendee"]["display_name"]) for c in listed] == [
        (conv, 1, "Hi Bo <b>not bold</b>", "Ana Sousa")]
    assert "email" not in listed[0]["attendee"]
    state = ok(client.post(f"{API}/me/conversations/{conv}/read", headers=bo["headers"], json={"message_id": sent["id"]}))
    assert state == {"conversation_id": conv, "last_read_message_id": sent["id"], "unread": 0}
    mine = ok(client.get(f"{API}/me/conversations", headers=ana["headers"]))["items"][0]
    assert mine["unread"] == 0 and mine["last_message"]["mine"] is True


def test_paging_both_directions_in_a_stable_order(client, w):
    ana, bo, conv = w["ana"], w["bo"], w["conversation"]
    ids = [ok(send(client, ana if i % 2 else bo, conv, f"m{i}"), 201)["id"] for i in range(7)]
    url = f"{API}/me/conversations/{conv}/messages"
    newest = ok(client.get(f"{url}?limit=3", headers=ana["headers"]))
    assert [m["id"] for m in newest["items"]] == ids[4:] and newest["has_more"] is True
    older = ok(client.get(f"{url}?limit=3&before={ids[4]}", headers=ana["headers"]))
    assert [m["id"] for m in older["items"]] == ids[1:4] and older["has_more"] is True
    oldest = ok(client.get(f"{url}?limit=3&before={ids[1]}", headers=ana["headers"]))
    assert [m["id"] for m in oldest["items"]] == ids[:1] and oldest["has_more"] is False
    forward = ok(client.get(f"{url}?limit=4&after={ids[0]}", headers=bo["headers"]))
    assert [m["id"] for m in forward["items"]] == ids[1:5] and forward["has_more"] is True
    assert [m["text"] for m in ok(client.get(url, headers=bo["headers"]))["items"]] == [f"m{i}" for i in range(7)]


def test_conversation_list_newest_activity_first_with_cursor(client, app, w):
    from tests.server.messages.builders import connect
    from tests.factories import join_event
    ana = w["ana"]
    others = [join_event(client, app, w["event"], display_name=f"Person {i}") for i in range(3)]
    convs = []
    for person in others:
        connection = connect(client, w["base"], ana, person)
        convs.append(ok(client.post(f"{API}/me/conversations", headers=ana["headers"],
                                    json={"connection_id": connection}), 201)["id"])
    ok(send(client, ana, convs[0], "bump"), 201)
    first = client.get(f"{API}/me/conversations?limit=2", headers=ana["headers"])
    page = ok(first)
    assert [c["id"] for c in page["items"]] == [convs[0], convs[2]] and 'rel="next"' in first.headers["Link"]
    rest = ok(client.get(f"{API}/me/conversations?limit=2&cursor={page['next_cursor']}", headers=ana["headers"]))
    assert [c["id"] for c in rest["items"]] == [convs[1], w["conversation"]] and rest["next_cursor"] is None


def test_a_message_notifies_the_recipient(client, w):
    sent = ok(send(client, w["ana"], w["conversation"]), 201)
    feed = ok(client.get(f"{API}/me/notifications", headers=w["bo"]["headers"]))["items"]
    assert [(n["kind"], n["data"]["message_id"], n["data"]["display_name"]) for n in feed
            if n["kind"] == "message_received"] == [("message_received", sent["id"], "Ana Sousa")]


def test_the_same_client_id_sends_once(client, w):
    first = ok(send(client, w["ana"], w["conversation"], "once", client_id="dup-1"), 201)
    again = ok(send(client, w["ana"], w["conversation"], "once", client_id="dup-1"), 200)
    assert again["id"] == first["id"]
    other = send(client, w["ana"], w["conversation"], "different", client_id="dup-1")
    assert other.status_code == 409 and "client_id" in other.json["errors"]
    items = ok(client.get(f"{API}/me/conversations/{w['conversation']}/messages", headers=w["bo"]["headers"]))["items"]
    assert [m["text"] for m in items] == ["once"]


def test_idempotency_key_replays_the_send(client, w):
    headers = {**w["ana"]["headers"], "Idempotency-Key": "k-1"}
    body = {"text": "keyed", "client_id": "k-msg"}
    url = f"{API}/me/conversations/{w['conversation']}/messages"
    first = client.post(url, headers=headers, json=body)
    again = client.post(url, headers=headers, json=body)
    assert first.status_code == again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert first.json == again.json


def test_the_export_holds_both_sides_of_ones_conversations(client, w):
    ok(send(client, w["ana"], w["conversation"], "from Ana"), 201)
    ok(send(client, w["bo"], w["conversation"], "from Bo"), 201)
    archive = ok(client.get(f"{API}/me/export", headers=w["ana"]["headers"]))
    assert [(c["other"]["display_name"], [(m["text"], m["from_me"]) for m in c["messages"]])
            for c in archive["conversations"]] == [("Bo Lindqvist", [("from Ana", True), ("from Bo", False)])]
    assert ok(client.get(f"{API}/me/export", headers=w["cy"]["headers"]))["conversations"] == []


def test_the_inbox_answers_at_once_when_something_is_newer_else_waits(client, w):
    import time

    first = ok(client.get(f"{API}/me/inbox", headers=w["bo"]["headers"]))
    assert first["items"] == []
    sent = ok(send(client, w["ana"], w["conversation"], "news"), 201)
    started = time.monotonic()
    page = ok(client.get(f"{API}/me/inbox?after={first['cursor']}&wait=25", headers=w["bo"]["headers"]))
    assert time.monotonic() - started < 2
    assert [(m["id"], m["text"], m["from_me"]) for m in page["items"]] == [(sent["id"], "news", False)]
    started = time.monotonic()
    empty = ok(client.get(f"{API}/me/inbox?after={page['cursor']}&wait=1", headers=w["bo"]["headers"]))
    assert empty == {"items": [], "cursor": page["cursor"]} and 0.9 < time.monotonic() - started < 5
    cy = ok(client.get(f"{API}/me/inbox?after={first['cursor']}", headers=w["cy"]["headers"]))
    assert cy["items"] == []  # only one's own conversations
