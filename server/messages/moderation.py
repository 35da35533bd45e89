"""Abuse controls: a member reports a message to the organizers of the event where the two met; they
see that message and its sender only, dismiss the report or suspend the sender's messaging there."""
from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from server import access
from server.access import Caller
from server.accounts.models import Account
from server.attendees import service as attendees_service
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.messages import cards
from server.messages.models import Message, MessageReport, MessagingSuspension
from server.messages.service import readable, visible_messages
from server.notifications import service as notifications_service
from server.pagination import paginate
from server.types import utcnow


def report(*, account: Account, message_id: int, reason: str = "") -> tuple[MessageReport, bool]:
    """Report a message the caller received; reporting it again returns the first report."""
    message = db.session.get(Message, message_id)
    unknown = NotFound("No such message.", errors={"message_id": ["Unknown message."]})
    if message is None:
        raise unknown
    try:
        conversation, member = readable(account=account, conversation_id=message.conversation_id)
    except NotFound:
        raise unknown from None
    if db.session.execute(visible_messages(member).where(Message.id == message_id)).first() is None:
        raise unknown
    if message.sender_account_id == account.id:
        raise ValidationFailed("message_id", "You cannot report your own message.")
    if conversation.event_id is None:
        raise Conflict("The event where you met no longer exists; there is no organizer to report to.",
                       errors={"message_id": ["No event to report to."]})
    found = _report_of(account.id, message_id)
    if found is not None:
        return found, False
    row = MessageReport(message_id=message_id, event_id=conversation.event_id, reporter_account_id=account.id,
                        reason=reason)
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        return _report_of(account.id, message_id), False
    db.session.commit()
    return row, True


def _report_of(account_id: int, message_id: int) -> MessageReport | None:
    return db.session.execute(db.select(MessageReport).where(
        MessageReport.reporter_account_id == account_id, MessageReport.message_id == message_id)).scalar_one_or_none()


def describe_report(row: MessageReport) -> dict[str, Any]:
    """A report as organizers see it: the message and its sender, never the reporter or the rest."""
    message = db.session.get(Message, row.message_id)
    return {"id": row.id, "status": row.status, "reason": row.reason, "created_at": row.created_at,
            "resolved_at": row.resolved_at, "message": {"id": message.id, "text": message.body,
                                                        "created_at": message.created_at},
            "sender": cards.card(message.sender_account_id, row.event_id)}


def reports(*, caller: Caller, status: str | None = None, limit: int | None = None,
            cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """The event's message reports (organizers only), oldest first."""
    event_id = caller.event_id
    stmt = db.select(MessageReport).where(MessageReport.event_id == event_id)
    if status:
        stmt = stmt.where(MessageReport.status == status)
    rows, next_cursor = paginate(stmt, MessageReport.id, limit=limit, cursor=cursor, session=db.session)
    return [describe_report(r) for r in rows], next_cursor


def resolve(*, caller: Caller, report_id: int, outcome: str) -> dict[str, Any]:
    """Dismiss a report or suspend the sender's messaging at this event; the reporter is told the outcome."""
    account, event_id = caller.account, caller.event_id
    row = access.get_in_event(MessageReport, report_id, event_id=event_id, detail="No such report.",
                              field="report_id", unknown="Unknown report.")
    if row.status != "open":
        raise Conflict(f"This report is already {row.status}.", errors={"outcome": ["Already resolved."]})
    row.status, row.resolved_at = outcome, utcnow()
    if outcome == "suspended":
        _suspend(event_id, db.session.get(Message, row.message_id).sender_account_id, account.id, row.reason)
    if row.reporter_account_id is not None:
        notifications_service.notify(account_id=row.reporter_account_id, event_id=event_id,
                                     kind="message_report_resolved", data={"report_id": row.id, "outcome": outcome})
    db.session.commit()
    return describe_report(row)


def _suspend(event_id: int, account_id: int, by_account_id: int, reason: str) -> MessagingSuspension:
    found = db.session.execute(db.select(MessagingSuspension).where(
        MessagingSuspension.event_id == event_id, MessagingSuspension.account_id == account_id)).scalar_one_or_none()
    if found is not None:
        return found
    row = MessagingSuspension(event_id=event_id, account_id=account_id, by_account_id=by_account_id, reason=reason)
    db.session.add(row)
    notifications_service.notify(account_id=account_id, event_id=event_id, kind="messaging_suspended", data={})
    return row


def suspend(*, caller: Caller, attendee_id: int, reason: str = "") -> MessagingSuspension:
    """Organizers stop an attendee sending in conversations that began at their event."""
    account, event_id = caller.account, caller.event_id
    attendee = attendees_service.in_event(event_id=event_id, attendee_id=attendee_id)
    row = _suspend(event_id, attendee.account_id, account.id, reason)
    db.session.commit()
    return row


def lift(*, caller: Caller, attendee_id: int) -> None:
    """End a suspension."""
    event_id = caller.event_id
    attendee = attendees_service.in_event(event_id=event_id, attendee_id=attendee_id)
    deleted = db.session.execute(db.delete(MessagingSuspension).where(
        MessagingSuspension.event_id == event_id, MessagingSuspension.account_id == attendee.account_id)).rowcount
    if not deleted:
        raise NotFound("This attendee's messaging is not suspended.", errors={"attendee_id": ["Not suspended."]})
    db.session.commit()
