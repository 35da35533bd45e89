"""List cells (interests, goals, links): one text encoding that export writes and import reads back exactly.

Items are joined with "; ". An item that contains `;`, `,` or `|`, or starts with a double quote, is
written in double quotes with inner quotes doubled, as in CSV: ["Research, development", "jazz"] ->
`"Research, development"; jazz`. Reading splits on any of `; , |` outside quotes, so hand-typed lists
("Rust, Payments", "a|b") keep working, and a quote that does not open a well-formed quoted item is
plain text (`6" screens, AI` is two items).
"""
from __future__ import annotations

import re

SEPARATORS = ";,|"
_NEEDS_QUOTES = re.compile(r'[;,|]|^"')
# A quoted item: "...", inner quotes doubled, then only spaces before the next separator or the end.
_QUOTED = re.compile(r'\s*"((?:[^"]|"")*)"\s*(?:[;,|]|\Z)')
_PLAIN = re.compile(r"[^;,|]*(?:[;,|]|\Z)")


def join_list(items: list[str]) -> str:
    """The cell for a list of (trimmed, non-empty) items."""
    return "; ".join('"' + item.replace('"', '""') + '"' if _NEEDS_QUOTES.search(item) else item
                     for item in items)


def split_list(text: str) -> list[str]:
    """Items of a list cell, trimmed, empty ones dropped; the inverse of `join_list`."""
    items: list[str] = []
    position, end = 0, len(text)
    while position < end:
        quoted = _QUOTED.match(text, position)
        if quoted:
            items.append(quoted.group(1).replace('""', '"').strip())
            position = quoted.end()
        else:
            plain = _PLAIN.match(text, position)  # always matches, possibly only the separator
            items.append(plain.group(0).rstrip(SEPARATORS).strip())
            position = plain.end()
    return [item for item in items if item]
