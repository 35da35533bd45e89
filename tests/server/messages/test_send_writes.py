"""What one send writes besides the message (one statement on PostgreSQL, one per write on SQLite):
the conversation's activity, the notification, the pushes the policy wants, sync's change marks;
and nothing at all when it is refused."""
from __future__ import annotations

import pytest
from sqlalchemy import func

from server.attendees.models import Attendee
from server.extensions import db
from server.connections.models import Connection as Link
from server.messages.models import Conversation, Message
from server.notifications.models import Notification
from server.push.models import PushMessage
from server.sync.models import SyncDirty
from tests.factories import create_event, join_event
from tests.server.messages.builders import API, ok, send, world


@pytest.fixture
def w(client, app):
    return world(client, app)


def _rows(app, model, **where):
    with app.app_context():
        return db.session.execute(db.select(model).filter_by(**where)).scalars().all()


def _device(client, person, token):
    ok(client.post(f"{API}/me/devices", headers=person["headers"], json={"platform": "fcm", "token": token}), 201)


def test_a_send_queues_the_recipients_pushes_through_the_policy(client, app, w):
    _device(client, w["bo"], "bo-phone")
    _device(client, w["bo"], "bo-tablet")
    ok(client.put(f"{API}/me/push-settings", headers=w["bo"]["headers"], json={"muted_kinds": [], "previews": True}))
    ok(send(client, w["ana"], w["conversation"], "Private words"), 201)
    pushes = _rows(app, PushMessage, kind="message_received")
    assert len(pushes) == 2 and {(p.payload["conversation_id"], p.payload["preview"]["display_name"],
                                  p.payload["count"]) for p in pushes} == {(w["conversation"], "Ana Sousa", 1)}
    assert "Private words" not in str([p.payload for p in pushes])
    ok(send(client, w["ana"], w["conversation"]), 201)  # a burst: one banner per device, counted
    assert sorted(p.payload["count"] for p in _rows(app, PushMessage, kind="message_received")) == [2, 2]
    ok(client.put(f"{API}/me/push-settings", headers=w["bo"]["headers"], json={"muted_kinds": ["message_received"]}))
    with app.app_context():
        db.session.execute(db.delete(PushMessage))
        db.session.commit()
    ok(send(client, w["ana"], w["conversation"]), 201)
    assert _rows(app, PushMessage) == []  # muted: the feed still has it
    assert len(_rows(app, Notification, kind="message_received")) == 3


def test_a_send_to_someone_without_devices_queues_no_push(client, app, w):
    _device(client, w["ana"], "ana-phone")  # the sender's own devices get nothing
    ok(send(client, w["ana"], w["conversation"]), 201)
    assert _rows(app, PushMessage) == []


def _sync(client, person, since=None):
    return ok(client.get(f"{API}/me/sync" + (f"?since={since}" if since else ""), headers=person["headers"]))


def test_a_send_writes_both_synced_apps_feeds_and_their_next_sync_shows_it(client, app, w):
    """The send writes around sync's listeners, so it hands them its rows: the conversation and the
    notification go into the feeds in the send's commit; only the author's due list waits for a mark."""
    since = {name: _sync(client, w[name])["next_since"] for name in ("ana", "bo")}
    sent = ok(send(client, w["ana"], w["conversation"], "See you at nine"), 201)
    with app.app_context():
        ana, bo = (db.session.get(Attendee, w[name]["id"]).account_id for name in ("ana", "bo"))
    assert [(m.account_id, m.scope) for m in _rows(app, SyncDirty)] == [(ana, "followup_due")]
    bo_items = _sync(client, w["bo"], since["bo"])["items"]
    assert any(i["type"] == "notification" and i["data"]["message_id"] == sent["id"] for i in bo_items), bo_items
    assert any(i["type"] == "conversation" for i in bo_items)
    assert any(i["type"] == "conversation" for i in _sync(client, w["ana"], since["ana"])["items"])


def _block(client, w):
    ok(client.post(f"{w['base']}/blocks", headers=w["bo"]["headers"], json={"attendee_id": w["ana"]["id"]}), 201)


def _suspend(client, w):
    ok(client.put(f"{w['base']}/messaging-suspensions/{w['ana']['id']}", headers=w["owner"]["headers"], json={}))


def _unconnect(client, w):
    with client.application.app_context():
        db.session.execute(db.delete(Link))
        db.session.commit()


def _rate(client, w):
    client.application.config["RAPPORT_MESSAGES_PER_MINUTE"] = 1


@pytest.mark.parametrize("refusal, status", [(_block, 404), (_suspend, 403), (_unconnect, 409), (_rate, 429)])
def test_a_refused_send_writes_nothing(client, app, w, refusal, status):
    for name in ("ana", "bo"):
        _sync(client, w[name])
    ok(send(client, w["ana"], w["conversation"]), 201)
    refusal(client, w)
    with app.app_context():
        db.session.execute(db.delete(SyncDirty))
        db.session.commit()
        before = [db.session.execute(db.select(func.count()).select_from(m)).scalar() for m in (Message, Notification)]
        activity = db.session.get(Conversation, w["conversation"]).last_message_id
    response = send(client, w["ana"], w["conversation"], "Refused")
    assert response.status_code == status and response.content_type == "application/problem+json"
    with app.app_context():
        after = [db.session.execute(db.select(func.count()).select_from(m)).scalar() for m in (Message, Notification)]
        assert after == before and db.session.get(Conversation, w["conversation"]).last_message_id == activity
    assert _rows(app, SyncDirty) == []


def test_a_sender_with_no_profile_at_the_conversations_event_is_named_by_their_newest(client, app, w):
    later = create_event(client, w["owner"]["headers"], name="Later summit")
    join_event(client, app, later, email=w["ana"]["account_email"], display_name="Ana at Later")
    ok(client.delete(f"{w['base']}/attendees/{w['ana']['id']}", headers=w["owner"]["headers"]), 204)
    response = send(client, w["ana"], w["conversation"], "Still me")
    sent = ok(response, 201)
    feed = ok(client.get(f"{API}/me/notifications", headers=w["bo"]["headers"]))["items"]
    names = [(n["data"]["message_id"], n["data"]["display_name"]) for n in feed if n["kind"] == "message_received"]
    assert names[-1] == (sent["id"], "Ana at Later")
