"""One rule makes every CSV cell safe to open in a spreadsheet (`server.csv_export`)."""
import pytest

from server import csv_export


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+351 912 345 678", "'+351 912 345 678"), ("-Fintech", "'-Fintech"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    # Some spreadsheets drop a leading quote, which would expose the formula behind it.
    ("'=already quoted", "''=already quoted"), ("''+1", "'''+1"),
    ("Ana", "Ana"), ("a=b", "a=b"), ("'plain", "'plain"), ("", ""), (None, ""), (3, 3), (0.25, 0.25),
])
def test_one_rule_for_every_cell(value, cell):
    assert csv_export.cell(value) == cell


def test_text_starts_with_a_bom_and_ends_lines_with_crlf():
    assert csv_export.text(["a", "b"], [["=x", None], [1, "y"]]) == "\ufeffa,b\r\n'=x,\r\n1,y\r\n"
