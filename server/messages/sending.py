"""Sending a message, the hot path of messaging: as few statements as the database allows.

On PostgreSQL one statement decides and writes everything (data-modifying CTEs): the checks, the
message (once per client_id), the conversation's activity and the recipient's notification, so a send
is sign-in, that statement, sync's look-up of who of the two has synced, and COMMIT. The writes are
handed to sync's commit hook (`tracking.note_written`), which the statement goes around. Only a
recipient with devices costs more: their pushes are queued by `server.push.outbox` (the one push
policy) in the same transaction.
SQLite cannot write in a CTE: there the checks, then each write, are statements of their own (so is
PostgreSQL's rare send by someone with no profile at the conversation's event, whose card is looked up).
The statements are built once per dialect and run with parameters.
"""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from flask import current_app
from sqlalchemy import Integer, String, Text, and_, bindparam, case, exists, func, literal, select, true, update
from sqlalchemy.exc import IntegrityError

from server import access
from server.accounts.models import Account
from server.attendees.models import Attendee
from server.errors import Conflict, Forbidden
from server.extensions import db
from server.messages import cards, service, wakeup
from server.messages.models import Conversation, ConversationMember, Message, MessagingSuspension
from server.notifications.models import Notification
from server.push import outbox as push_outbox
from server.push.models import Device
from server.sync import tracking
from server.types import UTCDateTime, utcnow

KIND = "message_received"
_TYPES = {"me": Integer, "conversation_id": Integer, "client_id": String, "text": Text, "now": UTCDateTime,
          "since": UTCDateTime, "per_minute": Integer, "message_id": Integer, "attendee_id": Integer,
          "display_name": String, "other": Integer, "event_id": Integer}
_WRITTEN = ("conversation_id", "message_id", "attendee_id", "display_name", "other", "event_id")
_built: dict[str, SimpleNamespace] = {}


def _p(name: str):
    return bindparam(name, type_=_TYPES[name])


def _checks():
    """One row per send: the conversation's parties and why sending is refused (NULL: it is not)."""
    low, high = Conversation.account_low_id, Conversation.account_high_id
    other = case((low == _p("me"), high), else_=low)
    erased = select(Account.erased_at).where(Account.id == other).scalar_subquery()
    suspended = select(MessagingSuspension.id).where(MessagingSuspension.event_id == Conversation.event_id,
                                                     MessagingSuspension.account_id == _p("me")).exists()
    recent = select(func.count(Message.id)).where(Message.sender_account_id == _p("me"),
                                                  Message.created_at > _p("since")).scalar_subquery()
    refused = case((access.blocked_either_sql(low, high), "unknown"), (erased.is_not(None), "erased"),
                   (~access.connected_sql(low, high), "not_connected"), (suspended, "suspended"),
                   (recent >= _p("per_minute"), "rate"), else_=None)
    sent = select(Message.id).where(Message.conversation_id == Conversation.id, Message.sender_account_id == _p("me"),
                                    Message.client_id == _p("client_id")).scalar_subquery()
    devices = select(Device.id).where(Device.account_id == other).exists()
    return (select(Conversation.id, Conversation.event_id, low, high, other.label("other"), refused.label("refused"),
                   sent.label("sent_id"), Attendee.id.label("attendee_id"), Attendee.display_name,
                   devices.label("has_devices"))
            .join(ConversationMember, and_(ConversationMember.conversation_id == Conversation.id,
                                           ConversationMember.account_id == _p("me")))
            .outerjoin(Attendee, and_(Attendee.event_id == Conversation.event_id, Attendee.account_id == _p("me")))
            .where(Conversation.id == _p("conversation_id")))


def _message_insert(source):
    """INSERT of the message; `source` selects its conversation id. (Not the dialects' ON CONFLICT
    inserts: SQLAlchemy caches no statement holding one, and compiling this one costs more than a send.)"""
    return db.insert(Message).from_select(
        ["conversation_id", "sender_account_id", "client_id", "body", "created_at"],
        source.add_columns(_p("me"), _p("client_id"), _p("text"), _p("now"))).returning(Message.id)


def _follow_ups(v: dict[str, Any], json_object, guard=None) -> list:
    """What a new message changes besides itself; `v` holds SQL for the written values."""
    guarded = () if guard is None else (guard,)
    activity = update(Conversation).where(Conversation.id == v["conversation_id"], *guarded).values(
        last_activity_at=_p("now"), last_message_id=case(
            (Conversation.last_message_id < v["message_id"], v["message_id"]), else_=Conversation.last_message_id))
    data = json_object("conversation_id", v["conversation_id"], "message_id", v["message_id"],
                       "attendee_id", v["attendee_id"], "display_name", v["display_name"])
    notification = db.insert(Notification).from_select(
        ["account_id", "event_id", "kind", "data", "created_at"],
        select(v["other"], v["event_id"], literal(KIND), data, _p("now")).where(*guarded)).returning(Notification.id)
    return [activity, notification]


def _all_in_one(checks):
    """PostgreSQL: checks and writes in one statement; the writes happen only when the checks pass
    and the sender has a profile at the conversation's event (the notification shows it)."""
    s = checks.cte("s")
    ready = and_(s.c.refused.is_(None), s.c.sent_id.is_(None), s.c.attendee_id.is_not(None))
    m = _message_insert(select(s.c.id).where(ready)).cte("m")
    v = {k: select(s.c[k]).scalar_subquery() for k in ("other", "event_id", "attendee_id", "display_name")}
    v.update(conversation_id=_p("conversation_id"), message_id=select(m.c.id).scalar_subquery())
    activity, notification = [w.cte(f"w{i}") for i, w in enumerate(
        _follow_ups(v, func.json_build_object, exists(select(m.c.id))))]
    return (select(s, m.c.id.label("message_id"), select(notification.c.id).scalar_subquery().label("notification_id"))
            .select_from(s.outerjoin(m, true())).add_cte(activity, notification))


def _statements() -> SimpleNamespace:
    name = db.session.get_bind().dialect.name
    if name not in _built:
        pg = name == "postgresql"
        plain = _follow_ups({k: _p(k) for k in _WRITTEN}, func.json_build_object if pg else func.json_object)
        checks = _checks()
        _built[name] = SimpleNamespace(checks=checks, all_in_one=_all_in_one(checks) if pg else None, follow_ups=plain,
                                       insert=_message_insert(select(_p("conversation_id"))))
    return _built[name]


_REFUSALS = {
    "erased": lambda _: Conflict("They deleted their account.",
                                 errors={"conversation_id": ["They deleted their account."]}),
    "not_connected": lambda _: Conflict("You are no longer connected.", errors={"conversation_id": ["Not connected."]}),
    "suspended": lambda _: Forbidden("The organizers suspended your messaging for this event.",
                                     errors={"conversation_id": ["Messaging suspended."]}),
    "rate": lambda n: service.rate_limited("text", f"You sent {n} messages in the last minute; wait a little.",
                                           f"At most {n} messages a minute."),
}


def _same_client_id(account_id: int, conversation_id: int, client_id: str, text: str) -> Message | None:
    sent = db.session.execute(db.select(Message).where(
        Message.conversation_id == conversation_id, Message.sender_account_id == account_id,
        Message.client_id == client_id)).scalar_one_or_none()
    if sent is not None and sent.body != text:
        raise Conflict("This client_id was used for a different message.",
                       errors={"client_id": ["Already used for a different message."]})
    return sent


def _write_step_by_step(built, connection, row, params: dict[str, Any], sender: tuple) -> tuple[int, int]:
    """The writes one statement at a time (SQLite; a sender with no profile at the event): the ids of
    the message and of the notification."""
    message_id = connection.execute(built.insert, params).scalar_one()
    written = {**params, "message_id": message_id, "attendee_id": sender[0], "display_name": sender[1],
               "other": row.other, "event_id": row.event_id}
    activity, notification = built.follow_ups
    connection.execute(activity, written)
    return message_id, connection.execute(notification, written).scalar_one()


def _hand_to_sync(row, *, account_id: int, conversation_id: int, notification_id: int) -> None:
    """What sync's listeners would have seen had the writes gone through the ORM."""
    session = db.session()
    tracking.note_written(session, Conversation.__tablename__, SimpleNamespace(
        id=conversation_id, account_low_id=row.account_low_id, account_high_id=row.account_high_id))
    tracking.note_written(session, Notification.__tablename__, SimpleNamespace(id=notification_id,
                                                                               account_id=row.other))
    tracking.note_written(session, Message.__tablename__, SimpleNamespace(sender_account_id=account_id))


def _sender(row, account_id: int) -> tuple[int | None, str]:
    """Who the notification names: the profile at the conversation's event, else the newest."""
    if row.attendee_id is not None:
        return row.attendee_id, row.display_name
    card = cards.card(account_id, None)
    return card.id, card.display_name


def _decide_and_write(built, params: dict[str, Any]):
    """(checks row, (new message id, notification id), sender), or (row, None, None) when the client_id
    was used before."""
    connection = db.session.connection()
    row = connection.execute(built.checks if built.all_in_one is None else built.all_in_one, params).first()
    if row is None or row.refused == "unknown":
        raise service.unknown_conversation()
    if row.sent_id is not None:
        return row, None, None
    if row.refused is not None:
        raise _REFUSALS[row.refused](params["per_minute"])
    sender = _sender(row, params["me"])
    if built.all_in_one is not None and row.attendee_id is not None:
        return row, (row.message_id, row.notification_id), sender
    return row, _write_step_by_step(built, connection, row, params, sender), sender


def send(*, account: Account, conversation_id: int, text: str, client_id: str) -> tuple[Any, bool]:
    """Send a message; the same client_id again returns the first message (False: not new)."""
    built, now, account_id = _statements(), utcnow(), account.id
    params = {"me": account_id, "conversation_id": conversation_id, "client_id": client_id, "text": text,
              "now": now, "since": now - timedelta(minutes=1),
              "per_minute": current_app.config["RAPPORT_MESSAGES_PER_MINUTE"]}
    try:
        row, written, sender = _decide_and_write(built, params)
    except IntegrityError:
        # The same client_id at the same moment (a retry racing the original): the first stands. The
        # message is the statement's first write, so the rollback loses nothing else.
        db.session.rollback()
        first = _same_client_id(account_id, conversation_id, client_id, text)
        if first is None:  # no such message: the conversation itself went (an erasure) during the send
            raise service.unknown_conversation()
        return first, False
    if written is None:
        return _same_client_id(account_id, conversation_id, client_id, text), False
    message_id, notification_id = written
    _hand_to_sync(row, account_id=account_id, conversation_id=conversation_id, notification_id=notification_id)
    if row.has_devices:
        push_outbox.enqueue(account_ids=[row.other], event_id=row.event_id, kind=KIND, data={
            "conversation_id": conversation_id, "message_id": message_id, "attendee_id": sender[0],
            "display_name": sender[1]})
    service.commit_keeping_loaded()
    wakeup.announce([row.other, account_id])
    return SimpleNamespace(id=message_id, conversation_id=conversation_id, sender_account_id=account_id,
                           client_id=client_id, body=text, created_at=now), True
