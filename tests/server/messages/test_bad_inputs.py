"""Bad input gets a 4xx problem+json naming the field, never a 5xx, and writes nothing."""
from __future__ import annotations

import pytest

from server.extensions import db
from server.messages.models import Conversation, Message, MessageReport
from tests.factories import join_event
from tests.server.messages.builders import API, connect, ok, send, world
from tests.snapshots import built_once


@pytest.fixture
def w(client, app):
    return built_once(app, lambda: build_w(client, app))


def build_w(client, app) -> dict:
    w = world(client, app)
    w["mine"] = ok(send(client, w["ana"], w["conversation"], "first"), 201)["id"]
    return w


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.execute(db.select(db.func.count()).select_from(m)).scalar_one()
                     for m in (Message, Conversation, MessageReport))


SEND = [
    ({"text": "", "client_id": "a"}, 422, "text"),
    ({"text": "   \n ", "client_id": "a"}, 422, "text"),
    ({"text": "x" * 2001, "client_id": "a"}, 422, "text"),
    ({"text": "nul \x00 here", "client_id": "a"}, 422, "text"),
    ({"text": "bell \x07", "client_id": "a"}, 422, "text"),
    ({"text": 42, "client_id": "a"}, 422, "text"),
    ({"text": "hi"}, 422, "client_id"),
    ({"text": "hi", "client_id": ""}, 422, "client_id"),
    ({"text": "hi", "client_id": "c" * 65}, 422, "client_id"),
    ({"text": "hi", "client_id": "a", "html": "<b>"}, 422, "html"),
]


@pytest.mark.parametrize("body,status,field", SEND)
def test_bad_message_bodies(client, app, w, body, status, field):
    before = _counts(app)
    response = client.post(f"{API}/me/conversations/{w['conversation']}/messages", headers=w["ana"]["headers"], json=body)
    assert response.status_code == status and response.content_type == "application/problem+json", response.json
    assert field in response.json["errors"]
    assert _counts(app) == before


def test_2000_characters_is_fine(client, w):
    assert ok(send(client, w["ana"], w["conversation"], "é" * 2000), 201)["text"] == "é" * 2000


CASES = [
    ("unknown conversation", "POST", "/me/conversations/987654/messages", {"text": "hi", "client_id": "z"}, 404,
     "conversation_id"),
    ("id past the column", "GET", "/me/conversations/99999999999/messages", None, 404, None),
    ("unknown connection", "POST", "/me/conversations", {"connection_id": 987654}, 404, "connection_id"),
    ("connection id not an int", "POST", "/me/conversations", {"connection_id": "1"}, 422, "connection_id"),
    ("someone not connected", "POST", "/me/conversations", {"connection_id": "{cy_connection}"}, 404, "connection_id"),
    ("read an unknown message", "POST", "/me/conversations/{conv}/read", {"message_id": 987654}, 404, "message_id"),
    ("read without id", "POST", "/me/conversations/{conv}/read", {}, 422, "message_id"),
    ("before not a number", "GET", "/me/conversations/{conv}/messages?before=abc", None, 422, "before"),
    ("limit too big", "GET", "/me/conversations/{conv}/messages?limit=201", None, 422, "limit"),
    ("bad list cursor", "GET", "/me/conversations?cursor=garbage", None, 422, "cursor"),
    ("bad inbox cursor", "GET", "/me/inbox?after=garbage", None, 422, "cursor"),
    ("wait too long", "GET", "/me/inbox?after=x&wait=26", None, 422, "wait"),
    ("report own message", "POST", "/me/messages/{mine}/report", {"reason": "x"}, 422, "message_id"),
    ("report unknown message", "POST", "/me/messages/987654/report", {}, 404, "message_id"),
    ("report reason too long", "POST", "/me/messages/{mine}/report", {"reason": "r" * 501}, 422, "reason"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_requests(client, app, w, case):
    _, method, path, body, status, field = case
    cy_pair = connect(client, w["base"], w["cy"], w["bo"])  # a connection Ana is not part of
    values = {"conv": w["conversation"], "mine": w["mine"], "cy_connection": cy_pair}
    path = path.format(**values)
    if body and body.get("connection_id") == "{cy_connection}":
        body = {"connection_id": cy_pair}
    before = _counts(app)
    response = client.open(f"{API}{path}", method=method, headers=w["ana"]["headers"], json=body)
    assert response.status_code == status and response.content_type == "application/problem+json", response.json
    if field:
        assert field in response.json["errors"], response.json
    assert _counts(app) == before


def test_blocked_people_cannot_write(client, app, w):
    ok(client.post(f"{w['base']}/blocks", headers=w["bo"]["headers"], json={"attendee_id": w["ana"]["id"]}), 201)
    before = _counts(app)
    response = send(client, w["ana"], w["conversation"], "hello?")
    assert response.status_code == 404 and "conversation_id" in response.json["errors"]
    assert _counts(app) == before


class TestLimits:
    @pytest.fixture
    def app_overrides(self):
        return {"MESSAGES_PER_MINUTE": 3, "NEW_CONVERSATIONS_PER_DAY": 1}

    def test_messages_per_minute(self, client, app, w):
        ok(send(client, w["ana"], w["conversation"]), 201)
        ok(send(client, w["ana"], w["conversation"]), 201)
        before = _counts(app)
        refused = send(client, w["ana"], w["conversation"])
        assert refused.status_code == 429 and "text" in refused.json["errors"] and refused.headers["Retry-After"]
        assert _counts(app) == before
        ok(send(client, w["bo"], w["conversation"]), 201)  # per sender

    def test_new_conversations_per_day(self, client, app, w):
        dee = join_event(client, app, w["event"], display_name="Dee Roy")
        connection = connect(client, w["base"], w["ana"], dee)
        before = _counts(app)
        refused = client.post(f"{API}/me/conversations", headers=w["ana"]["headers"], json={"connection_id": connection})
        assert refused.status_code == 429 and "connection_id" in refused.json["errors"]
        assert _counts(app) == before
        ok(client.post(f"{API}/me/conversations", headers=dee["headers"], json={"connection_id": connection}), 201)
