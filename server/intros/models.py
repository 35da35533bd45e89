"""Intro requests: one attendee asks to meet another, with a short personal message."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow

STATUSES = ("pending", "accepted", "declined", "cancelled")
PENDING = text("status = 'pending'")


def _pair_end(pick):
    def default(context) -> int:
        params = context.get_current_parameters()
        return pick(params["sender_id"], params["recipient_id"])

    return default


class Intro(db.Model):
    __tablename__ = "intros"
    __table_args__ = (
        Index("ix_intros_recipient_status", "recipient_id", "status"),
        Index("ix_intros_sender_status", "sender_id", "status"),
        # One pending request per pair, whoever asked: concurrent twins and crossed requests lose here.
        Index("uq_intros_pending_pair", "pair_low", "pair_high", unique=True,
              sqlite_where=PENDING, postgresql_where=PENDING),
        CheckConstraint("pair_low < pair_high", name="pair_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    # The two people as an unordered pair (smaller id, larger id), filled from sender and recipient.
    pair_low: Mapped[int] = mapped_column(default=_pair_end(min))
    pair_high: Mapped[int] = mapped_column(default=_pair_end(max))
    message: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
