"""The organizer's setup (meeting slots, tables), check-in at the door, and attendees' busy slots."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from server import access
from server.access import Caller
from server.attendees import service as attendees_service
from server.connections import service as connections_service
from server.errors import Conflict, NotFound, ValidationFailed
from server.events.models import Event
from server.extensions import db
from server.meetings.models import Booking, BusySlot, CheckIn, Meeting, MeetingLocation, MeetingSlot
from server.types import utcnow
from server.webhooks import payloads as webhooks


# -- slots ---------------------------------------------------------------------------------------

def slots(*, event_id: int) -> list[MeetingSlot]:
    """The event's meeting slots by start time."""
    return list(db.session.execute(db.select(MeetingSlot).where(MeetingSlot.event_id == event_id)
                                   .order_by(MeetingSlot.starts_at, MeetingSlot.id)).scalars())


def list_slots(*, caller: Caller) -> list[MeetingSlot]:
    """Every slot of the event (members)."""
    event_id = caller.event_id
    return slots(event_id=event_id)


def _check_slot(event: Event, starts_at: datetime, ends_at: datetime, *, ignore_id: int | None = None) -> None:
    if ends_at <= starts_at:
        raise ValidationFailed("ends_at", "Must be after starts_at.")
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ValidationFailed("starts_at", "The slot must lie within the event's starts_at..ends_at.")
    overlapping = db.session.execute(db.select(MeetingSlot.id).where(
        MeetingSlot.event_id == event.id, MeetingSlot.starts_at < ends_at, MeetingSlot.ends_at > starts_at,
        MeetingSlot.id != (ignore_id or 0))).scalars().first()
    if overlapping is not None:
        raise Conflict(f"Overlaps slot {overlapping}.", errors={"starts_at": [f"Overlaps slot {overlapping}."]})


def create_slot(*, caller: Caller, data: dict[str, Any]) -> MeetingSlot:
    """Add a slot inside the event that overlaps no other (organizers)."""
    event_id, event = caller.event_id, caller.event
    _check_slot(event, data["starts_at"], data["ends_at"])
    slot = MeetingSlot(event_id=event_id, **data)
    db.session.add(slot)
    db.session.commit()
    return slot


def _slot(event_id: int, slot_id: int, field: str = "slot_id") -> MeetingSlot:
    return access.get_in_event(MeetingSlot, slot_id, event_id=event_id, detail="No such slot in this event.",
                               field=field, unknown="Unknown slot.")


def get_slot(*, event_id: int, slot_id: int, field: str = "slot_id") -> MeetingSlot:
    """A slot of this event; 404 naming `field` for any other id."""
    return _slot(event_id, slot_id, field)


def update_slot(*, caller: Caller, slot_id: int, data: dict[str, Any]) -> MeetingSlot:
    """Move or open/close a slot; meetings in it get a new calendar sequence (organizers)."""
    event_id, event = caller.event_id, caller.event
    slot = _slot(event_id, slot_id)
    _check_slot(event, data.get("starts_at", slot.starts_at), data.get("ends_at", slot.ends_at), ignore_id=slot.id)
    for key, value in data.items():
        setattr(slot, key, value)
    if "starts_at" in data or "ends_at" in data:
        db.session.execute(db.update(Meeting).where(Meeting.slot_id == slot.id)
                           .values(sequence=Meeting.sequence + 1, updated_at=utcnow()))
    db.session.commit()
    return slot


def delete_slot(*, caller: Caller, slot_id: int) -> None:
    """Remove a slot nobody has a pending or accepted meeting in (organizers)."""
    event_id = caller.event_id
    slot = _slot(event_id, slot_id)
    used = db.session.execute(db.select(Meeting.id).where(
        Meeting.slot_id == slot.id)).first()
    if used is not None:
        raise Conflict("Meetings use this slot: close it (open_for_meetings=false) instead.")
    db.session.delete(slot)
    db.session.commit()


# -- tables --------------------------------------------------------------------------------------

def locations(*, event_id: int) -> list[MeetingLocation]:
    """The event's tables."""
    return list(db.session.execute(db.select(MeetingLocation).where(MeetingLocation.event_id == event_id)
                                   .order_by(MeetingLocation.id)).scalars())


def list_locations(*, caller: Caller) -> list[MeetingLocation]:
    """The event's tables (organizers)."""
    event_id = caller.event_id
    return locations(event_id=event_id)


def get_location(*, event_id: int, location_id: int, field: str = "location_id") -> MeetingLocation:
    """A table of this event; 404 naming `field` for any other id."""
    return access.get_in_event(MeetingLocation, location_id, event_id=event_id, detail="No such table in this event.",
                               field=field, unknown="Unknown table.")


def create_location(*, caller: Caller, data: dict[str, Any]) -> MeetingLocation:
    """Add a table."""
    event_id = caller.event_id
    location = MeetingLocation(event_id=event_id, **data)
    db.session.add(location)
    db.session.commit()
    return location


def update_location(*, caller: Caller, location_id: int, data: dict[str, Any]) -> MeetingLocation:
    """Rename or resize a table; not below the size of a meeting booked at it."""
    event_id = caller.event_id
    location = get_location(event_id=event_id, location_id=location_id)
    if "capacity" in data:
        largest = max((len(m.participants) for m in db.session.execute(db.select(Meeting).where(
            Meeting.location_id == location.id, Meeting.status == "accepted")).scalars()), default=0)
        if data["capacity"] < largest:
            raise Conflict(f"A meeting of {largest} is booked at this table.",
                           errors={"capacity": [f"At least {largest}."]})
    for key, value in data.items():
        setattr(location, key, value)
    db.session.commit()
    return location


def delete_location(*, caller: Caller, location_id: int) -> None:
    """Remove a table nobody has booked."""
    event_id = caller.event_id
    location = get_location(event_id=event_id, location_id=location_id)
    if db.session.execute(db.select(Booking.id).where(Booking.location_id == location.id)).first():
        raise Conflict("Meetings are booked at this table.")
    db.session.delete(location)
    db.session.commit()


# -- check-in ------------------------------------------------------------------------------------

def check_in(*, caller: Caller, attendee_id: int | None = None,
             token: str | None = None) -> tuple[CheckIn, bool]:
    """Mark an attendee present, by id or by scanning their badge's QR token (organizers)."""
    account, event_id = caller.account, caller.event_id
    if token is not None:
        attendee = connections_service.attendee_for_token(event_id=event_id, token=token)
    else:
        attendee = attendees_service.in_event(event_id=event_id, attendee_id=attendee_id)
    existing = db.session.execute(db.select(CheckIn).where(CheckIn.attendee_id == attendee.id)).scalar_one_or_none()
    if existing is not None:
        return existing, False
    row = CheckIn(event_id=event_id, attendee_id=attendee.id, method="badge" if token else "organizer",
                  by_account_id=account.id)
    db.session.add(row)
    db.session.flush()
    webhooks.checked_in(row)
    db.session.commit()
    return row, True


def undo_check_in(*, caller: Caller, attendee_id: int) -> None:
    """Take back a check-in made by mistake."""
    event_id = caller.event_id
    row = db.session.execute(db.select(CheckIn).where(
        CheckIn.event_id == event_id, CheckIn.attendee_id == attendee_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("This attendee is not checked in.")
    db.session.delete(row)
    db.session.commit()


def list_check_ins(*, caller: Caller) -> list[CheckIn]:
    """Who checked in, in order."""
    event_id = caller.event_id
    return list(db.session.execute(db.select(CheckIn).where(CheckIn.event_id == event_id)
                                   .order_by(CheckIn.id)).scalars())


def checked_in_ids(*, event_id: int) -> set[int]:
    """Attendee ids checked in at the event."""
    return set(db.session.execute(db.select(CheckIn.attendee_id).where(CheckIn.event_id == event_id)).scalars())


def checked_in_among(*, attendee_ids: list[int]) -> set[int]:
    """Which of these attendees are checked in (one page of a table: a unique-index lookup each)."""
    return set(db.session.execute(db.select(CheckIn.attendee_id).where(CheckIn.attendee_id.in_(attendee_ids))).scalars())


# -- availability --------------------------------------------------------------------------------

def busy_slot_ids(*, attendee_id: int) -> set[int]:
    """Slots the attendee marked busy."""
    return set(db.session.execute(db.select(BusySlot.slot_id).where(BusySlot.attendee_id == attendee_id)).scalars())


def availability(*, caller: Caller) -> list[dict[str, Any]]:
    """Every slot with whether the caller marked it busy or has a meeting booked in it."""
    event_id, me = caller.event_id, caller.attendee
    busy = busy_slot_ids(attendee_id=me.id)
    booked = set(db.session.execute(db.select(Booking.slot_id).where(Booking.attendee_id == me.id)).scalars())
    return [{"slot": s, "busy": s.id in busy, "booked": s.id in booked} for s in slots(event_id=event_id)]


def set_busy(*, caller: Caller, busy_slot_ids: list[int]) -> list[dict[str, Any]]:
    """Replace the caller's busy slots; a slot with a booked meeting stays free (cancel the meeting)."""
    event_id, me = caller.event_id, caller.attendee
    wanted = set(busy_slot_ids)
    for index, slot_id in enumerate(busy_slot_ids):
        _slot(event_id, slot_id, f"busy_slot_ids.{index}")
    booked = set(db.session.execute(db.select(Booking.slot_id).where(
        Booking.attendee_id == me.id, Booking.slot_id.in_(wanted))).scalars())
    if booked:
        raise Conflict("You have a meeting in these slots; cancel it first.",
                       errors={"busy_slot_ids": [f"Booked: {sorted(booked)}"]})
    db.session.execute(db.delete(BusySlot).where(BusySlot.attendee_id == me.id))
    db.session.add_all(BusySlot(attendee_id=me.id, slot_id=slot_id) for slot_id in sorted(wanted))
    db.session.commit()
    return availability(caller=caller)
