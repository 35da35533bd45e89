"""Whose synced items a changed row can touch: row -> references, references -> account ids.

A row (an ORM object, or a plain row of the same table from a bulk statement) gives references
such as ("meeting", 7) or ("account", 3); `accounts()` turns them into account ids with one query
per kind. Over-reporting costs a recomputation; under-reporting would leave an app stale, so when
in doubt a row names everyone who may show it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Callable

from sqlalchemy import or_, select

from server.attendees.models import Attendee
from server.connections.models import Block, Connection
from server.events.models import Event
from server.followups.models import FollowUp, NextStep
from server.intros.models import Intro
from server.meetings.models import Meeting, MeetingParticipant, MeetingSlot
from server.messages.models import Conversation, Message
from server.notifications.models import Notification
from server.sessions.models import NetworkingSession, SessionSeat

Refs = dict[str, set[int]]


def _pair(low: str, high: str) -> Callable[[Any], Iterable[tuple[str, int]]]:
    return lambda row: [("account", getattr(row, low)), ("account", getattr(row, high))]


def _attendee(row) -> Iterable[tuple[str, int]]:
    # Leaving an event ends intros and meetings with others: they must see those go too.
    if row.id is None:  # a bulk insert (imports): its ids are not known yet
        return [("account", row.account_id), ("directory_account", row.account_id)]
    return [("account", row.account_id), ("attendee_related", row.id), ("directory", row.id)]


def _block(row) -> Iterable[tuple[str, int]]:
    # Each side's profiles leave (or come back to) the other's directories.
    return [("account", row.blocker_account_id), ("account", row.blocked_account_id),
            ("directory_account", row.blocker_account_id), ("directory_account", row.blocked_account_id)]


# table name -> the references of one of its rows
REFERENCES: dict[str, Callable[[Any], Iterable[tuple[str, int]]]] = {
    Event.__tablename__: lambda row: [("event", row.id)],
    Attendee.__tablename__: _attendee,
    Meeting.__tablename__: lambda row: [("meeting", row.id)],
    MeetingParticipant.__tablename__: lambda row: [("meeting", row.meeting_id), ("attendee", row.attendee_id)],
    MeetingSlot.__tablename__: lambda row: [("slot", row.id)],
    NetworkingSession.__tablename__: lambda row: [("session", row.id)],
    SessionSeat.__tablename__: lambda row: [("attendee", row.attendee_id)],
    Connection.__tablename__: _pair("account_low_id", "account_high_id"),
    Block.__tablename__: _block,
    Conversation.__tablename__: _pair("account_low_id", "account_high_id"),
    # A message its author wrote counts as contact on their due list (not on the reader's).
    Message.__tablename__: lambda row: [("account", row.sender_account_id)],
    Intro.__tablename__: lambda row: [("attendee", row.sender_id), ("attendee", row.recipient_id)],
    Notification.__tablename__: lambda row: [("account", row.account_id)],
    FollowUp.__tablename__: lambda row: [("account", row.author_account_id)],
    NextStep.__tablename__: lambda row: [("account", row.author_account_id)],
}


ALL = ("event", "profile", "meeting", "seat", "connection", "intro", "notification", "followup_due",
       "conversation")
# table name -> the item kinds its rows can change (a block or someone leaving can change anything)
SCOPES: dict[str, tuple[str, ...]] = {
    Event.__tablename__: ("event",), Attendee.__tablename__: ALL, Meeting.__tablename__: ("meeting",),
    MeetingParticipant.__tablename__: ("meeting",), MeetingSlot.__tablename__: ("meeting",),
    NetworkingSession.__tablename__: ("seat",), SessionSeat.__tablename__: ("seat",),
    Connection.__tablename__: ("connection", "followup_due"), Block.__tablename__: ALL,
    Conversation.__tablename__: ("conversation",), Message.__tablename__: ("followup_due",),
    Intro.__tablename__: ("intro",),
    Notification.__tablename__: ("notification",), FollowUp.__tablename__: ("followup_due",),
    NextStep.__tablename__: ("followup_due",),
}
# Tables whose changes always leave marks for the next sync instead of writing feeds in their commit:
# a message is frequent and moves only its author's due list, costly to recompute (about a dozen
# queries); the author's next sync redoes it once for all the messages written since.
DEFERRED = {Message.__tablename__}

# table name -> the items (kind, id) a row of it is, for the kinds snapshot.KEYED narrows to ids; a kind
# of the table's scope not named here (or a row without its id yet) recomputes the whole kind.
ITEMS: dict[str, Callable[[Any], list[tuple[str, int | None]]]] = {
    Meeting.__tablename__: lambda row: [("meeting", row.id)],
    MeetingParticipant.__tablename__: lambda row: [("meeting", row.meeting_id)],
    Connection.__tablename__: lambda row: [("connection", row.id)],
    Conversation.__tablename__: lambda row: [("conversation", row.id)],
    Intro.__tablename__: lambda row: [("intro", row.id)],
    Notification.__tablename__: lambda row: [("notification", row.id)],
}
Stale = dict[str, "set[int] | None"]  # kind -> ids of it to recompute (None: all of the kind)


def items(table: str, row, into: Stale) -> None:
    """Note which items of the table's scope the row can change (None: any of that kind)."""
    named = dict(ITEMS[table](row)) if table in ITEMS else {}
    for kind in SCOPES[table]:
        key = named.get(kind)
        if key is None:
            into[kind] = None
        elif into.get(kind, set()) is not None:
            into.setdefault(kind, set()).add(key)


# Columns whose change alone touches no synced item (matching revisions, bookkeeping timestamps).
UNSHOWN: dict[str, set[str]] = {
    Event.__tablename__: {"revision", "updated_at", "attendee_data_purged_at", "exclude_same_company",
                          "max_pending_intros", "retention_days", "join_code"},
    Attendee.__tablename__: {"matching_revision", "updated_at", "qr_handle"},
    Meeting.__tablename__: {"updated_at", "sequence"},
}


def references(table: str, row) -> Refs:
    refs: Refs = defaultdict(set)
    for kind, ref in REFERENCES[table](row):
        if ref is not None:
            refs[kind].add(ref)
    return refs


def merge(into: Refs, more: Refs) -> None:
    for kind, ids in more.items():
        into.setdefault(kind, set()).update(ids)


def _meeting_accounts(meeting_ids):
    return (select(Attendee.account_id).join(MeetingParticipant, MeetingParticipant.attendee_id == Attendee.id)
            .where(MeetingParticipant.meeting_id.in_(meeting_ids)))


def _resolvers() -> dict[str, Callable[[set[int]], Any]]:
    related_meetings = lambda ids: select(MeetingParticipant.meeting_id).where(  # noqa: E731
        MeetingParticipant.attendee_id.in_(ids))
    return {
        "attendee": lambda ids: select(Attendee.account_id).where(Attendee.id.in_(ids)),
        "event": lambda ids: select(Attendee.account_id).where(Attendee.event_id.in_(ids)),
        "meeting": _meeting_accounts,
        "slot": lambda ids: _meeting_accounts(select(Meeting.id).where(Meeting.slot_id.in_(ids))),
        "session": lambda ids: select(Attendee.account_id).join(SessionSeat, SessionSeat.attendee_id == Attendee.id)
        .where(SessionSeat.session_id.in_(ids)),
        "attendee_related": lambda ids: select(Attendee.account_id).where(or_(
            Attendee.id.in_(select(Intro.sender_id).where(Intro.recipient_id.in_(ids))),
            Attendee.id.in_(select(Intro.recipient_id).where(Intro.sender_id.in_(ids))),
            Attendee.id.in_(select(MeetingParticipant.attendee_id).where(
                MeetingParticipant.meeting_id.in_(related_meetings(ids)))))),
    }


DIRECTORY = ("directory", "directory_account")


def accounts(execute, refs: Refs) -> set[int]:
    """Account ids the references stand for; `execute` runs a select (a session's or a connection's)."""
    found = set(refs.get("account", ()))
    resolvers = _resolvers()
    for kind, ids in refs.items():
        if kind != "account" and kind not in DIRECTORY and ids:
            found.update(execute(resolvers[kind](sorted(ids))).scalars())
    return found


def directory_entries(execute, refs: Refs, known: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """(event id, attendee id) of directory entries the references touch; `known` are those of rows
    already gone (resolved before their delete)."""
    found = set(known)
    ids = sorted(refs.get("directory", ()))
    if ids:
        found.update(execute(select(Attendee.event_id, Attendee.id).where(Attendee.id.in_(ids))).all())
    owners = sorted(refs.get("directory_account", ()))
    if owners:
        found.update(execute(select(Attendee.event_id, Attendee.id).where(Attendee.account_id.in_(owners))).all())
    return {(e, a) for e, a in found}
