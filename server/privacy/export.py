"""GET /me/export: everything stored about the caller as one JSON archive (GDPR Art. 15 and 20).

Every column of the caller's own rows, minus secrets (password and token hashes, the QR handle);
other people appear only as the caller already sees them (a name, and what they share with
connections), or as "A deleted attendee" once they erased their account. Reads the models of
several features directly: an archive of everything cannot go through each feature's views of it.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import or_

from server.accounts.models import Account
from server.attendees.models import ERASED_NAME, Attendee
from server.connections.models import Block, Connection
from server.events.models import Event, EventOrganizer
from server.extensions import db
from server.followups.models import ConnectionFeedback, ConnectionNote, FollowUp, NextStep, ReminderSent
from server.intros.models import Intro
from server.matches.models import SuggestionFeedback
from server.messages.models import Conversation, ConversationMember, Message, MessageReport, MessagingSuspension
from server.meetings.models import BusySlot, CheckIn, Meeting, MeetingParticipant
from server.notifications.models import Notification
from server.push.models import Device, PushSettings
from server.sessions.models import SessionOptIn, SessionSeat

FORMAT_VERSION = 1
LEFT_NAME = "A former attendee"  # connected, but no longer in any event
_SECRET = {"password_hash", "qr_handle", "matching_revision", "token_hash", "keys"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _row(row: Any) -> dict[str, Any]:
    return {c.key: _plain(getattr(row, c.key)) for c in row.__table__.columns if c.key not in _SECRET}


def _rows(stmt) -> list[dict[str, Any]]:
    return [_row(r) for r in db.session.execute(stmt).scalars()]


def _names(attendee_ids: set[int]) -> dict[int, str]:
    if not attendee_ids:
        return {}
    return dict(db.session.execute(db.select(Attendee.id, Attendee.display_name)
                                   .where(Attendee.id.in_(attendee_ids))).all())


def _person(other_id: int, event_id: int | None) -> dict[str, Any]:
    """Another account as the caller sees it: their profile where the two met, else their newest one."""
    profiles = list(db.session.execute(db.select(Attendee).where(Attendee.account_id == other_id)
                                       .order_by(Attendee.id.desc())).scalars())
    here = next((p for p in profiles if p.event_id == event_id), profiles[0] if profiles else None)
    if here is None:
        erased = db.session.get(Account, other_id).erased_at is not None
        return {"display_name": ERASED_NAME if erased else LEFT_NAME}
    shared = {f: _plain(getattr(here, f)) for f in here.shared_fields if getattr(here, f)}
    return {"display_name": here.display_name, "company": here.company, "job_title": here.job_title,
            "contact": shared}


def _intros(mine: set[int]) -> list[dict[str, Any]]:
    found = list(db.session.execute(db.select(Intro).where(
        or_(Intro.sender_id.in_(mine), Intro.recipient_id.in_(mine))).order_by(Intro.id)).scalars())
    names = _names({i.sender_id for i in found} | {i.recipient_id for i in found})
    return [{**_row(i), "direction": "outgoing" if i.sender_id in mine else "incoming",
             "other": names.get(i.recipient_id if i.sender_id in mine else i.sender_id, ERASED_NAME)}
            for i in found]


def _meetings(mine: set[int]) -> list[dict[str, Any]]:
    ids = db.select(MeetingParticipant.meeting_id).where(MeetingParticipant.attendee_id.in_(mine))
    found = list(db.session.execute(db.select(Meeting).where(Meeting.id.in_(ids)).order_by(Meeting.id)).scalars())
    names = _names({p.attendee_id for m in found for p in m.participants})
    return [{**_row(m), "participants": [{"name": names.get(p.attendee_id, ERASED_NAME), "you": p.attendee_id in mine,
                                          "response": p.response, "no_show": p.no_show} for p in m.participants]}
            for m in found]


def _conversations(me: int) -> list[dict[str, Any]]:
    """Every conversation with what the caller may still read of it, both sides' messages."""
    rows = db.session.execute(db.select(Conversation, ConversationMember).join(
        ConversationMember, (ConversationMember.conversation_id == Conversation.id)
        & (ConversationMember.account_id == me)).order_by(Conversation.id)).all()
    found = []
    for conversation, member in rows:
        messages = db.session.execute(db.select(Message).where(
            Message.conversation_id == conversation.id, Message.id > member.hidden_through_message_id)
            .order_by(Message.id)).scalars()
        found.append({"id": conversation.id, "event_id": conversation.event_id,
                      "created_at": _plain(conversation.created_at),
                      "other": _person(conversation.other(me), conversation.event_id),
                      "last_read_message_id": member.last_read_message_id,
                      "messages": [{"id": m.id, "from_me": m.sender_account_id == me, "text": m.body,
                                    "client_id": m.client_id, "created_at": _plain(m.created_at)}
                                   for m in messages]})
    return found


def archive(*, account: Account) -> dict[str, Any]:
    """The caller's whole archive; see the module docstring for what is in it."""
    me = account.id
    profiles = list(db.session.execute(db.select(Attendee).where(Attendee.account_id == me)).scalars())
    mine = {p.id for p in profiles}
    events = dict(db.session.execute(db.select(Event.id, Event.name).where(
        Event.id.in_({p.event_id for p in profiles}))).all())
    connections = list(db.session.execute(db.select(Connection).where(
        or_(Connection.account_low_id == me, Connection.account_high_id == me)).order_by(Connection.id)).scalars())
    blocked = db.session.execute(db.select(Block).where(Block.blocker_account_id == me)).scalars()
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": _plain(datetime.now(timezone.utc)),
        "account": {k: v for k, v in _row(account).items() if k != "erased_at"},
        "profiles": [{**_row(p), "event_name": events.get(p.event_id)} for p in profiles],
        "organizer_roles": _rows(db.select(EventOrganizer).where(EventOrganizer.account_id == me)),
        "connections": [{**_row(c), "other": _person(c.other(me), c.event_id)} for c in connections],
        "notes": _rows(db.select(ConnectionNote).where(ConnectionNote.author_account_id == me)),
        "followups": _rows(db.select(FollowUp).where(FollowUp.author_account_id == me)),
        "next_steps": _rows(db.select(NextStep).where(NextStep.author_account_id == me)),
        "connection_feedback": _rows(db.select(ConnectionFeedback).where(ConnectionFeedback.author_account_id == me)),
        "reminders_sent": _rows(db.select(ReminderSent).where(ReminderSent.account_id == me)),
        "intros": _intros(mine),
        "meetings": _meetings(mine),
        "suggestion_feedback": _rows(db.select(SuggestionFeedback).where(SuggestionFeedback.attendee_id.in_(mine))),
        "check_ins": _rows(db.select(CheckIn).where(CheckIn.attendee_id.in_(mine))),
        "busy_slots": _rows(db.select(BusySlot).where(BusySlot.attendee_id.in_(mine))),
        "session_opt_ins": _rows(db.select(SessionOptIn).where(SessionOptIn.attendee_id.in_(mine))),
        "session_seats": _rows(db.select(SessionSeat).where(SessionSeat.attendee_id.in_(mine))),
        "blocks": [{"event_id": b.event_id, "created_at": _plain(b.created_at),
                    "blocked": _person(b.blocked_account_id, b.event_id)["display_name"]} for b in blocked],
        "conversations": _conversations(me),
        "message_reports": _rows(db.select(MessageReport).where(MessageReport.reporter_account_id == me)),
        "messaging_suspensions": _rows(db.select(MessagingSuspension).where(MessagingSuspension.account_id == me)),
        "notifications": _rows(db.select(Notification).where(Notification.account_id == me).order_by(Notification.id)),
        "devices": _rows(db.select(Device).where(Device.account_id == me).order_by(Device.id)),
        "push_settings": _rows(db.select(PushSettings).where(PushSettings.account_id == me)),
    }
