"""Private follow-up data per connection: notes, the contact log, next steps, feedback, sent reminders.

Everything here belongs to one author (an account) on one connection. The other side of the
connection never sees it; organizers see feedback only as aggregates and no-show counts.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow

CHANNELS = ("email", "call", "video", "meeting", "message", "social", "other")
OUTCOMES = ("intro_made", "deal", "hired", "collaboration", "no_reply", "other")
DUE_KINDS = ("thank_you", "check_in", "next_step", "congratulate")


class ConnectionNote(db.Model):
    """What the author wants to remember about the other person."""

    __tablename__ = "connection_notes"
    __table_args__ = (UniqueConstraint("connection_id", "author_account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), index=True)
    author_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowUp(db.Model):
    """One logged contact with the other person, as the author remembers it."""

    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_connection_author", "connection_id", "author_account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    author_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # one of CHANNELS
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(20))  # one of OUTCOMES
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NextStep(db.Model):
    """When the author plans to get in touch next; done once they log a contact made after setting it."""

    __tablename__ = "next_steps"
    __table_args__ = (UniqueConstraint("connection_id", "author_account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), index=True)
    author_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConnectionFeedback(db.Model):
    """How meeting the other person went. Kept per pair of accounts, so it outlives the connection:
    a low rating keeps the two apart in suggestions even after a block is lifted."""

    __tablename__ = "connection_feedback"
    __table_args__ = (UniqueConstraint("author_account_id", "subject_account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    subject_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[int | None] = mapped_column(ForeignKey("connections.id", ondelete="SET NULL"))
    # The connection's event (where the two met), for organizers' aggregates.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    rating: Mapped[int | None] = mapped_column()  # 1-5; may be empty when the other did not show up
    would_meet_again: Mapped[bool] = mapped_column(default=True)
    no_show: Mapped[bool] = mapped_column(default=False)  # the subject did not show up
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderSent(db.Model):
    """One due item already mailed: the reminder command never sends the same item twice."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("account_id", "connection_id", "kind", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # one of DUE_KINDS
    due_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CareerChange(db.Model):
    """A person's job title or company changed (an edit, or their profile at a later event): their
    connections are offered a "congratulate" item once."""

    __tablename__ = "career_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    company_before: Mapped[str] = mapped_column(String(120), default="")
    company_after: Mapped[str] = mapped_column(String(120), default="")
    job_title_before: Mapped[str] = mapped_column(String(120), default="")
    job_title_after: Mapped[str] = mapped_column(String(120), default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
