"""DELETE /me: erase an account (GDPR Art. 17) in one transaction.

Removed: every profile (and with it intros, meetings, suggestion feedback, check-ins, seats), the
person's private notes, contact log, next steps, feedback, notifications, blocks, tokens, sign-in
codes and replayable responses. The account row stays with nothing identifying (`erased_at` set) so
the other side of each connection keeps it as "a deleted attendee"; others' notifications and seat
plans that named the person are rewritten. What others wrote themselves (their notes) is theirs.
"""
from __future__ import annotations

from sqlalchemy import or_, update

from server.accounts.models import Account, AuthToken, EmailCode
from server.attendees.models import ERASED_NAME, Attendee
from server.connections.models import Block
from server.errors import Conflict
from server.events.models import Event, EventOrganizer
from server.extensions import db
from server.followups.models import (CareerChange, ConnectionFeedback, ConnectionNote, FollowUp, NextStep,
                                     ReminderSent)
from server.idempotency.models import IdempotentResponse
from server.imports.models import AttendeeImport
from server.meetings.models import CheckIn
from server.messages.models import (Conversation, ConversationMember, Message, MessageReport,
                                    MessagingSuspension)
from server.notifications.models import Notification
from server.push.models import Device, PushSettings
from server.sync.models import SyncDirty, SyncItem, SyncState
from server.sessions.models import NetworkingSession, SessionSeat
from server.types import utcnow
from server.webhooks import service as webhooks_service

_BATCH = 500
_AUTHORED = ((ConnectionNote, ConnectionNote.author_account_id), (FollowUp, FollowUp.author_account_id),
             (NextStep, NextStep.author_account_id), (ReminderSent, ReminderSent.account_id),
             (ConnectionFeedback, ConnectionFeedback.author_account_id), (Notification, Notification.account_id),
             (AuthToken, AuthToken.account_id), (IdempotentResponse, IdempotentResponse.account_id),
             (EventOrganizer, EventOrganizer.account_id), (CareerChange, CareerChange.account_id),
             (MessageReport, MessageReport.reporter_account_id), (MessagingSuspension, MessagingSuspension.account_id),
             (ConversationMember, ConversationMember.account_id), (Device, Device.account_id),
             (PushSettings, PushSettings.account_id), (SyncItem, SyncItem.account_id),
             (SyncDirty, SyncDirty.account_id), (SyncState, SyncState.account_id))


def _owned_events(account_id: int) -> list[int]:
    return list(db.session.execute(db.select(EventOrganizer.event_id).where(
        EventOrganizer.account_id == account_id, EventOrganizer.role == "owner")).scalars())


def _scrub_notifications(event_ids: set[int], attendee_ids: set[int], account_id: int) -> None:
    stmt = db.select(Notification).where(Notification.event_id.in_(event_ids), Notification.account_id != account_id)
    for note in db.session.execute(stmt.execution_options(yield_per=_BATCH)).scalars():
        if note.data.get("attendee_id") in attendee_ids:
            note.data = {**note.data, "attendee_id": None, "display_name": ERASED_NAME}


def _scrub_seats(event_ids: set[int], attendee_ids: set[int]) -> None:
    # Partners' reasons quote the person's own interests: the whole entry goes.
    sessions = db.select(NetworkingSession.id).where(NetworkingSession.event_id.in_(event_ids))
    stmt = db.select(SessionSeat).where(SessionSeat.session_id.in_(sessions),
                                        SessionSeat.attendee_id.not_in(attendee_ids))
    for seat in db.session.execute(stmt.execution_options(yield_per=_BATCH)).scalars():
        if any(p.get("attendee_id") in attendee_ids for p in seat.partners):
            seat.partners = [p for p in seat.partners if p.get("attendee_id") not in attendee_ids]


def _erase_messages(account_id: int) -> None:
    """Her messages go (with reports of them and others' notifications of them); the other side keeps
    the conversation and their own messages, with her shown as a deleted attendee."""
    select_ids = db.select(Message.id).where(Message.sender_account_id == account_id)
    sent = set(db.session.execute(select_ids).scalars())
    conversations = db.select(Conversation.id).where(or_(Conversation.account_low_id == account_id,
                                                         Conversation.account_high_id == account_id))
    others = db.select(ConversationMember.account_id).where(ConversationMember.conversation_id.in_(conversations),
                                                            ConversationMember.account_id != account_id)
    stmt = db.select(Notification).where(Notification.account_id.in_(others), Notification.kind == "message_received")
    stale = [n.id for n in db.session.execute(stmt.execution_options(yield_per=_BATCH)).scalars()
             if n.data.get("message_id") in sent]
    if stale:
        db.session.execute(db.delete(Notification).where(Notification.id.in_(stale)))
    db.session.execute(db.delete(MessageReport).where(MessageReport.message_id.in_(select_ids)))
    db.session.execute(db.delete(Message).where(Message.sender_account_id == account_id))
    newest = db.select(db.func.coalesce(db.func.max(Message.id), 0)).where(
        Message.conversation_id == Conversation.id).scalar_subquery()
    db.session.execute(update(Conversation).where(Conversation.id.in_(conversations)).values(
        last_message_id=newest, started_by_account_id=None))
    db.session.execute(update(MessagingSuspension).where(MessagingSuspension.by_account_id == account_id)
                       .values(by_account_id=None))


def _identifiers(account: Account, profiles: list[Attendee]) -> set[str]:
    # Specific enough that a match means them: every dumped profile carries the display name.
    values = {account.email, account.name}
    for p in profiles:
        values |= {p.display_name, p.email, p.phone}
    return {v for v in values if v and len(v) >= 4}


def _forget_replays(identifiers: set[str]) -> None:
    """Others' replayable responses (kept a day) may quote the person, e.g. a meeting they were asked to."""
    needles = [v.encode() for v in identifiers]
    stale = [row.id for row in db.session.execute(db.select(IdempotentResponse.id, IdempotentResponse.body))
             if row.body and any(n in row.body for n in needles)]
    if stale:
        db.session.execute(db.delete(IdempotentResponse).where(IdempotentResponse.id.in_(stale)))


def erase_account(*, account: Account) -> None:
    """Erase the account and everything identifying it; 409 while it owns events."""
    owned = _owned_events(account.id)
    if owned:
        raise Conflict(f"You own events {', '.join(map(str, owned))}: delete them (DELETE /events/{{id}}) first.")
    profiles = list(db.session.execute(db.select(Attendee).where(Attendee.account_id == account.id)).scalars())
    attendee_ids, event_ids = {p.id for p in profiles}, {p.event_id for p in profiles}
    identifiers = _identifiers(account, profiles)
    if profiles:
        _scrub_notifications(event_ids, attendee_ids, account.id)
        _scrub_seats(event_ids, attendee_ids)
        db.session.execute(db.delete(Attendee).where(Attendee.id.in_(attendee_ids)))
        db.session.execute(update(Event).where(Event.id.in_(event_ids)).values(revision=Event.revision + 1))
    _erase_messages(account.id)
    for model, column in _AUTHORED:
        db.session.execute(db.delete(model).where(column == account.id))
    db.session.execute(db.delete(Block).where(or_(Block.blocker_account_id == account.id,
                                                  Block.blocked_account_id == account.id)))
    db.session.execute(db.delete(EmailCode).where(EmailCode.email == account.email))
    for column in (CheckIn.by_account_id, Event.created_by, AttendeeImport.created_by):
        db.session.execute(update(column.class_).where(column == account.id).values({column.key: None}))
    _forget_replays(identifiers)
    webhooks_service.forget_mentions(event_ids=event_ids, identifiers=identifiers)
    account.email, account.name = f"erased-{account.id}@erased.invalid", ""
    account.password_hash, account.can_organize, account.last_login_at = None, False, None
    account.erased_at = utcnow()
    db.session.commit()
