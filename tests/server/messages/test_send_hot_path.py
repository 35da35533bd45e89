"""The send's hot path checks the token in its own statement and skips marshmallow for plainly valid
bodies: every answer stays what the sign-in and the schemas gave before, and a refused send writes nothing."""
from __future__ import annotations

import logging
from datetime import timedelta

import marshmallow as ma
import pytest

from server.accounts.models import Account, AuthToken
from server.extensions import db
from server.messages import schemas
from server.messages.models import Message
from server.notifications.models import Notification
from server.sync.models import SyncItem
from server.types import utcnow
from tests.factories import bearer
from tests.server.messages.builders import API, ok, send, world
from tests.snapshots import built_once


@pytest.fixture
def w(client, app):
    return built_once(app, lambda: world(client, app))


def _written(app) -> tuple[int, int]:
    with app.app_context():
        return tuple(db.session.execute(db.select(db.func.count()).select_from(m)).scalar_one()
                     for m in (Message, Notification))


def _expire_tokens(app, email: str, **values) -> None:
    with app.app_context():
        account_id = db.session.execute(db.select(Account.id).where(Account.email == email)).scalar_one()
        db.session.execute(db.update(AuthToken).where(AuthToken.account_id == account_id).values(**values))
        db.session.commit()


TOKENS = ["no token", "unknown token", "signed out", "expired", "too long", "unknown token, unknown conversation"]


@pytest.mark.parametrize("case", TOKENS)
def test_a_refused_token_gets_the_401_every_endpoint_answers_and_writes_nothing(client, app, w, case):
    headers, conversation = dict(w["ana"]["headers"]), w["conversation"]
    if case == "no token":
        headers = {}
    elif case.startswith("unknown token"):
        headers = bearer("x" * 43)
    elif case == "too long":
        headers = bearer("y" * 201)
    elif case == "signed out":
        assert client.post(f"{API}/auth/logout", headers=headers).status_code == 204
    else:
        _expire_tokens(app, w["ana"]["email"], expires_at=utcnow() - timedelta(seconds=1))
    if case.endswith("unknown conversation"):
        conversation = 987654
    before = _written(app)
    response = client.post(f"{API}/me/conversations/{conversation}/messages", headers=headers,
                           json={"text": "Hello?", "client_id": "refused"})
    elsewhere = client.get(f"{API}/me/conversations", headers=headers)
    assert response.status_code == 401 and response.content_type == "application/problem+json"
    assert response.json == elsewhere.json
    assert response.headers["WWW-Authenticate"] == elsewhere.headers["WWW-Authenticate"]
    assert _written(app) == before


def test_a_bad_body_is_answered_before_the_token_as_before(client, w):
    response = client.post(f"{API}/me/conversations/{w['conversation']}/messages", json={"text": ""})
    assert response.status_code == 422 and set(response.json["errors"]) == {"text", "client_id"}


def test_the_request_log_names_the_sender(client, w, caplog):
    caplog.set_level(logging.INFO, logger="rapport.request")
    sent = ok(send(client, w["ana"], w["conversation"]), 201)
    line = [r.fields for r in caplog.records if r.name == "rapport.request"][-1]
    assert line["status"] == 201 and line["account_id"] == w["ana"]["account_id"] and sent["from_me"] is True


def test_the_answer_is_the_schemas_dump_of_the_stored_message(client, app, w):
    sent = ok(send(client, w["ana"], w["conversation"], "Ünïcode ✓ and a\nline break"), 201)
    with app.app_context():
        stored = db.session.get(Message, sent["id"])
        assert sent == schemas.MessageSchema().dump({"message": stored, "from_me": True})
    assert ok(send(client, w["ana"], w["conversation"], "Ünïcode ✓ and a\nline break", sent["client_id"])) == sent


BODIES = [
    {"text": "hi", "client_id": "a"}, {"text": "é" * 2000, "client_id": "c" * 64}, {"text": "tab\tok\r\n", "client_id": "a"},
    {"text": "", "client_id": "a"}, {"text": " \n", "client_id": "a"}, {"text": "x" * 2001, "client_id": "a"},
    {"text": "bell \x07", "client_id": "a"}, {"text": "del \x7f", "client_id": "a"}, {"text": 42, "client_id": "a"},
    {"text": None, "client_id": "a"}, {"text": "hi", "client_id": 7}, {"text": "hi", "client_id": ""},
    {"text": "hi", "client_id": "c" * 65}, {"text": "hi"}, {"client_id": "a", "html": "<b>"},
    {"text": "hi", "client_id": "a", "html": "<b>"}, ["text", "client_id"], "text", None, {},
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_the_fast_parse_accepts_only_what_the_schema_loads_unchanged(body):
    fast = schemas.plainly_valid_send(body)
    try:
        loaded = schemas.SendSchema().load(body)
    except ma.ValidationError:
        assert fast is None
    else:
        assert fast in (None, loaded)


def test_a_send_to_someone_who_synced_still_reaches_their_feed(client, app, w):
    ok(client.get(f"{API}/me/sync", headers=w["bo"]["headers"]))
    sent = ok(send(client, w["ana"], w["conversation"], "For your feed"), 201)
    with app.app_context():
        kinds = set(db.session.execute(db.select(SyncItem.kind).where(
            SyncItem.account_id == w["bo"]["account_id"], SyncItem.key.in_([w["conversation"]]))).scalars())
        notified = db.session.execute(db.select(Notification.id).where(
            Notification.account_id == w["bo"]["account_id"]).order_by(Notification.id.desc())).scalars().first()
        feed = set(db.session.execute(db.select(SyncItem.key).where(
            SyncItem.account_id == w["bo"]["account_id"], SyncItem.kind == "notification")).scalars())
    assert "conversation" in kinds and notified in feed and sent["text"] == "For your feed"
