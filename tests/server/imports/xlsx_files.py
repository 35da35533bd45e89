"""Hand-made XLSX workbooks: a lying `<dimension>`, and decompression bombs, built without a spreadsheet library."""
from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_STATIC = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_SML}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SML}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_SML}.styles+xml"/></Types>'),
    "xl/styles.xml": (f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/>'
                      '<name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/>'
                      '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
                      '</borders><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
                      '</cellXfs></styleSheet>'),
    "_rels/.rels": (f'<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" '
                    f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
                        '<sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC}/sharedStrings" '
        f'Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{DOC}/styles" Target="styles.xml"/>'
        '</Relationships>'),
}


def _row(number: int, cells: Iterable[str]) -> str:
    inner = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                    for i, v in enumerate(cells))
    return f'<row r="{number}">{inner}</row>'


def _sheet(rows: Iterable[list[str]], dimension: str) -> Iterator[bytes]:
    yield (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
           '<sheetData>').encode()
    for number, cells in enumerate(rows, start=1):
        yield _row(number, cells).encode()
    yield b"</sheetData></worksheet>"


def workbook(rows: Iterable[list[str]], *, dimension: str = "A1:B2", shared: Iterable[bytes] = ()) -> bytes:
    """A one-sheet workbook with inline strings and whatever `<dimension>` it is told to claim."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _STATIC.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for piece in _sheet(rows, dimension):
                part.write(piece)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><sst xmlns="{MAIN}">'.encode())
            for piece in shared:
                part.write(piece)
            part.write(b"</sst>")
    return out.getvalue()


def _repeated(unit: bytes, total: int) -> Iterator[bytes]:
    block = unit * max(1, (1 << 20) // len(unit))
    for _ in range(total // len(block)):
        yield block


@functools.cache  # slow to build (seconds): build each size once per test run
def huge_cell_bomb(megabytes: int = 1200) -> bytes:
    """One cell of `megabytes` MB of text (about 1.2 MB compressed at the default)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _STATIC.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{_row(1, ["Email", "Bio"])}'
                       '<row r="2"><c r="A2" t="inlineStr"><is><t>a@example.org</t></is></c>'
                       '<c r="B2" t="inlineStr"><is><t>'.encode())
            for block in _repeated(b"A", megabytes << 20):
                part.write(block)
            part.write(b"</t></is></c></row></sheetData></worksheet>")
        archive.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="{MAIN}"/>')
    return out.getvalue()


@functools.cache
def shared_strings_bomb(megabytes: int = 160) -> bytes:
    """A shared strings table of `megabytes` MB of tiny distinct-looking strings (about 400 KB compressed)."""
    return workbook([["Email", "Name"], ["a@example.org", "Ana"]],
                    shared=_repeated(b"<si><t>x</t></si>", megabytes << 20))


def lying_sizes(data: bytes, part: str, declared: int) -> bytes:
    """The workbook with `part`'s uncompressed size in the central directory replaced by `declared`."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        name_length = int.from_bytes(out[at + 28:at + 30], "little")
        if out[at + 46:at + 46 + name_length] == part.encode():
            out[at + 24:at + 28] = declared.to_bytes(4, "little")
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def people_rows(count: int) -> list[list[str]]:
    """A header and `count` rows of email and name."""
    return [["Email", "Name"]] + [[f"p{i}@example.org", f"P {i}"] for i in range(count)]
