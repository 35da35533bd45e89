"""One worksheet's rows, pushed by expat: cells placed by their reference, values typed as the cell says."""
from __future__ import annotations

from collections.abc import Iterator

from server.errors import PayloadTooLarge
from server.imports.ooxml import damaged, local_name, too_large, unescape_text
from server.imports.table import Row

_MAX_ROW_NUMBER = 1_048_576  # Excel's own limits
_MAX_COLUMNS = 16_384
_MAX_ROW_CHARS = 1 << 20  # all cells of one row together, so a row of many long cells stays small too


def _column(ref: str) -> int:
    index = 0
    for char in ref.upper():
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        else:
            break
    if not 1 <= index <= _MAX_COLUMNS:
        raise damaged(f"cell reference {ref[:20]!r}")
    return index - 1


def _number(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    if value.is_integer():
        return str(int(value))  # phone numbers and ids typed as numbers
    return str(value)


class SheetReader:
    def __init__(self, workbook, part: str) -> None:
        self.workbook, self.part = workbook, part
        self.limit = workbook.limits.cell_chars
        self.done: list[Row] = []
        self.number = 0
        self.cells: list[str] = []
        self.column = -1
        self.kind = "n"
        self.parts: list[str] = []
        self.length = 0
        self.row_length = 0
        self.collecting = False
        self.in_rph = 0

    def rows(self) -> Iterator[Row]:
        for _ in self.workbook.parse(self.part, self.start, self.end, self.text):
            if self.done:
                done, self.done = self.done, []
                yield from done

    def start(self, name, attrs):
        local = local_name(name)
        if local == "c":
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            if self.column >= _MAX_COLUMNS:
                raise damaged("too many columns")
            self.kind, self.parts, self.length = attrs.get("t", "n"), [], 0
        elif local in ("v", "t") and not self.in_rph:
            self.collecting = True
        elif local == "rPh":
            self.in_rph += 1
        elif local == "row":
            ref = attrs.get("r")
            number = int(ref) if ref and ref.isdigit() else self.number + 1
            if not self.number < number <= _MAX_ROW_NUMBER:
                raise damaged(f"row {ref!r} after row {self.number}")
            self.number, self.cells, self.column, self.row_length = number, [], -1, 0

    def text(self, value):
        if self.collecting:
            self.length += len(value)
            self.row_length += len(value)
            if self.length > self.limit:
                raise too_large("longest cell", "RAPPORT_IMPORT_XLSX_MAX_CELL_CHARS", self.limit)
            if self.row_length > _MAX_ROW_CHARS:
                raise PayloadTooLarge(f"A row holds more than {_MAX_ROW_CHARS} characters.",
                                      errors={"file": [f"A row holds more than {_MAX_ROW_CHARS} characters."]})
            self.parts.append(value)

    def end(self, name):
        local = local_name(name)
        if local in ("v", "t"):
            self.collecting = False
        elif local == "rPh":
            self.in_rph -= 1
        elif local == "c":
            self._store("".join(self.parts))
        elif local == "row":
            self.done.append((self.number, self.cells))

    def _store(self, raw: str) -> None:
        kind = self.kind
        if kind == "s":
            value = self.workbook.shared_string(raw) if raw else ""
        elif kind == "b":
            value = "true" if raw.strip() == "1" else "false" if raw else ""
        elif kind == "n":
            value = _number(raw) if raw else ""
        else:  # inlineStr, str (a formula's text), e (an error such as #N/A), d (an ISO date)
            value = unescape_text(raw)
        cells = self.cells
        if self.column >= len(cells):
            cells.extend([""] * (self.column + 1 - len(cells)))
        cells[self.column] = value
