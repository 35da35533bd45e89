"""The attendee list as CSV (streamed) or XLSX, in the importer's own columns, safe to open in a spreadsheet.

Every cell that could run as a formula is neutralised (`parsing.neutralise`), and the importer undoes
exactly that, so an exported file uploaded again changes nothing.
"""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import Any

from server.access import Caller
from server.attendees import service as attendees_service
from server.imports.lists import join_list
from server.imports.ooxml import escape_text
from server.imports.parsing import neutralise
from server.privacy import audit

HEADERS = ("rapport_id", "external_id", "email", "display_name", "company", "job_title", "industry", "bio",
           "phone", "links", "interests", "goals", "status")
_LISTS = {"links", "interests", "goals"}
_FLUSH_EVERY = 500


def _cells(row: Any) -> list[Any]:
    values = []
    for header, value in zip(HEADERS, row):
        if header in _LISTS:
            value = join_list(value or [])
        elif value is None:
            value = ""
        values.append(neutralise(value) if isinstance(value, str) else value)
    return values


def _rows(event_id: int) -> Iterator[list[Any]]:
    for row in attendees_service.export_rows(event_id=event_id):  # columns in HEADERS order
        yield _cells(row)


def csv_chunks(*, caller: Caller) -> Iterator[str]:
    """Authorize now, then yield the CSV (UTF-8 with BOM, so spreadsheets guess right) in chunks."""
    account, event_id = caller.account, caller.event_id
    audit.record(account=account, event_id=event_id, action="attendees.export", detail={"format": "csv"})

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        buffer.write(codecs.BOM_UTF8.decode("utf-8"))
        writer.writerow(HEADERS)
        for count, cells in enumerate(_rows(event_id), start=1):
            writer.writerow(cells)
            if count % _FLUSH_EVERY == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return generate()


def xlsx_bytes(*, caller: Caller) -> bytes:
    """The attendee list as one XLSX sheet (openpyxl write-only mode: constant memory per row)."""
    from openpyxl import Workbook

    event_id = caller.event_id
    audit.record(account=caller.account, event_id=event_id, action="attendees.export", detail={"format": "xlsx"})
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Attendees")
    sheet.append(HEADERS)
    for cells in _rows(event_id):
        sheet.append([escape_text(c) if isinstance(c, str) else c for c in cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
