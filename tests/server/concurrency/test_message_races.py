"""Messaging under truly concurrent requests: one message per client_id, one conversation per pair,
and one order that both people see."""
from __future__ import annotations

from server.extensions import db
from server.messages.models import Conversation, Message
from tests.server.concurrency.conftest import at_once, token
from tests.server.messages.builders import API, world


def _messages(app, conversation: int) -> list[str]:
    with app.app_context():
        return list(db.session.execute(db.select(Message.body).where(Message.conversation_id == conversation)
                                       .order_by(Message.id)).scalars())


def test_the_same_client_id_ten_times_at_once_sends_one_message(client, app, live):
    w = world(client, app)
    path = f"{API}/me/conversations/{w['conversation']}/messages"
    answers = at_once(live, [("POST", path, token(w["ana"]), {"text": "only once", "client_id": "retry-1"})] * 10)
    statuses = sorted(status for status, _, _ in answers)
    assert statuses == [200] * 9 + [201], answers  # one sends, the retries answer with that message
    assert len({body["id"] for _, _, body in answers}) == 1
    assert _messages(app, w["conversation"]) == ["only once"]


def test_both_sides_opening_at_once_make_one_conversation(client, app, live):
    w = world(client, app)
    with app.app_context():  # start again from no conversation
        db.session.execute(db.delete(Conversation))
        db.session.commit()
    body = {"connection_id": w["connection"]}
    answers = at_once(live, [("POST", f"{API}/me/conversations", token(w["ana"]), body),
                             ("POST", f"{API}/me/conversations", token(w["bo"]), body)] * 4)
    assert all(status in (200, 201) for status, _, _ in answers), answers
    assert len({b["id"] for _, _, b in answers}) == 1
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Conversation.id))).scalar_one() == 1


def test_two_people_writing_at_once_see_the_same_order(client, app, live):
    w = world(client, app)
    path = f"{API}/me/conversations/{w['conversation']}/messages"
    requests = [("POST", path, token(person), {"text": f"{name} {i}", "client_id": f"{name}-{i}"})
                for i in range(6) for name, person in (("ana", w["ana"]), ("bo", w["bo"]))]
    assert all(status == 201 for status, _, _ in at_once(live, requests))
    seen = {}
    for name in ("ana", "bo"):
        status, _, page = at_once(live, [("GET", f"{path}?limit=50", token(w[name]), None)])[0]
        assert status == 200
        seen[name] = [m["text"] for m in page["items"]]
    assert seen["ana"] == seen["bo"] == _messages(app, w["conversation"]) and len(seen["ana"]) == 12
