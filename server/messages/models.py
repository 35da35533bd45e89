"""Conversations belong to a pair of accounts (not to an event), so they outlive the event they began at."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow

REPORT_STATUSES = ("open", "dismissed", "suspended")


class Conversation(db.Model):
    """Two accounts talking; stored once per pair, lower account id first."""

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("account_low_id", "account_high_id"),
        CheckConstraint("account_low_id < account_high_id", name="ordered_pair"),
        Index("ix_conversations_activity", "last_activity_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_low_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    account_high_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    # Where the two met: whose organizers get reports and may suspend messaging in it.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    started_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"),
                                                              index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_message_id: Mapped[int] = mapped_column(default=0)

    def other(self, account_id: int) -> int:
        return self.account_high_id if account_id == self.account_low_id else self.account_low_id


class ConversationMember(db.Model):
    """One side's state: how far they read, and history hidden from them by their own block."""

    __tablename__ = "conversation_members"
    __table_args__ = (UniqueConstraint("conversation_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    last_read_message_id: Mapped[int] = mapped_column(default=0)
    hidden_through_message_id: Mapped[int] = mapped_column(default=0)


class Message(db.Model):
    """Plain text, 1-2,000 characters; `client_id` makes a retried send a no-op."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "sender_account_id", "client_id"),
        Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        Index("ix_messages_sender_created", "sender_account_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    sender_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class MessageReport(db.Model):
    """A message reported to the organizers of the conversation's event: they see it and its sender only."""

    __tablename__ = "message_reports"
    __table_args__ = (UniqueConstraint("message_id", "reporter_account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    reporter_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # one of REPORT_STATUSES
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MessagingSuspension(db.Model):
    """The account may not send in conversations that began at this event."""

    __tablename__ = "messaging_suspensions"
    __table_args__ = (UniqueConstraint("event_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
