"""Meeting slots and tables, check-in, availability, meeting requests and speed-networking seating."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.types import UTCDateTime, utcnow

MEETING_STATUSES = ("pending", "accepted", "declined", "cancelled", "held", "no_show")
RESPONSES = ("pending", "accepted", "declined")


class MeetingSlot(db.Model):
    """A time window of the event; only slots `open_for_meetings` take 1:1 meeting requests."""

    __tablename__ = "meeting_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    open_for_meetings: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeetingLocation(db.Model):
    """A table: one meeting (or one speed-networking group) at a time, seating `capacity` people."""

    __tablename__ = "meeting_locations"
    __table_args__ = (CheckConstraint("capacity BETWEEN 2 AND 6", name="table_capacity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckIn(db.Model):
    """An attendee seen at the venue (kept apart from `attendees`, which is the profile)."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), unique=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    method: Mapped[str] = mapped_column(String(16))  # organizer | badge
    by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class BusySlot(db.Model):
    """An attendee is not available for meetings during a slot."""

    __tablename__ = "busy_slots"
    __table_args__ = (UniqueConstraint("attendee_id", "slot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("meeting_slots.id", ondelete="CASCADE"), index=True)


class Meeting(db.Model):
    """A meeting request and its life: pending -> accepted -> held | no_show, or declined / cancelled."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("meeting_slots.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_locations.id", ondelete="SET NULL"))
    # The table the requester asked for; `location_id` is the one booked once accepted.
    requested_location_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_locations.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # one of MEETING_STATUSES
    # Who proposed the current time when it is a counter-proposal; the others must accept it.
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("attendees.id", ondelete="SET NULL"))
    # iCalendar SEQUENCE: bumped by every change a calendar must pick up.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MeetingParticipant.id")


class MeetingParticipant(db.Model):
    __tablename__ = "meeting_participants"
    __table_args__ = (UniqueConstraint("meeting_id", "attendee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    response: Mapped[str] = mapped_column(String(16), default="pending")  # one of RESPONSES
    no_show: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="participants")


class Booking(db.Model):
    """What makes double-booking impossible: one row per person and per table of an accepted meeting.

    UNIQUE(slot, attendee) and UNIQUE(slot, location) hold whatever the application checked before,
    also for two accepts committed at the same moment (PostgreSQL makes the second insert wait for
    the first transaction and then fail). NULLs are distinct, so each row fills one of the two.
    """

    __tablename__ = "meeting_bookings"
    __table_args__ = (
        UniqueConstraint("slot_id", "attendee_id"),
        UniqueConstraint("slot_id", "location_id"),
        CheckConstraint("(attendee_id IS NULL) <> (location_id IS NULL)", name="one_resource"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("meeting_slots.id", ondelete="CASCADE"))
    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_locations.id", ondelete="CASCADE"))


class NetworkingSession(db.Model):
    """Speed networking: `rounds` rounds of `minutes` each from `starts_at`, groups at tables."""

    __tablename__ = "networking_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rounds: Mapped[int] = mapped_column()
    minutes_per_round: Mapped[int] = mapped_column()
    group_size: Mapped[int] = mapped_column(default=2)
    mix_departments: Mapped[bool] = mapped_column(default=False)  # group_size 3 only
    participants: Mapped[str] = mapped_column(String(16))  # checked_in | opted_in
    table_count: Mapped[int | None] = mapped_column()
    location_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # tables, when named ones are used
    absent_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # reported no-shows, left out of re-plans
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | published
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SessionOptIn(db.Model):
    __tablename__ = "session_opt_ins"
    __table_args__ = (UniqueConstraint("session_id", "attendee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("networking_sessions.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)


class SessionSeat(db.Model):
    """One person at one table in one round; `partners` keeps why they were matched (frozen at planning)."""

    __tablename__ = "session_seats"
    __table_args__ = (UniqueConstraint("session_id", "round_no", "attendee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("networking_sessions.id", ondelete="CASCADE"), index=True)
    round_no: Mapped[int] = mapped_column()  # 1-based
    table_no: Mapped[int] = mapped_column()  # 1-based
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    # [{"attendee_id", "score", "reasons"}] for each partner at the table.
    partners: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
