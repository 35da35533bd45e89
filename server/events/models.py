"""Events, their organizers and their goal catalogue."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.types import UTCDateTime, utcnow


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64))
    venue: Mapped[str] = mapped_column(String(200), default="")
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    # Bumped by every change that matters to matching, so per-process indexes know when to refresh.
    revision: Mapped[int] = mapped_column(default=0)
    # Matching rules the organizer sets.
    exclude_same_company: Mapped[bool] = mapped_column(default=False)
    max_pending_intros: Mapped[int | None] = mapped_column()  # per sender; None: no cap
    # open | cross_company | cross_department (matching.SCOPES), and which of department, team,
    # office other attendees see on profile cards.
    networking_scope: Mapped[str] = mapped_column(String(20), default="open")
    public_org_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Days after `ends_at` when attendee data is deleted (flask purge-attendee-data); None: the
    # RAPPORT_RETENTION_DAYS default. `attendee_data_purged_at` marks events already done.
    retention_days: Mapped[int | None] = mapped_column()
    attendee_data_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organizers: Mapped[list[EventOrganizer]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    intents: Mapped[list[EventIntent]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="EventIntent.position",
    )


class EventOrganizer(db.Model):
    __tablename__ = "event_organizers"
    __table_args__ = (UniqueConstraint("event_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # owner | organizer
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="organizers")


class EventIntent(db.Model):
    """One goal of an event's catalogue and the goals that complement it."""

    __tablename__ = "event_intents"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    complements: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="intents")
