"""Meeting requests between attendees: request, accept, decline, cancel, propose, and the outcome.

Double-booking is prevented by the database, not by the checks here: accepting inserts one
`Booking` per person and one for the table, and UNIQUE(slot, attendee) / UNIQUE(slot, location)
refuse the second of two accepts even when both commit at the same moment. The checks before the
inserts only make the common case's error message precise.
"""
from __future__ import annotations

from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy.exc import IntegrityError

from server.accounts.models import Account
from server.attendees import service as attendees_service
from server.attendees.models import Attendee
from server.connections import service as connections_service
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.extensions import db
from server.meetings import venue
from server.meetings.models import Booking, BusySlot, Meeting, MeetingLocation, MeetingParticipant, MeetingSlot
from server.notifications import service as notifications_service
from server.pagination import paginate
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

def _pick_slot(event_id: int, slot_id: int | None, starts_at: datetime | None) -> MeetingSlot:
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


def _check_free(slot: MeetingSlot, people: list[Attendee], *, me_id: int) -> None:
    ids = [p.id for p in people]
    busy = set(db.session.execute(db.select(BusySlot.attendee_id).where(
        BusySlot.slot_id == slot.id, BusySlot.attendee_id.in_(ids))).scalars())
    busy |= set(db.session.execute(db.select(Booking.attendee_id).where(
        Booking.slot_id == slot.id, Booking.attendee_id.in_(ids))).scalars())
    if me_id in busy:
        raise Conflict("You are busy or already booked in this slot.", errors={"slot_id": ["You are not free."]})
    if busy:
        names = ", ".join(p.display_name for p in people if p.id in busy)
        raise Conflict(f"Not free in this slot: {names}.", errors={"slot_id": [f"Not free: {names}."]})


def _location(event_id: int, location_id: int | None, size: int) -> MeetingLocation | None:
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
        other = attendees_service.in_event(event_id=me.event_id, attendee_id=attendee_id)
        people.append(other)
    for a, b in combinations([me, *people], 2):
        if connections_service.is_blocked(account_a=a.account_id, account_b=b.account_id):
            # Same answer as for an unknown person: a block is never revealed.
            bad = b if a.id == me.id else a
            raise NotFound("No such attendee in this event.",
                           errors={f"invitee_ids.{invitee_ids.index(bad.id)}": ["Unknown attendee."]})
    return people


def create(*, account: Account, event_id: int, invitee_ids: list[int], slot_id: int | None = None,
           starts_at: datetime | None = None, location_id: int | None = None, message: str = "") -> Meeting:
    """Ask one or a few people to meet in a slot (optionally at a table); they accept or decline."""
    me = attendees_service.require_attendee(account=account, event_id=event_id)
    people = _invitees(me, invitee_ids)
    slot = _pick_slot(event_id, slot_id, starts_at)
    location = _location(event_id, location_id, len(people) + 1)
    _check_free(slot, [me, *people], me_id=me.id)
    if location is not None and _table_taken(slot.id, location.id):
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
                                     data=_note(meeting, me, slot))
    db.session.commit()
    return meeting


def _note(meeting: Meeting, by: Attendee, slot: MeetingSlot) -> dict[str, Any]:
    return {"meeting_id": meeting.id, "attendee_id": by.id, "display_name": by.display_name,
            "starts_at": slot.starts_at.isoformat().replace("+00:00", "Z")}


def _table_taken(slot_id: int, location_id: int) -> bool:
    return db.session.execute(db.select(Booking.id).where(
        Booking.slot_id == slot_id, Booking.location_id == location_id)).first() is not None


# -- answers -------------------------------------------------------------------------------------

def _locked(account: Account, event_id: int, meeting_id: int) -> tuple[Meeting, Attendee, MeetingParticipant]:
    """The meeting, write-locked: a no-op UPDATE takes its row lock (PostgreSQL) or the write lock
    (SQLite), so answers to one meeting are serialized and each sees the others' responses."""
    me = attendees_service.require_attendee(account=account, event_id=event_id)
    db.session.execute(db.update(Meeting).where(Meeting.id == meeting_id, Meeting.event_id == event_id)
                       .values(sequence=Meeting.sequence, updated_at=Meeting.updated_at))
    meeting = db.session.execute(db.select(Meeting).where(Meeting.id == meeting_id)
                                 .execution_options(populate_existing=True)).scalar_one_or_none()
    mine = next((p for p in meeting.participants if p.attendee_id == me.id), None) if meeting else None
    if meeting is None or meeting.event_id != event_id or mine is None:
        raise NotFound("No such meeting.")
    return meeting, me, mine


def get(*, account: Account, event_id: int, meeting_id: int) -> tuple[Meeting, int]:
    """One of the caller's meetings and the caller's attendee id; anyone else's is 404."""
    me = attendees_service.require_attendee(account=account, event_id=event_id)
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.event_id != event_id or me.id not in {p.attendee_id for p in meeting.participants}:
        raise NotFound("No such meeting.")
    return meeting, me.id


def list_mine(*, account: Account, event_id: int, status: str | None = None, limit: int | None = None,
              cursor: str | None = None) -> tuple[list[Meeting], str | None, int]:
    """One page of the caller's meetings in this event, optionally by status."""
    me = attendees_service.require_attendee(account=account, event_id=event_id)
    mine = db.select(MeetingParticipant.meeting_id).where(MeetingParticipant.attendee_id == me.id)
    stmt = db.select(Meeting).where(Meeting.event_id == event_id, Meeting.id.in_(mine))
    if status:
        stmt = stmt.where(Meeting.status == status)
    rows, next_cursor = paginate(stmt, Meeting.id, limit=limit, cursor=cursor, session=db.session)
    return rows, next_cursor, me.id


def _pending(meeting: Meeting, mine: MeetingParticipant) -> None:
    if meeting.status != "pending":
        raise Conflict(f"This meeting is {meeting.status}.")
    if mine.response != "pending":
        raise Conflict(f"You already {mine.response} this meeting.")


def accept(*, account: Account, event_id: int, meeting_id: int) -> tuple[Meeting, int]:
    """Accept; once everyone still invited has accepted, the meeting is booked (409 if anyone or
    the table is taken in that slot meanwhile)."""
    meeting, me, mine = _locked(account, event_id, meeting_id)
    _pending(meeting, mine)
    mine.response = "accepted"
    if all(p.response != "pending" for p in meeting.participants):
        _book(meeting, me)
    db.session.commit()
    return meeting, me.id


def _book(meeting: Meeting, by: Attendee) -> None:
    slot = db.session.get(MeetingSlot, meeting.slot_id)
    if slot.starts_at <= utcnow():
        raise Conflict("This slot has already started.")
    # Id order: two accepts inserting the same people lock their index entries in the same order
    # on PostgreSQL, so they queue instead of deadlocking.
    people = sorted(p.attendee_id for p in meeting.participants if p.response == "accepted")
    attendees = [db.session.get(Attendee, pid) for pid in people]
    _check_free(slot, attendees, me_id=by.id)
    try:
        with db.session.begin_nested():
            db.session.add_all(Booking(meeting_id=meeting.id, slot_id=slot.id, attendee_id=pid) for pid in people)
    except IntegrityError:
        raise Conflict("Someone in this meeting was booked in this slot a moment ago.",
                       errors={"slot_id": ["Not free any more."]}) from None
    meeting.location_id = _book_table(meeting, slot, len(people))
    meeting.status, meeting.sequence = "accepted", meeting.sequence + 1
    for pid, person in zip(people, attendees):
        if pid != by.id:
            notifications_service.notify(account_id=person.account_id, event_id=meeting.event_id,
                                         kind="meeting_accepted", data=_note(meeting, by, slot))


def _book_table(meeting: Meeting, slot: MeetingSlot, size: int) -> int | None:
    """Book the requested table, or the smallest free one that seats everyone; None if the event has none."""
    tables = venue.locations(event_id=meeting.event_id)
    if not tables:
        return None
    if meeting.requested_location_id is not None:
        candidates = [t for t in tables if t.id == meeting.requested_location_id]
    else:
        candidates = sorted((t for t in tables if t.capacity >= size), key=lambda t: (t.capacity, t.id))
    for table in candidates:
        if _table_taken(slot.id, table.id):
            continue
        try:
            with db.session.begin_nested():
                db.session.add(Booking(meeting_id=meeting.id, slot_id=slot.id, location_id=table.id))
        except IntegrityError:
            continue  # taken by a concurrent accept: try the next table
        return table.id
    raise Conflict("No free table seats this meeting in this slot; propose another time.",
                   errors={"location_id": ["No free table."]})


def decline(*, account: Account, event_id: int, meeting_id: int) -> tuple[Meeting, int]:
    """Decline; the meeting goes ahead with the others if at least two still come."""
    meeting, me, mine = _locked(account, event_id, meeting_id)
    _pending(meeting, mine)
    mine.response = "declined"
    coming = [p for p in meeting.participants if p.response != "declined"]
    if len(coming) < 2 or me.id in (meeting.requester_id, meeting.proposed_by_id):
        meeting.status, meeting.sequence = "declined", meeting.sequence + 1
    elif all(p.response == "accepted" for p in coming):
        _book(meeting, me)
    db.session.commit()
    return meeting, me.id


def cancel(*, account: Account, event_id: int, meeting_id: int) -> tuple[Meeting, int]:
    """Call a pending or accepted meeting off for everyone; its slot and table become free."""
    meeting, me, mine = _locked(account, event_id, meeting_id)
    if meeting.status not in ("pending", "accepted"):
        raise Conflict(f"This meeting is {meeting.status}.")
    if mine.response == "declined":
        raise Forbidden("You declined this meeting.")
    _unbook(meeting)
    meeting.status, meeting.sequence = "cancelled", meeting.sequence + 1
    slot = db.session.get(MeetingSlot, meeting.slot_id)
    for other in _others(meeting, me.id):
        notifications_service.notify(account_id=other.account_id, event_id=event_id, kind="meeting_cancelled",
                                     data=_note(meeting, me, slot))
    db.session.commit()
    return meeting, me.id


def _unbook(meeting: Meeting) -> None:
    db.session.execute(db.delete(Booking).where(Booking.meeting_id == meeting.id))
    meeting.location_id = None


def _others(meeting: Meeting, me_id: int) -> list[Attendee]:
    return [db.session.get(Attendee, p.attendee_id) for p in meeting.participants
            if p.attendee_id != me_id and p.response != "declined"]


def propose(*, account: Account, event_id: int, meeting_id: int, slot_id: int | None = None,
            starts_at: datetime | None = None, location_id: int | None = None) -> tuple[Meeting, int]:
    """Counter-propose another slot (and table): the meeting is pending again until the others accept."""
    meeting, me, mine = _locked(account, event_id, meeting_id)
    if meeting.status not in ("pending", "accepted") or mine.response == "declined":
        raise Conflict(f"This meeting is {meeting.status}.")
    coming = [p for p in meeting.participants if p.response != "declined"]
    slot = _pick_slot(event_id, slot_id, starts_at)
    location = _location(event_id, location_id, len(coming))
    if slot.id == meeting.slot_id and (location.id if location else None) == meeting.requested_location_id:
        raise ValidationFailed("slot_id", "That is the meeting's current time.")
    _unbook(meeting)
    _check_free(slot, [me], me_id=me.id)
    meeting.slot_id, meeting.requested_location_id = slot.id, location.id if location else None
    meeting.status, meeting.proposed_by_id, meeting.sequence = "pending", me.id, meeting.sequence + 1
    for participant in coming:
        participant.response = "accepted" if participant.attendee_id == me.id else "pending"
    for other in _others(meeting, me.id):
        notifications_service.notify(account_id=other.account_id, event_id=event_id, kind="meeting_proposed",
                                     data=_note(meeting, me, slot))
    db.session.commit()
    return meeting, me.id


# -- after the slot ------------------------------------------------------------------------------

def record_outcome(*, account: Account, event_id: int, meeting_id: int, outcome: str,
                   no_show_ids: list[int] | None = None) -> tuple[Meeting, int]:
    """After the slot started, either side says it was held or who did not show up (first report stands).

    Everyone present at a held meeting becomes connected (origin `meeting`): they agreed to meet
    and met, the same consent an accepted intro gives.
    """
    meeting, me, mine = _locked(account, event_id, meeting_id)
    if meeting.status in ("held", "no_show"):
        raise Conflict(f"Already marked {meeting.status}.")
    if meeting.status != "accepted":
        raise Conflict(f"Only accepted meetings can be marked; this one is {meeting.status}.")
    if db.session.get(MeetingSlot, meeting.slot_id).starts_at > utcnow():
        raise Conflict("The meeting has not started yet.")
    coming = {p.attendee_id: p for p in meeting.participants if p.response == "accepted"}
    if outcome == "no_show":
        absent = no_show_ids if no_show_ids else [pid for pid in coming if pid != me.id]
        for index, pid in enumerate(absent):
            if pid not in coming or pid == me.id:
                raise ValidationFailed(f"no_show_ids.{index}", "Not another participant of this meeting.")
            coming[pid].no_show = True
    elif no_show_ids:
        raise ValidationFailed("no_show_ids", "Only for outcome no_show.")
    meeting.status = outcome
    present = [db.session.get(Attendee, pid) for pid, p in coming.items() if not p.no_show]
    for a, b in combinations(present, 2):
        if not connections_service.is_blocked(account_a=a.account_id, account_b=b.account_id):
            connections_service.connect(a=a, b=b, origin="meeting")
    db.session.commit()
    return meeting, me.id


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
