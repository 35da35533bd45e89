"""Speed-networking sessions, who opted in, and who sits where in each round."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow


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
    # Rounds whose "round starting" notifications went out (or were skipped, over before anyone looked).
    announced_rounds: Mapped[int] = mapped_column(default=0, server_default="0")
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
