"""Uploaded bytes -> a header and numbered rows of text cells: CSV (any encoding), XLSX or a JSON array.

Row numbers are the spreadsheet's: the first record is row 1, blank records count, so an organizer
can find "row 17" in the file they uploaded. JSON items are numbered from 1.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any, Callable

from server.errors import ValidationFailed
from server.imports.headers import check_header
from server.imports.table import FileUnreadable, Row, Table

DELIMITERS = (",", ";", "\t", "|")
# Exports prefix `'` to a cell that a spreadsheet could run as a formula (`server.csv_export`), and
# the importer strips exactly that quote back, so "+351 ..." exports as "'+351 ..." and re-imports as
# "+351 ...", and "'=x" survives as "''=x" -> "'=x".
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
_HEADER_SEARCH_ROWS = 20



def unneutralise(value: str) -> str:
    """Undo `csv_export.neutralise`: "'+351 ..." -> "+351 ..."; anything else unchanged."""
    return value[1:] if value[:1] == "'" and _NEUTRALISED.match(value) else value


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; binary refuses."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileUnreadable("The file starts like UTF-16 but is not valid UTF-16.") from None
    if b"\x00" in data[:65536]:
        raise FileUnreadable("This is not a text (CSV) file, nor an XLSX workbook or a JSON array.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    sample = [line for line in text[:65536].splitlines() if line.strip()][:20]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(sample, delimiter=delimiter)]
        if not widths or widths[0] < 2:
            continue
        # Most rows as wide as the header, then the widest header.
        score = (sum(w == widths[0] for w in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes) -> Table:
    """A CSV upload in any common encoding and delimiter as a Table."""
    text = decode(data)
    if "\x00" in text:
        raise FileUnreadable("The file holds binary data; it is not a CSV file.")
    delimiter = _sniff_delimiter(text)
    csv.field_size_limit(max(len(text), 131072))

    def records() -> Iterator[Row]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                yield number, record
        except csv.Error as exc:
            raise FileUnreadable(f"CSV error near row {number + 1}: {exc}.") from None

    header_row, raw_header, total, widths = 0, None, 0, Counter()
    for number, record in records():
        if raw_header is None:
            if any(c.strip() for c in record):
                header_row, raw_header = number, record
        else:
            total += 1
            if any(c.strip() for c in record):
                widths[len(record)] += 1
    if raw_header is None:
        raise FileUnreadable("The file is empty: give a header row and one row per attendee.")
    header, warnings = check_header(raw_header, delimiter, widths)

    def data_rows() -> Iterator[Row]:
        for number, record in records():
            if number > header_row:
                yield number, record

    return Table("csv", header, header_row, total, data_rows, warnings=warnings)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers and ids typed as numbers
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def read_xlsx(data: bytes, *, sheet: str | None = None, looks_like_header: Callable[[list[str]], bool],
              limits, max_rows: int) -> Table:
    """The named (or 1-based numbered) sheet, else the first sheet with a header row (one of its first 20
    rows) that maps an email or external ID column. Rows are counted by reading them (never `<dimension>`),
    stopping past `max_rows`."""
    from server.imports.xlsx import Workbook

    workbook = Workbook(data, limits)
    names = list(workbook.sheets)
    if sheet:
        if sheet in names:
            candidates = [sheet]
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            candidates = [names[int(sheet) - 1]]
        else:
            raise ValidationFailed("sheet", f"No sheet {sheet!r}; the workbook has {', '.join(names)}.")
    else:
        candidates = names
    for name in candidates:
        rows = workbook.rows(name)
        for number, cells in rows:
            if number > _HEADER_SEARCH_ROWS:
                break
            if any(str(c).strip() for c in cells):  # title rows above the header are skipped
                header = [str(c).strip() for c in cells]
                if looks_like_header(header):
                    rows.close()
                    return _xlsx_table(workbook, name, number, header, max_rows)
        rows.close()
    if sheet:
        raise FileUnreadable(f"Sheet {candidates[0]!r} has no header row with an email or ID column "
                             f"in its first {_HEADER_SEARCH_ROWS} rows.")
    raise FileUnreadable(
        f"No sheet has a header row with an email or ID column (sheets: {', '.join(names) or 'none'}); "
        "pick one with the `sheet` field."
    )


def _xlsx_table(workbook, name: str, header_row: int, header: list[str], max_rows: int) -> Table:
    last = workbook.last_row(name, stop_after=header_row + max_rows)

    def data_rows() -> Iterator[Row]:
        for number, cells in workbook.rows(name):
            if number > header_row:
                yield number, cells

    return Table("xlsx", header, header_row, max(last - header_row, 0), data_rows, sheet=name)


def read_json(data: bytes | list) -> Table:
    """A JSON array of objects; keys are the headers, items are numbered from 1."""
    if isinstance(data, (bytes, str)):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise FileUnreadable("Not valid JSON.") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValidationFailed("body", "Send a JSON array of objects, one per attendee.")
    header: list[str] = []
    for item in data:
        for key in item:
            if key not in header:
                header.append(str(key))

    def data_rows() -> Iterator[Row]:
        for number, item in enumerate(data, start=1):
            yield number, [_json_cell(item.get(key)) for key in header]

    return Table("json", header, 0, len(data), data_rows)


def _json_cell(value: Any) -> Any:
    if isinstance(value, list):
        return [_cell(v) if not isinstance(v, (dict, list)) else json.dumps(v) for v in value]
    if isinstance(value, dict):
        return json.dumps(value)
    return _cell(value)


def read_upload(data: bytes, *, sheet: str | None, looks_like_header: Callable[[list[str]], bool],
                limits, max_rows: int) -> Table:
    """Pick the reader from the content (never the file name): XLSX is a zip, the rest is CSV text."""
    if not data.strip():
        raise FileUnreadable("The file is empty: give a header row and one row per attendee.")
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, sheet=sheet, looks_like_header=looks_like_header, limits=limits, max_rows=max_rows)
    return read_csv(data)
