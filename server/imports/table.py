"""What a read upload is: numbered rows and the table around them (shared by the CSV, XLSX and JSON
readers; the XLSX reader's modules import it without importing `parsing`, which imports them)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Callable

from server.errors import ValidationFailed

Row = tuple[int, list[Any]]  # (spreadsheet row number, cells)


class FileUnreadable(ValidationFailed):
    """The upload is not a CSV, XLSX or JSON array this importer can read."""

    def __init__(self, message: str):
        super().__init__("file", message)


@dataclass
class Table:
    format: str  # csv | xlsx | json
    header: list[str]
    header_row: int
    rows_total: int  # data records after the header (blank ones included)
    open_rows: Callable[[], Iterator[Row]]  # a fresh iterator over the data rows each call
    sheet: str | None = None
    warnings: list[str] = field(default_factory=list)  # about the file's shape, shown before anything else
