"""A header that does not match its rows is a warning the report puts first (issue 11, point 9)."""
import pytest

from tests.server.imports.helpers import attendees, organizer_with_event, upload

# The README's example as it used to be: the `;` in the last header splits it in two.
README_LIST = ("Ticket ID;First Name;Last Name;E-mail Address;Company / Organisation;Goals;Interests (separate with ;)\n"
               'T-1;Rui;Costa;rui@example.org;Northwind;Investing;"Payments; Rust"\nT-2;Eva;Lopes;;Acme;world peace;\n')


def test_a_header_split_by_its_own_separator_is_repaired_and_reported_first(client, app):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, README_LIST)
    assert response.status_code == 201, response.json
    report = response.json
    assert list(report)[0] == "warnings"
    (warning,) = report["warnings"]
    assert "8 fields" in warning and "'Interests (separate with ;)'" in warning
    assert report["columns"]["Interests (separate with ;)"] == "interests" and report["ignored_columns"] == []
    (rui,) = attendees(client, owner, event)
    assert rui["interests"] == ["Payments", "Rust"]


SHAPES = [
    ("rows wider than the header", "Email,Name\na@example.org,Ana,extra\nb@example.org,Bo,extra\n",
     "2 of 2 rows have 3"),
    ("some rows wider than the header", "Email,Name\na@example.org,Ana\nb@example.org,Bo,x\nc@example.org\n",
     "1 of 3 rows have more fields than the header (2)"),
    ("ignored column that is a fragment", "Email,Name,Interests [comma,separated]\na@example.org,Ana,x,y\n",
     "'Interests [comma' looks like part of a header"),
    ("ignored column of punctuation", "Email;Name;)\na@example.org;Ana;x\n", "')' looks like part of a header"),
]


@pytest.mark.parametrize("name,data,expected", SHAPES, ids=[s[0] for s in SHAPES])
def test_suspicious_header_shapes_are_warnings(client, app, name, data, expected):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, data, dry_run=True)
    assert response.status_code == 201, response.json
    assert list(response.json)[0] == "warnings"
    assert any(expected in w for w in response.json["warnings"]), response.json["warnings"]


@pytest.mark.parametrize("data", ["Email,Name,Notes\na@example.org,Ana,x\n",
                                  "Email,Name,Notes,,\na@example.org,Ana,x\nb@example.org\n"])
def test_clean_files_have_no_warnings(client, app, data):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, data)
    assert response.json["warnings"] == [] and response.json["ignored_columns"] == ["Notes"]


def test_the_cli_prints_warnings_before_the_report(client, app, tmp_path):
    owner, event = organizer_with_event(client)
    path = tmp_path / "list.csv"
    path.write_text("Email,Name\na@example.org,Ana,extra\n")
    result = app.test_cli_runner().invoke(args=["import-attendees", str(event["id"]), str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.index("WARNING: The header row has 2 fields but 1 of 1 rows have 3") < result.output.index("succeeded:")
