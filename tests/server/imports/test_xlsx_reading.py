"""Reading a sheet streams it to the end whatever its size tag claims: no database involved, so it runs
once (tests/conftest.py's ONCE), not on each database."""
from __future__ import annotations

from server.imports.service import _read
from tests.server.imports.xlsx_files import people_rows, workbook


def test_a_150000_row_sheet_claiming_two_rows_is_read_to_the_end(app):
    data = workbook(people_rows(150_000), dimension="A1:B2")
    with app.app_context():
        table, _plan = _read(data, is_json=False, sheet=None, column_map=None)
        assert table.rows_total == 150_000
        rows = list(table.open_rows())
    assert len(rows) == 150_000 and rows[-1] == (150_001, ["p149999@example.org", "P 149999"])
