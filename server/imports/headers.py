"""What the organizer should hear first about a file's header: a split header name, rows of another width,
ignored columns that look like pieces of a header.

The classic case: `Interests (separate with ;)` in a `;`-separated file is two fields,
`Interests (separate with` and `)`, and the interests would be dropped without a word.
"""
from __future__ import annotations

from collections import Counter


def _unbalanced(text: str) -> bool:
    return text.count("(") != text.count(")") or text.count("[") != text.count("]")


def _rejoin(record: list[str], delimiter: str) -> list[str]:
    """Join header fields that a separator inside parentheses split: `Interests (separate with` + `)`."""
    fields: list[str] = []
    for cell in record:
        last = fields[-1] if fields else ""
        if fields and (last.count("(") > last.count(")") or last.count("[") > last.count("]")):
            fields[-1] = last + delimiter + cell
        else:
            fields.append(cell)
    return fields


def check_header(record: list[str], delimiter: str, widths: Counter) -> tuple[list[str], list[str]]:
    """(header, warnings): a header as wide as its rows, repaired when a separator split one of its names."""
    header = [c.strip() for c in record]
    if not widths:
        return header, []
    width, _ = widths.most_common(1)[0]
    rows = sum(widths.values())
    named = len(header)
    while named and not header[named - 1]:
        named -= 1
    if named <= width <= len(header):  # rows may leave out trailing columns without a name
        wider = sum(count for w, count in widths.items() if w > len(header))
        return header, [f"{wider} of {rows} rows have more fields than the header ({len(header)}): their "
                        "extra cells are ignored, and their other cells may be in the wrong columns."] if wider else []
    repaired = [c.strip() for c in _rejoin(record, delimiter)]
    if len(repaired) == width:
        joined = [name for name in repaired if name not in header]
        return repaired, [f"The header row had {len(header)} fields but the rows have {width}: the separator "
                          f"{delimiter!r} also appears inside {', '.join(map(repr, joined))}, which was read as "
                          "one column. Put such headers in double quotes."]
    return header, [f"The header row has {len(header)} fields but {widths[width]} of {rows} rows have {width}: "
                    f"columns may be shifted or dropped. Check the separator ({delimiter!r}) and the quotes in "
                    "the header."]


def fragment_warnings(ignored: list[str]) -> list[str]:
    """A warning per ignored column whose name looks like a piece of a header split by the separator."""
    return [f"Ignored column {name!r} looks like part of a header name split by the separator; put the "
            "header in double quotes or send a column_map." for name in ignored
            if _unbalanced(name) or not any(char.isalnum() for char in name)]
