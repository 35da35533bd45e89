"""OOXML pieces shared by the XLSX reader and the exporter: limits, text escapes, errors."""
from __future__ import annotations

import re
from dataclasses import dataclass

from server.errors import PayloadTooLarge
from server.imports.table import FileUnreadable

_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_OOXML_TO_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)|[\x01-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")


@dataclass
class Limits:
    expanded_bytes: int  # all XML read from the zip
    ratio: int  # expanded / compressed size of one part
    shared_bytes: int  # the shared strings table in memory
    cell_chars: int  # one cell


def escape_text(value: str) -> str:
    """OOXML's escape for characters XML cannot carry (`_x000D_`); a literal `_x0041_` becomes `_x005F_x0041_`."""
    return _OOXML_TO_ESCAPE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)


def unescape_text(value: str) -> str:
    """Undo OOXML's `_xHHHH_` escapes."""
    return _OOXML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value) if "_x" in value else value


def too_large(what: str, setting: str, limit: int) -> PayloadTooLarge:
    """413 naming the workbook limit (and its setting) that was passed."""
    return PayloadTooLarge(f"The workbook's {what} exceeds {limit} ({setting}).",
                           errors={"file": [f"{what[0].upper()}{what[1:]} exceeds {limit} ({setting})."]})


def damaged(reason: str) -> FileUnreadable:
    """422 for a workbook that cannot be read, saying why."""
    return FileUnreadable(f"The workbook is damaged ({reason}).")


def local_name(name: str) -> str:
    """An element's name without its namespace."""
    return name.rpartition(" ")[2]  # expat joins namespace and local name with a space
