"""Sending a message, the hot path of messaging: as few statements as the database allows.

On PostgreSQL a send is one statement and COMMIT: the statement (`send_statements`) checks the token,
decides and writes the message (once per client_id), the conversation's activity and the recipient's
notification. When either person has ever synced, the writes are handed to sync's commit hook
(`tracking.note_written`), which the statement goes around; when nobody has (the statement says so),
that hook has nothing to write and is not asked. Only a recipient with devices costs more: their
pushes are queued by `server.push.outbox` (the one push policy) in the same transaction.
SQLite cannot write in a CTE: there the token and the checks are one SELECT, each write one statement.
"""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from flask import current_app
from sqlalchemy.exc import IntegrityError

from server.accounts import service as accounts_service
from server.errors import Conflict, Forbidden
from server.extensions import db
from server.messages import cards, send_statements, service, wakeup
from server.messages.models import Conversation, Message
from server.notifications.models import Notification
from server.push import outbox as push_outbox
from server.sync import tracking

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
    params = {**params, "me": row.account_id}
    message_id = connection.execute(built.insert, params).scalar_one()
    written = {**params, "message_id": message_id, "attendee_id": sender[0], "display_name": sender[1],
               "other": row.other, "event_id": row.event_id}
    activity, notification = built.follow_ups
    connection.execute(activity, written)
    return message_id, connection.execute(notification, written).scalar_one()


def _hand_to_sync(row, *, conversation_id: int, notification_id: int) -> None:
    """What sync's listeners would have seen had the writes gone through the ORM."""
    session = db.session()
    tracking.note_written(session, Conversation.__tablename__, SimpleNamespace(
        id=conversation_id, account_low_id=row.account_low_id, account_high_id=row.account_high_id))
    tracking.note_written(session, Notification.__tablename__, SimpleNamespace(id=notification_id,
                                                                               account_id=row.other))
    tracking.note_written(session, Message.__tablename__, SimpleNamespace(sender_account_id=row.account_id))


def _sender(row) -> tuple[int | None, str]:
    """Who the notification names: the profile at the conversation's event, else the newest."""
    if row.attendee_id is not None:
        return row.attendee_id, row.display_name
    card = cards.card(row.account_id, None)
    return card.id, card.display_name


def _checked(row, params: dict[str, Any]) -> bool:
    """Whether the checks row allows a new message (False: the client_id was used before); raises refusals."""
    if row.id is None or row.refused == "unknown":
        raise service.unknown_conversation()
    if row.sent_id is not None:
        return False
    if row.refused is not None:
        raise _REFUSALS[row.refused](params["per_minute"])
    return True


def _decide_and_write(built, params: dict[str, Any]):
    """(checks row, (new message id, notification id) or None when the client_id was used before, sender),
    or None when the token is refused."""
    connection = db.session.connection()
    row = connection.execute(built.checks if built.all_in_one is None else built.all_in_one, params).first()
    if row is None:
        return None
    if not _checked(row, params):
        return row, None, None
    sender = _sender(row)
    if built.all_in_one is not None and row.attendee_id is not None:
        return row, (row.message_id, row.notification_id), sender
    return row, _write_step_by_step(built, connection, row, params, sender), sender


def _first_of_race(built, params: dict[str, Any]) -> Message | None:
    """After losing a race on the client_id (rolled back): the first message, read with the checks again."""
    row = db.session.execute(built.checks, params).first()
    if row is None:
        return None
    if row.id is None or row.sent_id is None:  # the conversation itself went (an erasure) during the send
        raise service.unknown_conversation()
    return _same_client_id(row.account_id, params["conversation_id"], params["client_id"], params["text"])


def send(*, access_token: str, conversation_id: int, text: str, client_id: str) -> tuple[Any, bool] | None:
    """Send a message as the owner of a live access token; the same client_id again returns the first
    message (False: not new); None when the token is refused (nothing written)."""
    built = send_statements.built()
    params = accounts_service.token_parameters(access_token)
    now = params["now"]
    params.update(conversation_id=conversation_id, client_id=client_id, text=text, since=now - timedelta(minutes=1),
                  per_minute=current_app.config["RAPPORT_MESSAGES_PER_MINUTE"])
    try:
        decided = _decide_and_write(built, params)
    except IntegrityError:
        # The same client_id at the same moment (a retry racing the original): the first stands. The
        # message is the statement's first write, so the rollback loses nothing else.
        db.session.rollback()
        first = _first_of_race(built, params)
        return None if first is None else (first, False)
    if decided is None:
        return None
    row, written, sender = decided
    if written is None:
        return _same_client_id(row.account_id, conversation_id, client_id, text), False
    message_id, notification_id = written
    # Who has synced is read by the statement, not just before COMMIT as the hook reads it: a first sync
    # that begins in between misses this send either way (the window is the same, a little longer).
    if row.synced:
        _hand_to_sync(row, conversation_id=conversation_id, notification_id=notification_id)
    if row.has_devices:
        push_outbox.enqueue(account_ids=[row.other], event_id=row.event_id, kind=send_statements.KIND, data={
            "conversation_id": conversation_id, "message_id": message_id, "attendee_id": sender[0],
            "display_name": sender[1]})
    service.commit_keeping_loaded()
    wakeup.announce([row.other, row.account_id])
    return SimpleNamespace(id=message_id, conversation_id=conversation_id, sender_account_id=row.account_id,
                           client_id=client_id, body=text, created_at=now), True
