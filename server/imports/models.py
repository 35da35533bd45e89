"""Attendee imports: one row per upload, its progress and report, and the uploaded bytes while it runs."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow

STATUSES = ("queued", "running", "succeeded", "failed")


class AttendeeImport(db.Model):
    """An import's state lives here (not in a process), so any worker can report it."""

    __tablename__ = "attendee_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    dry_run: Mapped[bool] = mapped_column(default=False)
    send_invites: Mapped[bool] = mapped_column(default=False)
    filename: Mapped[str] = mapped_column(String(255), default="")
    format: Mapped[str] = mapped_column(String(8))  # csv | xlsx | json
    sheet: Mapped[str | None] = mapped_column(String(120))  # XLSX: the sheet that was read
    # How the file was read: {"columns": {header: field}, "ignored_columns": [...], "column_map": {...}}.
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    failed_rows: Mapped[int] = mapped_column(default=0)
    # One character per spreadsheet row after the header: c(reated) u(pdated) n (unchanged) e(rror),
    # "-" for blank rows. Row N of the sheet is character N - header_row - 1.
    outcomes: Mapped[str] = mapped_column(Text, default="")
    header_row: Mapped[int] = mapped_column(default=1)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # [{row, column, message}], capped
    errors_total: Mapped[int] = mapped_column(default=0)
    failure: Mapped[str | None] = mapped_column(Text)  # why a failed import stopped
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moved by every committed batch; a `running` import whose heartbeat stops is shown as failed.
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def progress(self) -> dict[str, int]:
        return {"rows_done": self.rows_done, "rows_total": self.rows_total}

    @property
    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "error": self.failed_rows}


class AttendeeImportFile(db.Model):
    """The upload, kept until its import finishes so a worker on another host can read it."""

    __tablename__ = "attendee_import_files"

    import_id: Mapped[int] = mapped_column(
        ForeignKey("attendee_imports.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
