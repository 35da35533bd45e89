"""Who is asking, and who may act on whom: the one place for access decisions.

`member()`, `organizer()`, `owner()` and `attendee()` load the caller's `Caller` (account, event,
role, own attendee) in one query and answer 404 to outsiders (they learn nothing about the event),
403 to members without the needed role. Views build the caller; services take it.

A hidden profile (`discoverable: false`) and a blocked one answer exactly like an id that does not
exist (same status, same body, a handful of indexed lookups either way), so ids cannot be walked to
find hidden people. A relation that already exists keeps working: a connection, an intro they sent
or one that was accepted, a meeting both are in, or the caller's own block (so it can be lifted).
Reads models only, so every feature's service may import it without a cycle.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, TypeVar

from sqlalchemy import and_, or_, union_all

from server.accounts.models import Account
from server.attendees.models import Attendee
from server.connections.models import Block, Connection
from server.errors import Forbidden, NotFound
from server.events.models import Event, EventOrganizer
from server.extensions import db
from server.intros.models import Intro
from server.meetings.models import MeetingParticipant

__all__ = ["Caller", "EventSettings", "Standing", "STANDING_COLUMNS", "standing", "member", "organizer", "owner",
           "attendee", "load", "get_in_event", "unknown_attendee",
           "reachable_attendee", "related", "blocked_either", "connected", "blocked_either_sql", "connected_sql",
           "blocked_account_ids",
           "blocked_or_connected_queries"]

Row = TypeVar("Row")


@dataclass(frozen=True)
class Caller:
    """The signed-in account as seen by one event: its role there and its own attendee profile."""

    account: Account
    event: Event
    role: str  # owner | organizer | attendee
    attendee: Attendee | None = None  # the caller's own profile, organizers included when they joined

    @property
    def event_id(self) -> int:
        return self.event.id

    @property
    def account_id(self) -> int:
        return self.account.id

    @property
    def is_organizer(self) -> bool:
        return self.role in ("owner", "organizer")

    @property
    def attendee_id(self) -> int | None:
        return self.attendee.id if self.attendee is not None else None


class EventSettings(NamedTuple):
    """The event as hot paths need it (plain values read with the token, no ORM object)."""

    id: int
    created_at: datetime
    revision: int
    exclude_same_company: bool
    networking_scope: str
    public_org_fields: list


@dataclass(frozen=True, slots=True)
class Standing:
    """An attendee's standing in one event as plain values (`standing`); `extra`: the hot path's own
    columns, read in the same round trip."""

    account_id: int
    attendee_id: int
    discoverable: bool
    open_to_matching: bool
    event: EventSettings
    extra: tuple = ()


# What `standing` reads, in its order: the caller's account, own profile and role, then EventSettings.
STANDING_COLUMNS = (Attendee.id, Attendee.discoverable, Attendee.open_to_matching, EventOrganizer.role,
                    Event.id, Event.created_at, Event.revision, Event.exclude_same_company,
                    Event.networking_scope, Event.public_org_fields)


def standing(row: tuple) -> Standing:
    """`(account id, *STANDING_COLUMNS, *extra)` as `attendee()` decides it: 404 for an outsider (or an
    event that does not exist), 403 for an organizer without a profile of their own."""
    account_id, attendee_id, discoverable, open_to_matching, role, event_id, *rest = row
    _require_profile(member=event_id is not None and (attendee_id is not None or role is not None),
                     profile=attendee_id is not None)
    return Standing(account_id, attendee_id, discoverable, open_to_matching,
                    EventSettings(event_id, *rest[:5]), tuple(rest[5:]))


def load(*, account: Account, event_id: int) -> Caller | None:
    """The caller's standing in the event in one query; None when the event or any role is missing.
    (The suggestions' hot path reads it with the token instead: `standing`.)"""
    row = db.session.execute(
        db.select(Event, EventOrganizer.role, Attendee)
        .outerjoin(EventOrganizer, and_(EventOrganizer.event_id == Event.id, EventOrganizer.account_id == account.id))
        .outerjoin(Attendee, and_(Attendee.event_id == Event.id, Attendee.account_id == account.id))
        .where(Event.id == event_id)
    ).first()
    if row is None or (row[1] is None and row[2] is None):
        return None
    event, role, own = row
    return Caller(account=account, event=event, role=role or "attendee", attendee=own)


def member(*, account: Account, event_id: int) -> Caller:
    """Anyone who organizes or attends the event; 404 for everyone else, so outsiders learn nothing."""
    found = load(account=account, event_id=event_id)
    if found is None:
        raise NotFound("No such event.")
    return found


def organizer(*, account: Account, event_id: int) -> Caller:
    """An organizer (or the owner); attendees get 403: they know the event, they may not run it."""
    found = member(account=account, event_id=event_id)
    if not found.is_organizer:
        raise Forbidden("Only the event's organizers can do this.")
    return found


def owner(*, account: Account, event_id: int) -> Caller:
    """The event's owner; other organizers get 403."""
    found = organizer(account=account, event_id=event_id)
    if found.role != "owner":
        raise Forbidden("Only the event's owner can delete it.")
    return found


def attendee(*, account: Account, event_id: int) -> Caller:
    """A caller with their own attendee profile; organizers without one get 403, outsiders 404."""
    found = load(account=account, event_id=event_id)
    _require_profile(member=found is not None, profile=found is not None and found.attendee is not None)
    return found


def _require_profile(*, member: bool, profile: bool) -> None:
    if not member:
        raise NotFound("No such event.")
    if not profile:
        raise Forbidden("Join the event as an attendee to do this.")


def get_in_event(model: type[Row], row_id: int, *, event_id: int, detail: str,
                 field: str | None = None, unknown: str | None = None) -> Row:
    """The row with this id if it belongs to the event, else 404 `detail` (naming `field` when given):
    a row of another event answers exactly like one that does not exist."""
    row = db.session.get(model, row_id)
    if row is None or row.event_id != event_id:
        raise NotFound(detail, errors={field: [unknown or "Unknown."]} if field else None)
    return row


def unknown_attendee(field: str) -> NotFound:
    """The one answer for an id nobody may see: missing, hidden, blocked or in another event."""
    return NotFound("No such attendee in this event.", errors={field: ["Unknown attendee."]})


def _blocks(my_account: int, their_account: int) -> tuple[bool, bool]:
    """(the caller blocked them, they blocked the caller)."""
    rows = db.session.execute(db.select(Block.blocker_account_id).where(or_(
        and_(Block.blocker_account_id == my_account, Block.blocked_account_id == their_account),
        and_(Block.blocker_account_id == their_account, Block.blocked_account_id == my_account),
    ))).scalars().all()
    return my_account in rows, their_account in rows


def blocked_either(account_a: int, account_b: int) -> bool:
    """Either account blocked the other: the two never see each other (nor their conversation)."""
    return any(_blocks(account_a, account_b))


def blocked_either_sql(low, high):
    """SQL: a block either way between the accounts in columns `low` and `high` (hot paths fold it
    into their own query)."""
    return db.select(Block.id).where(or_(
        and_(Block.blocker_account_id == low, Block.blocked_account_id == high),
        and_(Block.blocker_account_id == high, Block.blocked_account_id == low))).exists()


def connected_sql(low, high):
    """SQL: a connection between the accounts in columns `low` < `high`."""
    return db.select(Connection.id).where(Connection.account_low_id == low, Connection.account_high_id == high).exists()


def _blocked_queries(account_id: int) -> tuple:
    return (
        db.select(Block.blocked_account_id).where(Block.blocker_account_id == account_id),
        db.select(Block.blocker_account_id).where(Block.blocked_account_id == account_id),
    )


def blocked_account_ids(*, account_id: int) -> set[int]:
    """Accounts this one blocked or was blocked by: the two never see each other."""
    return set(db.session.execute(union_all(*_blocked_queries(account_id))).scalars())


def blocked_or_connected_queries(*, account_id: int) -> tuple:
    """Queries of the accounts above (blocked either way, or connected), for a caller to run in
    one union with its own: suggestions need them on every request."""
    return (
        *_blocked_queries(account_id),
        db.select(Connection.account_high_id).where(Connection.account_low_id == account_id),
        db.select(Connection.account_low_id).where(Connection.account_high_id == account_id),
    )


def connected(account_a: int, account_b: int) -> bool:
    """The two accounts have a connection (accepted intro, mutual match, scan or held meeting)."""
    low, high = sorted((account_a, account_b))
    return db.session.execute(db.select(Connection.id).where(
        Connection.account_low_id == low, Connection.account_high_id == high)).first() is not None


def _related(me: Attendee, other_id: int, other_account: int) -> bool:
    low, high = sorted((me.account_id, other_account))
    if db.session.execute(db.select(Connection.id).where(
            Connection.account_low_id == low, Connection.account_high_id == high)).first():
        return True
    if db.session.execute(db.select(Intro.id).where(or_(
            and_(Intro.sender_id == other_id, Intro.recipient_id == me.id),
            and_(Intro.sender_id == me.id, Intro.recipient_id == other_id, Intro.status == "accepted"),
    ))).first():
        return True
    theirs = db.select(MeetingParticipant.meeting_id).where(MeetingParticipant.attendee_id == other_id)
    return db.session.execute(db.select(MeetingParticipant.id).where(
        MeetingParticipant.attendee_id == me.id, MeetingParticipant.meeting_id.in_(theirs))).first() is not None


def related(me: Attendee, other: Attendee) -> bool:
    """A connection, an intro `other` sent or one that was accepted, or a meeting both are in."""
    return _related(me, other.id, other.account_id)


def reachable_attendee(*, me: Attendee, attendee_id: int, field: str = "attendee_id",
                       own_block_counts: bool = False) -> Attendee:
    """Another attendee of `me`'s event that `me` may act on, else `unknown_attendee(field)`.

    `own_block_counts`: the caller's block on them is a relation (blocking again, unblocking);
    elsewhere a block either way hides the person. An unknown id runs the same lookups as a hidden
    one (against ids no row has), so the two also take the same time.
    """
    other = db.session.get(Attendee, attendee_id)
    found = other is not None and other.event_id == me.event_id
    if found and other.account_id == me.account_id:
        return other
    other_id, other_account = (other.id, other.account_id) if found else (0, 0)
    i_blocked, they_blocked = _blocks(me.account_id, other_account)
    hidden = not found or not other.discoverable or they_blocked or (i_blocked and not own_block_counts)
    linked = _related(me, other_id, other_account) if hidden else False
    if not found or they_blocked or (i_blocked and not own_block_counts):
        raise unknown_attendee(field)
    if not other.discoverable and not (i_blocked or linked):
        raise unknown_attendee(field)
    return other
