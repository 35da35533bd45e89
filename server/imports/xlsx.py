"""XLSX workbooks read by streaming their XML, with every size bounded while reading.

A workbook is a zip of XML parts. Rows are parsed with expat from the decompressed stream in small
chunks and handed on as they complete, so a sheet is never held in memory. Python's zipfile never
yields more than a part's declared size, so declared sizes are checked before a part is opened (total
and compression ratio), and while streaming: bytes expanded, one cell's length, and the shared
strings table (the one part that must stay in memory, kept as UTF-8 bytes plus offsets).
`<dimension>` is never trusted: rows are counted by reading them.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from xml.parsers import expat

from server.errors import ApiError
from server.imports.ooxml import Limits, damaged, local_name, too_large, unescape_text
from server.imports.table import FileUnreadable, Row
from server.imports.xlsx_sheet import SheetReader

_CHUNK = 64 * 1024
_RATIO_EXEMPT_BYTES = 8 * 1024 * 1024  # small parts may compress very well; they cannot cost much
_SHARED_STRING_OVERHEAD = 16  # bytes charged per shared string, so millions of empty ones count too
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row((?:\s[^>]*)?)/?>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,9})["']""")
_FORBIDDEN = (b"<!", b"<?")  # DTDs, entities, comments, CDATA and processing instructions


class Workbook:
    """Sheet names, the shared strings, and a fresh row stream per call to `rows`."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.limits = limits
        self.expanded: dict[str, int] = {}  # part -> bytes expanded
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = {info.filename: info for info in self.zip.infolist()}
            self._read_workbook()
        except ApiError:
            raise
        except Exception as exc:  # BadZipFile, zlib.error, encrypted or unsupported compression...
            raise FileUnreadable(f"This is not a readable XLSX workbook ({type(exc).__name__}).") from None
        self._shared: tuple[bytearray, array] | None = None

    # -- parts -------------------------------------------------------------------------------------
    def _chunks(self, name: str, size: int = _CHUNK) -> Iterator[bytes]:
        info = self.names.get(name)
        if info is None:
            raise damaged(f"missing part {name}")
        limits = self.limits
        # Parts are read more than once (header search, row count, rows): each counts once.
        self.expanded.pop(name, None)
        others = sum(self.expanded.values())
        if others + info.file_size > limits.expanded_bytes:
            raise too_large("expanded size", "RAPPORT_IMPORT_XLSX_MAX_EXPANDED_BYTES", limits.expanded_bytes)
        if info.file_size > _RATIO_EXEMPT_BYTES and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise too_large("compression ratio", "RAPPORT_IMPORT_XLSX_MAX_RATIO", limits.ratio)
        tail, first = b"", True
        with self.zip.open(info) as stream:
            while chunk := stream.read(size):
                read = self.expanded[name] = self.expanded.get(name, 0) + len(chunk)
                if others + read > limits.expanded_bytes:  # zipfile stops at the declared size; kept as the rule
                    raise too_large("expanded size", "RAPPORT_IMPORT_XLSX_MAX_EXPANDED_BYTES", limits.expanded_bytes)
                window = tail + chunk
                start = 0
                if first:  # the XML declaration is the one processing instruction allowed
                    declaration = re.match(rb"(\xef\xbb\xbf)?\s*<\?xml[^>]{0,200}\?>", window)
                    start = declaration.end() if declaration else 0
                    first = False
                if any(window.find(marker, start) >= 0 for marker in _FORBIDDEN):
                    raise FileUnreadable("The workbook holds XML this importer does not read (a DTD, comments "
                                         "or CDATA); save it again from a spreadsheet application.")
                tail = chunk[-1:]
                yield chunk

    def parse(self, name: str, start, end, text) -> Iterator[None]:
        """Feed a part to expat chunk by chunk; yield after each chunk so callers can hand on results."""
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = False  # long text arrives in pieces, so a cell's size is checked as it grows

        def refuse(*_args):
            raise FileUnreadable("The workbook declares a DTD; save it again from a spreadsheet application.")

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
        try:
            for chunk in self._chunks(name):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
            yield
        except expat.ExpatError as exc:
            raise damaged(f"{name}: {exc}") from None
        except ApiError:
            raise
        except Exception as exc:  # a damaged zip fails in many ways (BadZipFile, zlib.error, EOFError...)
            raise damaged(f"{name}: {type(exc).__name__}") from None

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, tuple[str, str]] = {}

        def start(name, attrs):
            if local_name(name) == "Relationship" and "Id" in attrs and "Target" in attrs:
                target = attrs["Target"]
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                found[attrs["Id"]] = (attrs.get("Type", "").rpartition("/")[2], path)

        if rels_name in self.names:
            for _ in self.parse(rels_name, start, None, None):
                pass
        return found

    def _read_workbook(self) -> None:
        main = next((path for kind, path in self._relationships("").values() if kind == "officeDocument"),
                    "xl/workbook.xml")
        rels = self._relationships(main)
        self.sheets: dict[str, str] = {}
        relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

        def start(name, attrs):
            if local_name(name) == "sheet":
                rid = next((v for k, v in attrs.items() if local_name(k) == "id" or k == relationship), None)
                kind, path = rels.get(rid, ("", ""))
                if kind == "worksheet" and "name" in attrs:
                    self.sheets[attrs["name"]] = path

        for _ in self.parse(main, start, None, None):
            pass
        self.shared_part = next((p for kind, p in rels.values() if kind == "sharedStrings"), None)

    # -- shared strings ----------------------------------------------------------------------------
    def _shared_strings(self) -> tuple[bytearray, array]:
        if self._shared is not None:
            return self._shared
        data, offsets = bytearray(), array("Q", [0])
        limits = self.limits
        state = {"depth_rph": 0, "in_t": False, "parts": [], "length": 0, "charged": 0}

        def start(name, _attrs):
            local = local_name(name)
            if local == "rPh":
                state["depth_rph"] += 1
            elif local == "t" and not state["depth_rph"]:
                state["in_t"] = True

        def text(value):
            if state["in_t"]:
                state["length"] += len(value)
                if state["length"] > limits.cell_chars:
                    raise too_large("longest cell", "RAPPORT_IMPORT_XLSX_MAX_CELL_CHARS", limits.cell_chars)
                state["parts"].append(value)

        def end(name):
            local = local_name(name)
            if local == "rPh":
                state["depth_rph"] -= 1
            elif local == "t":
                state["in_t"] = False
            elif local == "si":
                encoded = unescape_text("".join(state["parts"])).encode("utf-8", "surrogatepass")
                state["charged"] += len(encoded) + _SHARED_STRING_OVERHEAD
                if state["charged"] > limits.shared_bytes:
                    raise too_large("shared strings table", "RAPPORT_IMPORT_XLSX_MAX_SHARED_BYTES",
                                     limits.shared_bytes)
                data.extend(encoded)
                offsets.append(len(data))
                state["parts"], state["length"] = [], 0

        if self.shared_part and self.shared_part in self.names:
            for _ in self.parse(self.shared_part, start, end, text):
                pass
        self._shared = (data, offsets)
        return self._shared

    def shared_string(self, index_text: str) -> str:
        data, offsets = self._shared_strings()
        try:
            index = int(index_text)
        except ValueError:
            raise damaged(f"shared string index {index_text[:20]!r}") from None
        if not 0 <= index < len(offsets) - 1:
            raise damaged(f"shared string {index} of {len(offsets) - 1}")
        return data[offsets[index]:offsets[index + 1]].decode("utf-8", "surrogatepass")

    # -- rows --------------------------------------------------------------------------------------
    def last_row(self, sheet: str, *, stop_after: int) -> int:
        """The sheet's last row number, found by reading (stops once past `stop_after`).

        A scan for row tags, much faster than parsing: with DTDs, comments, CDATA and processing
        instructions refused, every `<` opens a tag. It also bounds every text and tag by the cell
        limit (XML escapes take up to 6 bytes a character), so a huge cell is refused before any row
        is imported.
        """
        longest = self.limits.cell_chars * 6 + 4096
        last, run, tail = 0, 0, b""
        for chunk in self._chunks(self.sheets[sheet], size=256 * 1024):
            pieces = chunk.split(b"<")
            run += len(pieces[0])
            if run > longest or (len(pieces) > 2 and max(map(len, pieces[1:-1])) > longest):
                raise too_large("longest cell", "RAPPORT_IMPORT_XLSX_MAX_CELL_CHARS", self.limits.cell_chars)
            if len(pieces) > 1:
                run = len(pieces[-1])
            window = tail + chunk
            cut = window.rfind(b"<")
            for match in _ROW_TAG.finditer(window, 0, cut if cut >= 0 else len(window)):
                number = _ROW_NUMBER.search(match.group(1))
                last = int(number.group(1)) if number else last + 1
            tail = window[cut:] if 0 <= cut and len(window) - cut < 4096 else b""
            if last > stop_after:
                break
        return last

    def rows(self, sheet: str) -> Iterator[Row]:
        """(row number, cells) for every row element of the sheet, as the spreadsheet numbers them."""
        self._shared_strings()
        return SheetReader(self, self.sheets[sheet]).rows()
