"""XLSX uploads are read by streaming with bounded sizes, and `<dimension>` is never trusted (issue 11, 2-3)."""
from __future__ import annotations

import pytest

from tests.server.imports.helpers import attendees, organizer_with_event, upload
from tests.server.imports.xlsx_files import huge_cell_bomb, lying_sizes, people_rows, shared_strings_bomb, workbook


@pytest.mark.parametrize("app_overrides", [{"IMPORT_SYNC_MAX_ROWS": 5000}])
def test_rows_beyond_a_too_small_dimension_are_all_imported(client, app, app_overrides):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, workbook(people_rows(2500), dimension="A1:B2"), "list.xlsx")
    assert response.status_code == 201, response.json
    assert response.json["progress"] == {"rows_done": 2500, "rows_total": 2500}
    assert response.json["counts"]["created"] == 2500
    assert len(attendees(client, owner, event)) == 2500


@pytest.mark.parametrize("app_overrides", [{"IMPORT_MAX_ROWS": 100_000}])
def test_a_150000_row_sheet_claiming_two_rows_is_refused_past_the_row_limit(client, app, app_overrides):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, workbook(people_rows(150_000), dimension="A1:B2"), "list.xlsx")
    assert response.status_code == 413 and "file" in response.json["errors"], response.json
    assert attendees(client, owner, event) == []


def test_a_one_row_sheet_claiming_300000_rows_imports_its_row(client, app):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, workbook(people_rows(1), dimension="A1:B300000"), "list.xlsx")
    assert response.status_code == 201, response.json
    assert (response.json["counts"]["created"], response.json["progress"]["rows_total"]) == (1, 1)


def _long_cell(chars: int) -> bytes:
    return workbook([["Email", "Bio"], ["a@example.org", "b" * chars]])


def _many_shared(count: int) -> bytes:
    return workbook(people_rows(1), shared=(b"<si><t>%d</t></si>" % i for i in range(count)))


# (setting override, file, setting the answer names; a row's total is a fixed bound): each limit trips while streaming, the ratio
# and expanded-size checks before a part is opened.
LIMITS = [
    ({"IMPORT_XLSX_MAX_CELL_CHARS": 1000}, _long_cell(1001), "RAPPORT_IMPORT_XLSX_MAX_CELL_CHARS"),
    ({"IMPORT_XLSX_MAX_CELL_CHARS": 1000}, workbook([["Email"], ["a@example.org"]],
                                                    shared=[b"<si><t>" + b"s" * 1001 + b"</t></si>"]),
     "RAPPORT_IMPORT_XLSX_MAX_CELL_CHARS"),
    ({"IMPORT_XLSX_MAX_SHARED_BYTES": 100_000}, _many_shared(10_000), "RAPPORT_IMPORT_XLSX_MAX_SHARED_BYTES"),
    ({"IMPORT_XLSX_MAX_EXPANDED_BYTES": 50_000}, _long_cell(60_000), "RAPPORT_IMPORT_XLSX_MAX_EXPANDED_BYTES"),
    ({"IMPORT_XLSX_MAX_CELL_CHARS": 100_000}, workbook([["Email"], ["a@example.org"] + ["r" * 99_000] * 11]),
     "A row holds more than 1048576 characters"),
    ({}, huge_cell_bomb(20), "RAPPORT_IMPORT_XLSX_MAX_RATIO"),
    ({"IMPORT_XLSX_MAX_RATIO": 10**6, "IMPORT_XLSX_MAX_EXPANDED_BYTES": 10**10}, huge_cell_bomb(20),
     "RAPPORT_IMPORT_XLSX_MAX_CELL_CHARS"),
    ({"IMPORT_XLSX_MAX_RATIO": 10**6, "IMPORT_XLSX_MAX_SHARED_BYTES": 8 << 20}, shared_strings_bomb(20),
     "RAPPORT_IMPORT_XLSX_MAX_SHARED_BYTES"),
]


@pytest.mark.parametrize("app_overrides,data,setting", LIMITS, ids=[f"{i}-{l[2]}" for i, l in enumerate(LIMITS)])
def test_each_xlsx_limit_answers_413_naming_its_setting(client, app, app_overrides, data, setting):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, data, "list.xlsx")
    assert response.status_code == 413, response.json
    assert response.mimetype == "application/problem+json"
    assert setting in response.json["errors"]["file"][0]
    assert attendees(client, owner, event) == []


@pytest.mark.parametrize("xml", [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><sheetData/>',
    b"<sheetData><!-- a comment can hide anything --></sheetData>",
    b"<sheetData><row><c t='inlineStr'><is><t><![CDATA[x]]></t></is></c></row></sheetData>",
    b"<sheetData><?pi data?></sheetData>",
])
def test_dtds_comments_cdata_and_processing_instructions_are_refused(client, app, xml):
    from tests.server.imports.xlsx_files import MAIN, _STATIC
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in _STATIC.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", b'<?xml version="1.0"?><worksheet xmlns="' + MAIN.encode()
                         + b'">' + xml + b"</worksheet>")
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, out.getvalue(), "list.xlsx")
    assert response.status_code == 422 and "file" in response.json["errors"], response.json


def test_a_part_that_expands_beyond_its_declared_size_is_cut_there(client, app):
    """zipfile yields no more than the declared size, so declaring a small one hides nothing."""
    bomb = workbook(people_rows(1), shared=(b"<si><t>%d</t></si>" % i for i in range(2_000_000)))  # 40 MB
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, lying_sizes(bomb, "xl/sharedStrings.xml", 1 << 20), "list.xlsx")
    assert response.status_code == 422 and "damaged" in response.json["errors"]["file"][0], response.json
    assert attendees(client, owner, event) == []
