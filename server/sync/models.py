"""What each account's app has been told, item by item, so a sync answers only what changed.

`sync_items` is each account's change feed, compacted: one row per item with its latest version
already serialized (`body`, the JSON object the app receives), or a tombstone (`body` NULL) for one
that went away, stamped with a per-account sequence number (`seq`). A sync is one indexed range read
of the rows past the client's sequence, concatenated into the answer.
Writers stamp the rows in their own transaction (see tracking and feed) when the change touches few
accounts that use the app; a change touching many (an announcement, a published session, an event
edit) writes `sync_dirty` marks instead, consumed by each account's next sync.
"""
from __future__ import annotations

from datetime import date, datetime
from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow


class SyncState(db.Model):
    """One row per account that has synced: its sequence and the oldest sequence a token may name."""

    __tablename__ = "sync_states"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    # Tokens below this were issued before tombstones that are now pruned: the app must resync (410).
    floor_seq: Mapped[int] = mapped_column(default=0)
    # Changes with every reset (erasure): tokens of an earlier epoch are too old.
    epoch: Mapped[str] = mapped_column(String(16))
    # Due follow-ups move with the calendar, not with a write: recomputed (and tombstones pruned) daily.
    reconciled_on: Mapped[date | None] = mapped_column(Date)


class SyncItem(db.Model):
    __tablename__ = "sync_items"
    __table_args__ = (UniqueConstraint("account_id", "kind", "key"),
                      Index("ix_sync_items_account_seq", "account_id", "seq"))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    key: Mapped[int] = mapped_column()
    seq: Mapped[int] = mapped_column()
    digest: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[str | None] = mapped_column(Text)  # the item as the app receives it; NULL: a tombstone
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncDirty(db.Model):
    """Something of this account changed since its last sync (a hint: many rows mean the same)."""

    __tablename__ = "sync_dirty"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    # Comma-separated item kinds the change can touch (snapshot.SCOPES); only those are recomputed.
    scope: Mapped[str] = mapped_column(String(200), default="")


class DirectoryHead(db.Model):
    """An event directory's sequence; its row lock orders concurrent directory changes by commit."""

    __tablename__ = "directory_heads"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    floor_seq: Mapped[int] = mapped_column(default=0)


class DirectoryChange(db.Model):
    """The last change of one attendee of an event's directory (a profile edit, a block, leaving).
    Who may see the profile is decided when a viewer syncs, so one row serves every viewer."""

    __tablename__ = "directory_changes"
    __table_args__ = (UniqueConstraint("event_id", "attendee_id"),
                      Index("ix_directory_changes_event_seq", "event_id", "seq"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    attendee_id: Mapped[int] = mapped_column()  # no foreign key: it outlives the attendee as a tombstone
    seq: Mapped[int] = mapped_column()
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
