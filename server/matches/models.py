"""What attendees said about suggestions, and how much attention each person already gets."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow

FEEDBACK_KINDS = ("interested", "skip", "must_meet")


class SuggestionFeedback(db.Model):
    __tablename__ = "suggestion_feedback"
    __table_args__ = (UniqueConstraint("attendee_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # one of FEEDBACK_KINDS
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Exposure(db.Model):
    """How often a person has been shown in others' suggestion lists (flushed in batches)."""

    __tablename__ = "suggestion_exposure"

    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    impressions: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InterestOverride(db.Model):
    """An organizer's correction of the event's interest vocabulary, applied when the index is built.

    `merge`: the spelling joins the tag of `target`. `split`: the spelling keeps a tag of its own,
    away from whatever the vocabulary merged it into.
    """

    __tablename__ = "interest_overrides"
    __table_args__ = (UniqueConstraint("event_id", "spelling"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    spelling: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(8))  # merge | split
    target: Mapped[str] = mapped_column(String(120), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
