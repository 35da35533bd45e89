"""Answers to meeting requests: accept, decline, cancel, propose another time, and the outcome.

Double-booking is prevented by the database, not by the checks here: accepting inserts one
`Booking` per person and one for the table, and UNIQUE(slot, attendee) / UNIQUE(slot, location)
refuse the second of two accepts even when both commit at the same moment. The checks before the
inserts (`service.check_free`) only make the common case's error message precise.
"""
from __future__ import annotations

from datetime import datetime
from itertools import combinations

from sqlalchemy.exc import IntegrityError

from server.access import Caller
from server.attendees.models import Attendee
from server.connections import service as connections_service
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.extensions import db
from server.meetings import service, venue
from server.meetings.models import Booking, Meeting, MeetingParticipant, MeetingSlot
from server.notifications import service as notifications_service
from server.types import utcnow
from server.webhooks import payloads as webhooks


def _locked(caller: Caller, meeting_id: int) -> tuple[Meeting, Attendee, MeetingParticipant]:
    """The meeting, write-locked: a no-op UPDATE takes its row lock (PostgreSQL) or the write lock
    (SQLite), so answers to one meeting are serialized and each sees the others' responses."""
    me, event_id = caller.attendee, caller.event_id
    db.session.execute(db.update(Meeting).where(Meeting.id == meeting_id, Meeting.event_id == event_id)
                       .values(sequence=Meeting.sequence, updated_at=Meeting.updated_at))
    meeting = db.session.execute(db.select(Meeting).where(Meeting.id == meeting_id)
                                 .execution_options(populate_existing=True)).scalar_one_or_none()
    mine = next((p for p in meeting.participants if p.attendee_id == me.id), None) if meeting else None
    if meeting is None or meeting.event_id != event_id or mine is None:
        raise NotFound("No such meeting.")
    return meeting, me, mine


def _pending(meeting: Meeting, mine: MeetingParticipant) -> None:
    if meeting.status != "pending":
        raise Conflict(f"This meeting is {meeting.status}.")
    if mine.response != "pending":
        raise Conflict(f"You already {mine.response} this meeting.")


def accept(*, caller: Caller, meeting_id: int) -> tuple[Meeting, int]:
    """Accept; once everyone still invited has accepted, the meeting is booked (409 if anyone or
    the table is taken in that slot meanwhile)."""
    meeting, me, mine = _locked(caller, meeting_id)
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
    service.check_free(slot, attendees, me_id=by.id)
    try:
        with db.session.begin_nested():
            db.session.add_all(Booking(meeting_id=meeting.id, slot_id=slot.id, attendee_id=pid) for pid in people)
    except IntegrityError:
        raise Conflict("Someone in this meeting was booked in this slot a moment ago.",
                       errors={"slot_id": ["Not free any more."]}) from None
    meeting.location_id = _book_table(meeting, slot, len(people))
    meeting.status, meeting.sequence = "accepted", meeting.sequence + 1
    webhooks.meeting(meeting, slot, type_="meeting.booked")
    for pid, person in zip(people, attendees):
        if pid != by.id:
            notifications_service.notify(account_id=person.account_id, event_id=meeting.event_id,
                                         kind="meeting_accepted", data=service.note(meeting, by, slot))


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
        if service.table_taken(slot.id, table.id):
            continue
        try:
            with db.session.begin_nested():
                db.session.add(Booking(meeting_id=meeting.id, slot_id=slot.id, location_id=table.id))
        except IntegrityError:
            continue  # taken by a concurrent accept: try the next table
        return table.id
    raise Conflict("No free table seats this meeting in this slot; propose another time.",
                   errors={"location_id": ["No free table."]})


def decline(*, caller: Caller, meeting_id: int) -> tuple[Meeting, int]:
    """Decline; the meeting goes ahead with the others if at least two still come."""
    meeting, me, mine = _locked(caller, meeting_id)
    _pending(meeting, mine)
    mine.response = "declined"
    coming = [p for p in meeting.participants if p.response != "declined"]
    if len(coming) < 2 or me.id in (meeting.requester_id, meeting.proposed_by_id):
        meeting.status, meeting.sequence = "declined", meeting.sequence + 1
    elif all(p.response == "accepted" for p in coming):
        _book(meeting, me)
    db.session.commit()
    return meeting, me.id


def cancel(*, caller: Caller, meeting_id: int) -> tuple[Meeting, int]:
    """Call a pending or accepted meeting off for everyone; its slot and table become free."""
    event_id = caller.event_id
    meeting, me, mine = _locked(caller, meeting_id)
    if meeting.status not in ("pending", "accepted"):
        raise Conflict(f"This meeting is {meeting.status}.")
    if mine.response == "declined":
        raise Forbidden("You declined this meeting.")
    _unbook(meeting)
    meeting.status, meeting.sequence = "cancelled", meeting.sequence + 1
    slot = db.session.get(MeetingSlot, meeting.slot_id)
    webhooks.meeting(meeting, slot, type_="meeting.cancelled")
    for other in _others(meeting, me.id):
        notifications_service.notify(account_id=other.account_id, event_id=event_id, kind="meeting_cancelled",
                                     data=service.note(meeting, me, slot))
    db.session.commit()
    return meeting, me.id


def _unbook(meeting: Meeting) -> None:
    db.session.execute(db.delete(Booking).where(Booking.meeting_id == meeting.id))
    meeting.location_id = None


def _others(meeting: Meeting, me_id: int) -> list[Attendee]:
    return [db.session.get(Attendee, p.attendee_id) for p in meeting.participants
            if p.attendee_id != me_id and p.response != "declined"]


def propose(*, caller: Caller, meeting_id: int, slot_id: int | None = None,
            starts_at: datetime | None = None, location_id: int | None = None) -> tuple[Meeting, int]:
    """Counter-propose another slot (and table): the meeting is pending again until the others accept."""
    event_id = caller.event_id
    meeting, me, mine = _locked(caller, meeting_id)
    if meeting.status not in ("pending", "accepted") or mine.response == "declined":
        raise Conflict(f"This meeting is {meeting.status}.")
    coming = [p for p in meeting.participants if p.response != "declined"]
    slot = service.pick_slot(event_id, slot_id, starts_at)
    location = service.fit_location(event_id, location_id, len(coming))
    if slot.id == meeting.slot_id and (location.id if location else None) == meeting.requested_location_id:
        raise ValidationFailed("slot_id", "That is the meeting's current time.")
    _unbook(meeting)
    service.check_free(slot, [me], me_id=me.id)
    meeting.slot_id, meeting.requested_location_id = slot.id, location.id if location else None
    meeting.status, meeting.proposed_by_id, meeting.sequence = "pending", me.id, meeting.sequence + 1
    for participant in coming:
        participant.response = "accepted" if participant.attendee_id == me.id else "pending"
    for other in _others(meeting, me.id):
        notifications_service.notify(account_id=other.account_id, event_id=event_id, kind="meeting_proposed",
                                     data=service.note(meeting, me, slot))
    db.session.commit()
    return meeting, me.id


# -- after the slot ------------------------------------------------------------------------------

def record_outcome(*, caller: Caller, meeting_id: int, outcome: str,
                   no_show_ids: list[int] | None = None) -> tuple[Meeting, int]:
    """After the slot started, either side says it was held or who did not show up (first report stands).

    Everyone present at a held meeting becomes connected (origin `meeting`): they agreed to meet
    and met, the same consent an accepted intro gives.
    """
    meeting, me, mine = _locked(caller, meeting_id)
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
