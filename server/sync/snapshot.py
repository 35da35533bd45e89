"""Everything an account's app keeps, as plain JSON-ready items keyed by (kind, id).

Only what the account may see right now: a meeting, intro, connection or conversation with someone
blocked either way is left out, as are declined and cancelled meetings and cancelled intros (the
difference from the previous snapshot turns them into tombstones). Other people appear by id only,
so their profile edits do not touch these items (the event directory carries profiles).
`only` narrows the kinds in KEYED to the given ids (a writer recomputing the items it touched).
Rows are re-read from the database (populate_existing): a writer's session may hold rows another
transaction changed since it loaded them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_

from server import access
from server.attendees.models import Attendee
from server.connections.models import Connection
from server.events.models import Event
from server.extensions import db
from server.followups import due
from server.intros.models import Intro
from server.meetings.models import Meeting, MeetingParticipant, MeetingSlot
from server.messages.models import Conversation, ConversationMember
from server.notifications.models import Notification
from server.sessions.models import NetworkingSession, SessionSeat

Items = dict[tuple[str, int], dict[str, Any]]
KINDS = ("event", "profile", "meeting", "seat", "connection", "intro", "notification", "followup_due",
         "conversation")
HIDDEN_MEETINGS = ("declined", "cancelled")
BLOCKABLE = {"meeting", "connection", "intro", "conversation"}
KEYED = ("meeting", "connection", "intro", "notification", "conversation")
Only = dict[str, set[int]]
Mine = Any  # the account's attendee ids: a set, or a select of them


def _rows(stmt):
    return db.session.execute(stmt.execution_options(populate_existing=True))


def _narrow(stmt, column, kind: str, only: Only):
    return stmt.where(column.in_(sorted(only[kind]))) if kind in only else stmt


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def _events_and_profiles(items: Items, mine: list[Attendee]) -> None:
    events = {e.id: e for e in _rows(db.select(Event).where(Event.id.in_({a.event_id for a in mine}))).scalars()}
    for a in mine:
        e = events[a.event_id]
        items["event", e.id] = {"name": e.name, "starts_at": iso(e.starts_at), "ends_at": iso(e.ends_at),
                                "timezone": e.timezone, "venue": e.venue}
        items["profile", a.id] = {
            "event_id": a.event_id, "display_name": a.display_name, "email": a.email, "company": a.company,
            "job_title": a.job_title, "industry": a.industry, "bio": a.bio, "goals": a.goals,
            "interests": a.interests, "links": a.links, "phone": a.phone, "discoverable": a.discoverable,
            "open_to_matching": a.open_to_matching, "shared_fields": a.shared_fields}


def _meetings(items: Items, my_ids: Mine, hidden_attendees: set[int], only: Only) -> None:
    rows = _rows(_narrow(db.select(Meeting, MeetingSlot).join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
                         .where(Meeting.id.in_(db.select(MeetingParticipant.meeting_id).where(
                             MeetingParticipant.attendee_id.in_(my_ids))),
                             Meeting.status.not_in(HIDDEN_MEETINGS)), Meeting.id, "meeting", only)).all()
    if not rows:
        return
    everyone: dict[int, list[dict[str, Any]]] = {}
    for meeting_id, attendee_id, response in db.session.execute(db.select(
            MeetingParticipant.meeting_id, MeetingParticipant.attendee_id, MeetingParticipant.response)
            .where(MeetingParticipant.meeting_id.in_([m.id for m, _ in rows])).order_by(MeetingParticipant.id)):
        everyone.setdefault(meeting_id, []).append({"attendee_id": attendee_id, "response": response})
    for meeting, slot in rows:
        people = everyone.get(meeting.id, [])
        if any(p["attendee_id"] in hidden_attendees for p in people):
            continue
        items["meeting", meeting.id] = {
            "event_id": meeting.event_id, "status": meeting.status, "requester_id": meeting.requester_id,
            "starts_at": iso(slot.starts_at), "ends_at": iso(slot.ends_at), "location_id": meeting.location_id,
            "message": meeting.message, "proposed_by_id": meeting.proposed_by_id, "participants": people}


def _seats(items: Items, my_ids: Mine) -> None:
    rows = _rows(db.select(SessionSeat, NetworkingSession).join(
        NetworkingSession, NetworkingSession.id == SessionSeat.session_id).where(
        SessionSeat.attendee_id.in_(my_ids), NetworkingSession.status == "published")).all()
    for seat, session in rows:
        starts = session.starts_at.timestamp() + (seat.round_no - 1) * session.minutes_per_round * 60
        items["seat", seat.id] = {
            "session_id": session.id, "event_id": session.event_id, "name": session.name,
            "round_no": seat.round_no, "table_no": seat.table_no,
            "starts_at": iso(datetime.fromtimestamp(starts, session.starts_at.tzinfo)),
            "minutes": session.minutes_per_round,
            "partner_ids": [p.get("attendee_id") for p in seat.partners]}


def _connections(items: Items, account_id: int, blocked: set[int], only: Only) -> None:
    for c in _rows(_narrow(db.select(Connection).where(or_(
            Connection.account_low_id == account_id, Connection.account_high_id == account_id)),
            Connection.id, "connection", only)).scalars():
        if c.other(account_id) not in blocked:
            items["connection", c.id] = {"event_id": c.event_id, "origin": c.origin,
                                         "other_account_id": c.other(account_id), "created_at": iso(c.created_at)}


def _intros(items: Items, my_ids: Mine, hidden_attendees: set[int], only: Only) -> None:
    for i in _rows(_narrow(db.select(Intro).where(
            or_(Intro.sender_id.in_(my_ids), Intro.recipient_id.in_(my_ids)), Intro.status != "cancelled"),
            Intro.id, "intro", only)).scalars():
        if {i.sender_id, i.recipient_id} & hidden_attendees:
            continue
        items["intro", i.id] = {"event_id": i.event_id, "sender_id": i.sender_id, "recipient_id": i.recipient_id,
                                "status": i.status, "message": i.message, "created_at": iso(i.created_at),
                                "responded_at": iso(i.responded_at)}


def _notifications(items: Items, account_id: int, only: Only) -> None:
    for n in _rows(_narrow(db.select(Notification).where(Notification.account_id == account_id),
                           Notification.id, "notification", only)).scalars():
        items["notification", n.id] = {"kind": n.kind, "event_id": n.event_id, "data": n.data,
                                       "created_at": iso(n.created_at), "read_at": iso(n.read_at)}


def _due(items: Items, account_id: int) -> None:
    for d in due.due_items(account_id=account_id):
        items["followup_due", d.connection.id] = {"kind": d.kind, "due_on": d.due_on.isoformat(),
                                                  "status": d.status, "event_id": d.connection.event_id}


def _conversations(items: Items, account_id: int, blocked: set[int], only: Only) -> None:
    rows = _rows(_narrow(db.select(Conversation, ConversationMember).join(ConversationMember, and_(
        ConversationMember.conversation_id == Conversation.id, ConversationMember.account_id == account_id)),
        Conversation.id, "conversation", only)).all()
    for c, member in rows:
        if c.other(account_id) in blocked:
            continue
        shown = c.last_message_id if c.last_message_id > member.hidden_through_message_id else None
        items["conversation", c.id] = {"event_id": c.event_id, "other_account_id": c.other(account_id),
                                       "last_message_id": shown, "last_activity_at": iso(c.last_activity_at)}


def snapshot(*, account_id: int, kinds: set[str] | frozenset[str] = frozenset(KINDS), only: Only | None = None) -> Items:
    """The items of these kinds (all by default; of a kind in `only`, those ids) the account's app should hold now."""
    items: Items = {}
    only = only or {}
    my_ids: Mine = db.select(Attendee.id).where(Attendee.account_id == account_id)  # a subquery unless loaded
    if kinds & {"event", "profile"}:
        mine = list(_rows(db.select(Attendee).where(Attendee.account_id == account_id)).scalars())
        my_ids = {a.id for a in mine}
        _events_and_profiles(items, mine)
    blocked = access.blocked_account_ids(account_id=account_id) if kinds & BLOCKABLE else set()
    hidden_attendees = set(db.session.execute(db.select(Attendee.id).where(
        Attendee.account_id.in_(blocked))).scalars()) if blocked else set()
    sections = (("meeting", lambda: _meetings(items, my_ids, hidden_attendees, only)),
                ("seat", lambda: _seats(items, my_ids)),
                ("connection", lambda: _connections(items, account_id, blocked, only)),
                ("intro", lambda: _intros(items, my_ids, hidden_attendees, only)),
                ("notification", lambda: _notifications(items, account_id, only)),
                ("followup_due", lambda: _due(items, account_id)),
                ("conversation", lambda: _conversations(items, account_id, blocked, only)))
    for kind, section in sections:
        if kind in kinds:
            section()
    return items
