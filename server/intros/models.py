"""Intro requests: one attendee asks to meet another, with a short personal message."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow

STATUSES = ("pending", "accepted", "declined", "cancelled")


class Intro(db.Model):
    __tablename__ = "intros"
    __table_args__ = (
        Index("ix_intros_recipient_status", "recipient_id", "status"),
        Index("ix_intros_sender_status", "sender_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
