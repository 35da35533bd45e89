"""Every CSV download: one rule against formula injection, a BOM, CRLF lines, and no caching of
anything personal.

Spreadsheets run a cell that starts with = + - @ tab or CR as a formula (also after leading quotes,
which some of them drop). Such a cell gets one `'` in front; the attendee importer strips exactly that
quote back (`imports.parsing.unneutralise`), so an exported list uploaded again changes nothing.
The UTF-8 BOM is how Excel knows the file is UTF-8 (names with accents would be mojibake otherwise).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Response

RISKY = re.compile(r"'*[=+\-@\t\r]")
BOM = "\ufeff"


def neutralise(value: str) -> str:
    """A cell no spreadsheet will run as a formula."""
    return "'" + value if RISKY.match(value) else value


def cell(value: Any) -> Any:
    """A value as a safe cell: text neutralised, None empty, numbers as they are."""
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def chunks(header: Iterable[str], rows: Iterable[Iterable[Any]], *, every: int = 500) -> Iterator[str]:
    """The CSV text (BOM, header, rows) in pieces of `every` rows, for streaming big files."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(v) for v in row])
        if count % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def text(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """The whole CSV as one string."""
    return "".join(chunks(header, rows))


def response(body: str | Iterable[str], *, filename: str, personal: bool, mimetype: str = "text/csv") -> Response:
    """A download; `personal` (names, contacts) adds `Cache-Control: no-store` so no shared or
    browser cache keeps a copy."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if personal:
        headers["Cache-Control"] = "no-store"
    return Response(body, mimetype=mimetype, headers=headers)
