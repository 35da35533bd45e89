"""Devices that want pushes, each account's push settings, and the push outbox.

A push is written to `push_messages` in the transaction of the change that caused it (a
notification), then sent off the request path; a rolled-back change pushes nothing.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.types import UTCDateTime, utcnow

PLATFORMS = ("fcm", "apns", "webpush")


class Device(db.Model):
    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(8))  # one of PLATFORMS
    # FCM registration token, APNs device token, or the Web Push subscription's endpoint URL.
    token: Mapped[str] = mapped_column(Text)
    # sha256 of platform and token: unique, where the token itself is too long for an index.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    keys: Mapped[dict[str, str] | None] = mapped_column(JSON)  # Web Push: p256dh and auth
    app_version: Mapped[str] = mapped_column(String(40), default="")
    locale: Mapped[str] = mapped_column(String(35), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PushSettings(db.Model):
    """Absent row: every kind pushed, no quiet hours, no previews."""

    __tablename__ = "push_settings"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    muted_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    quiet_start: Mapped[str | None] = mapped_column(String(5))  # "22:00", in the event's time zone
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    # Names and titles in the banner; off by default, so a locked screen shows only the kind.
    previews: Mapped[bool] = mapped_column(default=False)


class PushMessage(db.Model):
    __tablename__ = "push_messages"
    __table_args__ = (Index("ix_push_messages_due", "status", "next_attempt_at"),
                      Index("ix_push_messages_collapse", "device_id", "collapse_key", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    collapse_key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    device: Mapped[Device] = relationship(lazy="joined")
