"""Who may act on whom: the one rule for every endpoint that takes another attendee's id.

A hidden profile (`discoverable: false`) and a blocked one answer exactly like an id that does not
exist (same status, same body, a handful of indexed lookups either way), so ids cannot be walked to
find hidden people. A relation that already exists keeps working: a connection, an intro they sent
or one that was accepted, a meeting both are in, or the caller's own block (so it can be lifted).
Reads models only, so every feature's service may import it without a cycle.
"""
from __future__ import annotations

from sqlalchemy import and_, or_

from server.attendees.models import Attendee
from server.connections.models import Block, Connection
from server.errors import NotFound
from server.extensions import db
from server.intros.models import Intro
from server.meetings.models import MeetingParticipant

__all__ = ["unknown_attendee", "reachable_attendee", "related", "blocked_either", "connected", "blocked_either_sql",
           "connected_sql"]


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
