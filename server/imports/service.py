"""Attendee imports: accept an upload, run it now or in the background, report on it from any worker."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable

from flask import current_app

from server import access
from server.access import Caller
from server.errors import ApiError, PayloadTooLarge, ValidationFailed
from server.events import service as events_service
from server.extensions import db
from server.imports import jobs
from server.imports.columns import ColumnPlan, plan_columns
from server.imports.headers import fragment_warnings
from server.imports.models import AttendeeImport, AttendeeImportFile
from server.imports.ooxml import Limits
from server.imports.parsing import Table, read_json, read_upload
from server.imports.runner import STATUS_OF, Runner
from server.imports.validate import RowContext, goal_lookup
from server.inputs import require_shallow_json
from server.pagination import decode_cursor, encode_cursor, paginate
from server.types import utcnow
from server.webhooks import payloads as webhooks

log = logging.getLogger(__name__)
STALE_MESSAGE = ("The import stopped without finishing (its worker died). Upload the file again: "
                 "rows already imported come back unchanged.")


@dataclass
class Upload:
    data: bytes
    filename: str = ""
    is_json: bool = False


def _read(data: bytes, *, is_json: bool, sheet: str | None, column_map: dict | None,
          internal: bool = False) -> tuple[Table, ColumnPlan]:
    def looks_like_header(header: list[str]) -> bool:
        try:
            plan_columns(header, column_map, internal=internal)
        except ValidationFailed:
            return False
        return True

    config = current_app.config
    limits = Limits(expanded_bytes=config["RAPPORT_IMPORT_XLSX_MAX_EXPANDED_BYTES"],
                    ratio=config["RAPPORT_IMPORT_XLSX_MAX_RATIO"],
                    shared_bytes=config["RAPPORT_IMPORT_XLSX_MAX_SHARED_BYTES"],
                    cell_chars=config["RAPPORT_IMPORT_XLSX_MAX_CELL_CHARS"])
    table = read_json(data) if is_json else read_upload(data, sheet=sheet, looks_like_header=looks_like_header,
                                                        limits=limits, max_rows=config["RAPPORT_IMPORT_MAX_ROWS"])
    return table, plan_columns(table.header, column_map, internal=internal)


def _internal(event_id: int) -> bool:
    event = events_service.get_event(event_id=event_id)
    return event is not None and event.networking_scope == "cross_department"


def start_import(*, caller: Caller, upload: Upload, dry_run: bool = False,
                 send_invites: bool = False, column_map: dict | None = None,
                 sheet: str | None = None) -> tuple[AttendeeImport, bool]:
    """Check the file, record the import, run it: (import, finished) - small files finish here."""
    account, event_id = caller.account, caller.event_id
    imp, table = create_import(event_id=event_id, created_by=account.id, upload=upload, dry_run=dry_run,
                               send_invites=send_invites, column_map=column_map, sheet=sheet)
    if imp.rows_total <= current_app.config["RAPPORT_IMPORT_SYNC_MAX_ROWS"]:
        run_import(import_id=imp.id, table=table)
        return imp, True
    db.session.add(AttendeeImportFile(import_id=imp.id, data=upload.data))
    db.session.commit()
    jobs.dispatch(imp.id, run=run_import)
    return imp, False


def create_import(*, event_id: int, created_by: int | None, upload: Upload, dry_run: bool = False,
                  send_invites: bool = False, column_map: dict | None = None,
                  sheet: str | None = None) -> tuple[AttendeeImport, tuple[Table, ColumnPlan]]:
    """Read the file far enough to refuse it early (413/422), then record a queued import."""
    config = current_app.config
    if len(upload.data) > config["RAPPORT_IMPORT_MAX_BYTES"]:
        raise file_too_large(config["RAPPORT_IMPORT_MAX_BYTES"])
    table, plan = _read(upload.data, is_json=upload.is_json, sheet=sheet, column_map=column_map,
                        internal=_internal(event_id))
    if table.rows_total > config["RAPPORT_IMPORT_MAX_ROWS"]:
        limit = config["RAPPORT_IMPORT_MAX_ROWS"]
        raise PayloadTooLarge(f"The file has {table.rows_total} rows; the limit is {limit}.",
                              errors={"file": [f"More than {limit} rows; split the file."]})
    if table.rows_total == 0:
        raise ValidationFailed("file", "The file has a header row but no attendee rows.")
    if table.format == "xlsx" and table.rows_total <= config["RAPPORT_IMPORT_SYNC_MAX_ROWS"]:
        # Read a small sheet through once, so a limit it breaks is a 413 before any row is written.
        for _row in table.open_rows():
            pass
    imp = AttendeeImport(
        event_id=event_id, created_by=created_by, status="queued", dry_run=dry_run, send_invites=send_invites,
        filename=(upload.filename or "")[:255], format=table.format, sheet=table.sheet,
        header_row=table.header_row, rows_total=table.rows_total,
        options={"columns": plan.columns, "ignored_columns": plan.ignored, "column_map": column_map or {},
                 "warnings": table.warnings + fragment_warnings(plan.ignored)},
    )
    db.session.add(imp)
    db.session.commit()
    return imp, (table, plan)


def file_too_large(limit: int) -> ApiError:
    """413 naming the `file` field and the limit."""
    return PayloadTooLarge(f"The file is larger than {limit} bytes.",
                           errors={"file": [f"Larger than {limit // (1024 * 1024) or limit} "
                                            f"{'MB' if limit >= 1024 * 1024 else 'bytes'}; split the file."]})


def _context(imp: AttendeeImport, plan: ColumnPlan, event) -> RowContext:
    intents = [(i.key, i.label) for i in events_service.intent_catalogue(event=event)]
    return RowContext(
        plan=plan, event_id=imp.event_id, goal_keys={k for k, _ in intents}, goal_lookup=goal_lookup(intents),
        goal_help=", ".join(f"{k} ({label})" for k, label in intents) or "none",
        max_cell=current_app.config["RAPPORT_IMPORT_MAX_CELL_CHARS"], from_file=imp.format != "json",
    )


def run_import(*, import_id: int, table: tuple[Table, ColumnPlan] | None = None,
               on_progress: Callable[[int], None] | None = None) -> AttendeeImport | None:
    """Run a queued import to the end (in the request, a thread, an RQ worker or the CLI)."""
    imp = db.session.get(AttendeeImport, import_id)
    if imp is None or imp.status != "queued":
        return imp  # already taken (a retried job) or deleted with its event
    try:
        if table is None:
            stored = db.session.get(AttendeeImportFile, import_id)
            table = _read(stored.data, is_json=imp.format == "json", sheet=imp.sheet,
                          column_map=imp.options.get("column_map"), internal=_internal(imp.event_id))
        event = events_service.get_event(event_id=imp.event_id)
        runner = Runner(imp, table[0], _context(imp, table[1], event), event=event, config=current_app.config,
                        on_progress=on_progress)
        imp.status, imp.started_at, imp.heartbeat_at = "running", utcnow(), utcnow()
        db.session.commit()
        runner.run()
        runner.finish(current_app.config["RAPPORT_IMPORT_MAX_REPORTED_ERRORS"])
        imp.status = "succeeded"
    except ApiError as exc:  # the file turned out unreadable part-way (a damaged workbook, too many rows)
        db.session.rollback()
        imp.status, imp.failure = "failed", exc.detail
    except Exception:
        log.exception("import %s failed", import_id)
        db.session.rollback()
        imp.status, imp.failure = "failed", "Something went wrong on our side; the rows written so far are complete."
    imp.finished_at = utcnow()
    db.session.execute(db.delete(AttendeeImportFile).where(AttendeeImportFile.import_id == import_id))
    if not imp.dry_run:
        webhooks.import_finished(imp)
    db.session.commit()
    return imp


def _fresh(imp: AttendeeImport) -> AttendeeImport:
    """A queued or running import whose heartbeat stopped is shown as failed: its worker is gone.

    Only shown: a read writes nothing (the row is detached first), and the running counts and the
    next upload already leave a stale import out by its heartbeat."""
    stale_after = timedelta(seconds=current_app.config["RAPPORT_IMPORT_STALE_AFTER"])
    if imp.status in ("queued", "running") and utcnow() - imp.heartbeat_at > stale_after:
        db.session.expunge(imp)
        imp.status, imp.failure, imp.finished_at = "failed", STALE_MESSAGE, utcnow()
    return imp


def get_import(*, caller: Caller, import_id: int) -> AttendeeImport:
    """One import of the caller's event, brought up to date; 404 for any other id."""
    return _fresh(access.get_in_event(AttendeeImport, import_id, event_id=caller.event_id,
                                      detail="No such import in this event."))


def list_imports(*, caller: Caller, limit: int | None = None,
                 cursor: str | None = None) -> tuple[list[AttendeeImport], str | None]:
    """The event's imports, page by page."""
    event_id = caller.event_id
    stmt = db.select(AttendeeImport).where(AttendeeImport.event_id == event_id)
    rows, next_cursor = paginate(stmt, AttendeeImport.id, limit=limit, cursor=cursor, session=db.session)
    return [_fresh(imp) for imp in rows], next_cursor


def row_reports(imp: AttendeeImport, *, status: str | None = None, after: int = 0,
                limit: int | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """Per-row outcomes from spreadsheet row `after` on; blank rows are left out."""
    errors: dict[int, list[dict]] = {}
    for error in imp.errors:
        errors.setdefault(error["row"], []).append({"column": error["column"], "message": error["message"]})
    items, start = [], max(after - imp.header_row, 0)
    for index in range(start, len(imp.outcomes)):
        row_status = STATUS_OF[imp.outcomes[index]]
        if row_status == "blank" or (status and row_status != status):
            continue
        if limit is not None and len(items) == limit:
            return items, items[-1]["row"]
        row = imp.header_row + 1 + index
        items.append({"row": row, "status": row_status, "errors": errors.get(row, [])})
    return items, None


def import_rows(*, caller: Caller, import_id: int, status: str | None = None,
                limit: int | None = None, cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """One page of an import's per-row report."""
    imp = get_import(caller=caller, import_id=import_id)
    limit = min(limit or current_app.config["RAPPORT_PAGE_LIMIT_DEFAULT"], current_app.config["RAPPORT_PAGE_LIMIT_MAX"])
    items, last = row_reports(imp, status=status, after=decode_cursor(cursor) if cursor else 0, limit=limit)
    return items, encode_cursor(last) if last is not None else None


def parse_column_map(raw: str | None) -> dict | None:
    """The `column_map` form field (JSON object) or None; 422 naming it when invalid."""
    if not raw:
        return None
    require_shallow_json(raw, field="column_map")
    try:
        return json.loads(raw)
    except ValueError:
        raise ValidationFailed("column_map", "Not valid JSON; give an object of header -> field.") from None


def backlog() -> dict[str, int]:
    """Imports waiting or running, by status, across every worker (stale ones excluded: they are failed)."""
    alive_since = utcnow() - timedelta(seconds=current_app.config["RAPPORT_IMPORT_STALE_AFTER"])
    rows = db.session.execute(
        db.select(AttendeeImport.status, db.func.count())
        .where(AttendeeImport.status.in_(("queued", "running")), AttendeeImport.heartbeat_at > alive_since)
        .group_by(AttendeeImport.status)).all()
    return {"queued": 0, "running": 0, **{status: count for status, count in rows}}
