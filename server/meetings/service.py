"""Meeting requests between attendees: asking, reading them, and what other features need to know.

Answers (accept, decline, cancel, propose, the outcome) are in `answers`; this module holds the
checks both share and the reads follow-ups and analytics call (`no_show_counts`, `held_pairs`).
"""
from __future__ import annotations

from datetime import datetime
from itertools import combinations
from typing import Any

from server import access
from server.access import Caller
from server.attendees.models import Attendee
from server.connections import service as connections_service
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.meetings import venue
from server.meetings.models import Booking, BusySlot, Meeting, MeetingLocation, MeetingParticipant, MeetingSlot
from server.notifications import service as notifications_service
from server.pagination import paginate
from server.sessions import plans
from server.types import utcnow

MAX_GROUP = 6  # the largest table; also the limit when an event has no tables at all


# -- reads for other features --------------------------------------------------------------------

def no_show_counts(*, event_id: int) -> dict[int, int]:
    """attendee id -> how many of this event's meetings they were marked a no-show of."""
    rows = db.session.execute(
        db.select(MeetingParticipant.attendee_id, db.func.count(MeetingParticipant.id))
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event_id, MeetingParticipant.no_show.is_(True))
        .group_by(MeetingParticipant.attendee_id)
    ).all()
    return {attendee_id: count for attendee_id, count in rows}


def held_pairs(*, event_id: int) -> set[tuple[int, int]]:
    """(low, high) attendee id pairs who sat together in a meeting that took place (no-shows left out)."""
    rows = db.session.execute(
        db.select(MeetingParticipant.meeting_id, MeetingParticipant.attendee_id)
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event_id, Meeting.status.in_(("held", "no_show")),
               MeetingParticipant.no_show.is_(False), MeetingParticipant.response == "accepted")
    ).all()
    present: dict[int, list[int]] = {}
    for meeting_id, attendee_id in rows:
        present.setdefault(meeting_id, []).append(attendee_id)
    return {tuple(sorted(pair)) for people in present.values() for pair in combinations(people, 2)}


def meetings_of(*, attendee_id: int) -> list[Meeting]:
    """Every meeting the attendee takes part in (agenda), by slot time."""
    return list(db.session.execute(
        db.select(Meeting).join(MeetingParticipant, MeetingParticipant.meeting_id == Meeting.id)
        .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
        .where(MeetingParticipant.attendee_id == attendee_id)
        .order_by(MeetingSlot.starts_at, Meeting.id)).scalars())


# -- requests ------------------------------------------------------------------------------------

def pick_slot(event_id: int, slot_id: int | None, starts_at: datetime | None) -> MeetingSlot:
    """The slot by id, or the open slot a time falls in; it must be open and not started."""
    if slot_id is not None:
        slot = venue.get_slot(event_id=event_id, slot_id=slot_id)
    else:
        slot = db.session.execute(db.select(MeetingSlot).where(
            MeetingSlot.event_id == event_id, MeetingSlot.open_for_meetings.is_(True),
            MeetingSlot.starts_at <= starts_at, MeetingSlot.ends_at > starts_at)).scalars().first()
        if slot is None:
            raise ValidationFailed("starts_at", "No slot open for meetings at this time.")
    if not slot.open_for_meetings:
        raise ValidationFailed("slot_id", "This slot is not open for meetings.")
    if slot.starts_at <= utcnow():
        raise ValidationFailed("slot_id", "This slot has already started.")
    return slot


def check_free(slot: MeetingSlot, people: list[Attendee], *, me_id: int) -> None:
    """409 when anyone is busy, booked or seated in a speed-networking round during the slot (the
    precise message; for meetings, bookings are the guarantee)."""
    ids = [p.id for p in people]
    busy = set(db.session.execute(db.select(BusySlot.attendee_id).where(
        BusySlot.slot_id == slot.id, BusySlot.attendee_id.in_(ids))).scalars())
    busy |= set(db.session.execute(db.select(Booking.attendee_id).where(
        Booking.slot_id == slot.id, Booking.attendee_id.in_(ids))).scalars())
    busy |= plans.seated_during(attendee_ids=set(ids), starts_at=slot.starts_at, ends_at=slot.ends_at)
    if me_id in busy:
        raise Conflict("You are busy or already booked in this slot.", errors={"slot_id": ["You are not free."]})
    if busy:
        names = ", ".join(p.display_name for p in people if p.id in busy)
        raise Conflict(f"Not free in this slot: {names}.", errors={"slot_id": [f"Not free: {names}."]})


def fit_location(event_id: int, location_id: int | None, size: int) -> MeetingLocation | None:
    """The chosen table if it seats `size`; with none chosen, 422 when no table of the event could."""
    if location_id is None:
        tables = venue.locations(event_id=event_id)
        largest = max((t.capacity for t in tables), default=MAX_GROUP)
        if size > largest:
            raise ValidationFailed("invitee_ids", f"At most {largest - 1} invitees: no table seats {size}.")
        return None
    location = venue.get_location(event_id=event_id, location_id=location_id)
    if size > location.capacity:
        raise ValidationFailed("invitee_ids", f"{location.name} seats {location.capacity}; you are {size}.")
    return location


def _invitees(me: Attendee, invitee_ids: list[int]) -> list[Attendee]:
    people = []
    for index, attendee_id in enumerate(invitee_ids):
        field = f"invitee_ids.{index}"
        if attendee_id == me.id:
            raise ValidationFailed(field, "You cannot meet yourself.")
        if attendee_id in [p.id for p in people]:
            raise ValidationFailed(field, "Listed twice.")
        people.append(access.reachable_attendee(me=me, attendee_id=attendee_id, field=field))
    for a, b in combinations([me, *people], 2):
        if connections_service.is_blocked(account_a=a.account_id, account_b=b.account_id):
            # Same answer as for an unknown person: a block is never revealed.
            bad = b if a.id == me.id else a
            raise access.unknown_attendee(f"invitee_ids.{invitee_ids.index(bad.id)}")
    return people


def create(*, caller: Caller, invitee_ids: list[int], slot_id: int | None = None,
           starts_at: datetime | None = None, location_id: int | None = None, message: str = "") -> Meeting:
    """Ask one or a few people to meet in a slot (optionally at a table); they accept or decline."""
    event_id, me = caller.event_id, caller.attendee
    people = _invitees(me, invitee_ids)
    slot = pick_slot(event_id, slot_id, starts_at)
    location = fit_location(event_id, location_id, len(people) + 1)
    check_free(slot, [me, *people], me_id=me.id)
    if location is not None and table_taken(slot.id, location.id):
        raise Conflict(f"{location.name} is booked in this slot.", errors={"location_id": ["Booked."]})
    meeting = Meeting(event_id=event_id, requester_id=me.id, slot_id=slot.id, message=message,
                      requested_location_id=location.id if location else None)
    meeting.participants.append(MeetingParticipant(attendee_id=me.id, response="accepted"))
    for person in people:
        meeting.participants.append(MeetingParticipant(attendee_id=person.id))
    db.session.add(meeting)
    db.session.flush()
    for person in people:
        notifications_service.notify(account_id=person.account_id, event_id=event_id, kind="meeting_requested",
                                     data=note(meeting, me, slot))
    db.session.commit()
    return meeting


def note(meeting: Meeting, by: Attendee, slot: MeetingSlot) -> dict[str, Any]:
    """The data of a meeting notification."""
    return {"meeting_id": meeting.id, "attendee_id": by.id, "display_name": by.display_name,
            "starts_at": slot.starts_at.isoformat().replace("+00:00", "Z")}


def table_taken(slot_id: int, location_id: int) -> bool:
    """Whether a meeting is booked at the table in the slot."""
    return db.session.execute(db.select(Booking.id).where(
        Booking.slot_id == slot_id, Booking.location_id == location_id)).first() is not None


def get(*, caller: Caller, meeting_id: int) -> tuple[Meeting, int]:
    """One of the caller's meetings and the caller's attendee id; anyone else's is 404."""
    me = caller.attendee
    meeting = access.get_in_event(Meeting, meeting_id, event_id=caller.event_id, detail="No such meeting.")
    if me.id not in {p.attendee_id for p in meeting.participants}:
        raise NotFound("No such meeting.")
    return meeting, me.id


def list_mine(*, caller: Caller, status: str | None = None, limit: int | None = None,
              cursor: str | None = None) -> tuple[list[Meeting], str | None, int]:
    """One page of the caller's meetings in this event, optionally by status."""
    event_id, me = caller.event_id, caller.attendee
    mine = db.select(MeetingParticipant.meeting_id).where(MeetingParticipant.attendee_id == me.id)
    stmt = db.select(Meeting).where(Meeting.event_id == event_id, Meeting.id.in_(mine))
    if status:
        stmt = stmt.where(Meeting.status == status)
    rows, next_cursor = paginate(stmt, Meeting.id, limit=limit, cursor=cursor, session=db.session)
    return rows, next_cursor, me.id


def describe(meeting: Meeting, *, viewer_id: int) -> dict[str, Any]:
    """A meeting as a participant sees it: slot, table, everyone's public profile and answer."""
    slot = db.session.get(MeetingSlot, meeting.slot_id)
    location = db.session.get(MeetingLocation, meeting.location_id) if meeting.location_id else None
    people = {a.id: a for a in db.session.execute(db.select(Attendee).where(
        Attendee.id.in_([p.attendee_id for p in meeting.participants]))).scalars()}
    return {
        "meeting": meeting, "slot": slot, "location": location,
        "my_response": next(p.response for p in meeting.participants if p.attendee_id == viewer_id),
        "participants": [{"attendee": people[p.attendee_id], "response": p.response, "no_show": p.no_show,
                          "role": "requester" if p.attendee_id == meeting.requester_id else "invitee"}
                         for p in meeting.participants],
    }
