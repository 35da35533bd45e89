"""The attendee list as CSV (streamed) or XLSX, in the importer's own columns, safe to open in a spreadsheet.

Every cell that could run as a formula is neutralised (`server.csv_export`), and the importer undoes
exactly that, so an exported file uploaded again changes nothing.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from server import csv_export
from server.access import Caller
from server.attendees import service as attendees_service
from server.imports.lists import join_list
from server.imports.ooxml import escape_text
from server.privacy import audit

HEADERS = ("rapport_id", "external_id", "email", "display_name", "company", "job_title", "industry", "bio",
           "phone", "links", "interests", "goals", "department", "team", "office", "status")
_LISTS = {"links", "interests", "goals"}


def _rows(event_id: int) -> Iterator[list[Any]]:
    for row in attendees_service.export_rows(event_id=event_id):  # columns in HEADERS order
        yield [join_list(value or []) if header in _LISTS else value for header, value in zip(HEADERS, row)]


def csv_chunks(*, caller: Caller) -> Iterator[str]:
    """Audit now, then yield the CSV (formula-safe, with a BOM: see `server.csv_export`) in chunks."""
    account, event_id = caller.account, caller.event_id
    audit.record(account=account, event_id=event_id, action="attendees.export", detail={"format": "csv"})
    return csv_export.chunks(HEADERS, _rows(event_id))


def xlsx_bytes(*, caller: Caller) -> bytes:
    """The attendee list as one XLSX sheet (openpyxl write-only mode: constant memory per row)."""
    from openpyxl import Workbook

    event_id = caller.event_id
    audit.record(account=caller.account, event_id=event_id, action="attendees.export", detail={"format": "xlsx"})
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Attendees")
    sheet.append(HEADERS)
    for row in _rows(event_id):
        cells = [csv_export.cell(v) for v in row]
        sheet.append([escape_text(c) if isinstance(c, str) else c for c in cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
