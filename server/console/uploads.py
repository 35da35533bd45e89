"""Attendee lists held between upload, preview (dry runs with a column mapping) and the import."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask import current_app

from server import access
from server.accounts.models import Account
from server.console.models import ConsoleUpload
from server.errors import NotFound
from server.extensions import db
from server.imports import service as imports_service
from server.imports.columns import check_column_map
from server.imports.models import AttendeeImport
from server.types import utcnow

KEEP = timedelta(days=1)


def hold(*, account: Account, event_id: int, data: bytes, filename: str) -> ConsoleUpload:
    """Keep an upload for its preview (organizers only; size-checked like the API's uploads)."""
    access.organizer(account=account, event_id=event_id)
    limit = current_app.config["RAPPORT_IMPORT_MAX_BYTES"]
    if len(data) > limit:
        raise imports_service.file_too_large(limit)
    db.session.execute(db.delete(ConsoleUpload).where(ConsoleUpload.created_at < utcnow() - KEEP))
    upload = ConsoleUpload(event_id=event_id, account_id=account.id, filename=filename[:255], data=data)
    db.session.add(upload)
    db.session.commit()
    return upload


def held(*, account: Account, event_id: int, upload_id: int) -> ConsoleUpload:
    """An upload this organizer made for this event, else 404."""
    access.organizer(account=account, event_id=event_id)
    upload = db.session.get(ConsoleUpload, upload_id)
    if upload is None or upload.event_id != event_id or upload.account_id != account.id:
        raise NotFound("No such upload; upload the file again.", errors={"upload_id": ["Unknown upload."]})
    return upload


def run(*, account: Account, event_id: int, upload_id: int, column_map: dict, dry_run: bool,
        send_invites: bool = False) -> AttendeeImport:
    """A dry run (preview) or the import of a held upload, through the API's import service."""
    caller = access.organizer(account=account, event_id=event_id)
    upload = held(account=account, event_id=event_id, upload_id=upload_id)
    check_column_map(column_map)
    imp, _ = imports_service.start_import(caller=caller, dry_run=dry_run, send_invites=send_invites,
        upload=imports_service.Upload(upload.data, upload.filename), column_map=column_map or None)
    if not dry_run:
        db.session.delete(db.session.get(ConsoleUpload, upload_id))
        db.session.commit()
    return imp


def error_report_csv(imp: AttendeeImport) -> str:
    """The import's per-row errors as CSV (row, column, message) for the organizer to fix the file."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "message"])
    items, _ = imports_service.row_reports(imp, status="error")
    for item in items:
        for error in item["errors"] or [{"column": "", "message": ""}]:
            # A cell starting with = + - @ would run as a formula in a spreadsheet.
            cells = [item["row"], error["column"], error["message"]]
            writer.writerow([f"'{c}" if isinstance(c, str) and c[:1] in "=+-@" else c for c in cells])
    return out.getvalue()
