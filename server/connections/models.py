"""Connections and blocks belong to two accounts, so a later event knows who met and who must not."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow

ORIGINS = ("intro", "mutual_match", "scan", "meeting")


class Connection(db.Model):
    """Two accounts that agreed to be in touch; stored once per pair, lower account id first."""

    __tablename__ = "connections"
    __table_args__ = (
        UniqueConstraint("account_low_id", "account_high_id"),
        CheckConstraint("account_low_id < account_high_id", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_low_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    account_high_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    origin: Mapped[str] = mapped_column(String(20))  # one of ORIGINS
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def other(self, account_id: int) -> int:
        return self.account_high_id if account_id == self.account_low_id else self.account_low_id


class Block(db.Model):
    """`blocker` never wants to see, be suggested to, be asked by or be scanned by `blocked`."""

    __tablename__ = "blocks"
    __table_args__ = (UniqueConstraint("blocker_account_id", "blocked_account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    blocker_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    blocked_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
