"""Running one import: rows -> checks -> in-file duplicates -> batches, each one transaction.

A batch holds whole attendees (account + profile) and the import's progress, so a process killed
mid-import leaves only complete attendees behind and a progress figure that matches them; uploading
the file again finishes the job (what was written comes back `unchanged`).
"""
from __future__ import annotations

import logging
from collections import Counter
from typing import Callable

from sqlalchemy.exc import DBAPIError

from server.attendees import service as attendees_service
from server.errors import PayloadTooLarge
from server.extensions import db
from server.imports.models import AttendeeImport
from server.imports.parsing import Table
from server.imports.validate import RowContext, check_row
from server.types import utcnow

log = logging.getLogger(__name__)
CODES = {"created": "c", "updated": "u", "unchanged": "n", "error": "e", "blank": "-"}
STATUS_OF = {code: status for status, code in CODES.items()}
# Tables that grow from nothing mislead PostgreSQL's planner into scanning the whole event per lookup.
_ANALYZE_AFTER_BATCHES = {1, 4, 16, 64}


class Runner:
    """Feeds a table through the checks into `attendees_service.bulk_upsert`, batch by batch."""

    def __init__(self, imp: AttendeeImport, table: Table, ctx: RowContext, *, event, config: dict,
                 on_progress: Callable[[int], None] | None = None) -> None:
        self.imp, self.table, self.ctx, self.event = imp, table, ctx, event
        self.batch_rows = config["RAPPORT_IMPORT_BATCH_ROWS"]
        self.max_rows = config["RAPPORT_IMPORT_MAX_ROWS"]
        self.on_progress = on_progress
        self.outcomes = bytearray(b"-" * table.rows_total)
        self.errors: list[tuple[int, int, str, str]] = []  # (row, column position, header, message)
        self.counts: Counter = Counter()
        self.seen_email: dict[str, int] = {}
        self.seen_external: dict[str, int] = {}
        self.pending: list[attendees_service.BulkRow] = []
        self.consumed = 0
        self.batches = 0

    def run(self) -> None:
        for number, cells in self.table.open_rows():
            index = number - self.table.header_row - 1
            if index >= self.max_rows:
                raise PayloadTooLarge(f"More than {self.max_rows} rows.", errors={"file": [
                    f"More than {self.max_rows} rows; split the file."]})
            self.consumed = index + 1
            row, problems, blank = check_row(self.ctx, cells)
            if blank:
                self._mark(index, "blank")
            elif problems:
                self._fail(number, index, problems)
            elif not self._duplicate(row, number, index):
                row.key = number
                self.pending.append(row)
                if len(self.pending) >= self.batch_rows:
                    self.flush()
        self.flush()

    def _mark(self, index: int, status: str) -> None:
        if index >= len(self.outcomes):
            self.outcomes.extend(b"-" * (index + 1 - len(self.outcomes)))
        self.outcomes[index] = ord(CODES[status])
        if status != "blank":
            self.counts[status] += 1

    def _fail(self, number: int, index: int, problems) -> None:
        self._mark(index, "error")
        self.errors.extend((number, position, header, message) for position, header, message in problems)

    def _duplicate(self, row, number: int, index: int) -> bool:
        """First row wins: a later row with the same external ID or email is reported, not imported."""
        for key, seen, name in ((row.external_id, self.seen_external, "external_id"),
                                (row.email, self.seen_email, "email")):
            if key and key in seen:
                what = "external ID" if name == "external_id" else "email"
                self._fail(number, index, [(self._position(name), self.ctx.plan.header_of(name),
                                            f"Same {what} as row {seen[key]}, which is imported instead.")])
                return True
        if row.external_id:
            self.seen_external[row.external_id] = number
        if row.email:
            self.seen_email[row.email] = number
        return False

    def _position(self, name: str) -> int:
        return self.ctx.plan.fields.get(name, [0])[0]

    def flush(self) -> None:
        """Write the pending rows and the progress in one transaction, then mail new attendees."""
        rows, self.pending = self.pending, []
        outcomes = self._write(rows) if rows else {}
        for row in rows:
            outcome = outcomes[row.key]
            index = row.key - self.table.header_row - 1
            if outcome.status == "error":
                name = outcome.field or "email"
                self._fail(row.key, index, [(self._position(name), self.ctx.plan.header_of(name), outcome.message)])
            else:
                self._mark(index, outcome.status)
        if not rows:
            self._progress()
            db.session.commit()
        self.batches += 1
        if self.batches in _ANALYZE_AFTER_BATCHES and not self.imp.dry_run:
            attendees_service.refresh_statistics()
        if self.imp.send_invites and not self.imp.dry_run:
            for row in rows:
                outcome = outcomes[row.key]
                if outcome.status == "created":
                    self._invite(outcome)
        if self.on_progress:
            self.on_progress(self.consumed)

    def _invite(self, outcome) -> None:
        try:
            attendees_service.send_invitation(event=self.event, display_name=outcome.display_name, email=outcome.email)
        except Exception:  # a mail relay hiccup must not fail an import that is already written
            log.exception("invitation to %s failed", outcome.email)

    def _progress(self, extra: Counter | None = None) -> None:
        counts = self.counts + (extra or Counter())
        imp = self.imp
        imp.rows_done, imp.heartbeat_at = self.consumed, utcnow()
        imp.created, imp.updated, imp.unchanged = counts["created"], counts["updated"], counts["unchanged"]
        imp.failed_rows = counts["error"]

    def _write(self, rows) -> dict:
        upsert = attendees_service.bulk_upsert
        for attempt in (1, 2):  # a lost race (SQLite busy snapshot, deadlock) is retried once
            try:
                outcomes = upsert(event_id=self.imp.event_id, rows=rows, dry_run=self.imp.dry_run)
                self._progress(Counter(o.status for o in outcomes.values()))
                db.session.commit()
                return outcomes
            except DBAPIError:
                db.session.rollback()
                log.warning("import %s: batch failed (attempt %d)", self.imp.id, attempt, exc_info=True)
        outcomes = {}
        for row in rows:  # one at a time: the row that cannot be saved is reported, the others are written
            try:
                outcomes.update(upsert(event_id=self.imp.event_id, rows=[row], dry_run=self.imp.dry_run))
                db.session.commit()
            except DBAPIError as exc:
                db.session.rollback()
                outcomes[row.key] = attendees_service.BulkOutcome(
                    "error", field="email", message=f"Could not be saved ({type(exc.orig).__name__}).")
        self._progress(Counter(o.status for o in outcomes.values()))
        db.session.commit()
        return outcomes

    def finish(self, max_errors: int) -> None:
        """Store the per-row outcomes and the first `max_errors` errors with the import."""
        self.errors.sort(key=lambda e: (e[0], e[1]))
        imp = self.imp
        imp.rows_total = self.consumed  # an XLSX size tag is only an estimate
        self._progress()
        imp.outcomes = self.outcomes.decode("ascii")
        imp.errors = [{"row": r, "column": h, "message": m} for r, _, h, m in self.errors[:max_errors]]
        imp.errors_total = len(self.errors)
