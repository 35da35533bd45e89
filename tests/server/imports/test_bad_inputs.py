"""Malformed uploads get a 4xx problem naming the field, never a 500, and write nothing."""
import io
import json

import openpyxl
import pytest

from tests.server.imports.helpers import API, attendees, organizer_with_event, upload


@pytest.fixture
def app_overrides():
    return {"IMPORT_MAX_BYTES": 16384, "IMPORT_MAX_ROWS": 50, "IMPORT_MAX_CELL_CHARS": 300}


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Email", "Name"])
    workbook.active.append(["ana@example.org", "Ana"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


BAD_FILES = [
    ("binary garbage", bytes(range(256)) * 4, "list.csv", 422, "file"),
    ("empty file", b"", "list.csv", 422, "file"),
    ("only blank lines", b"\r\n\r\n  \r\n", "list.csv", 422, "file"),
    ("header only", b"Email,Name\r\n", "list.csv", 422, "file"),
    ("no email or id column", b"Name,Company\nAna,Quantix\n", "list.csv", 422, "file"),
    ("truncated xlsx", _xlsx()[:700], "list.xlsx", 422, "file"),
    ("zip that is no workbook", b"PK\x03\x04" + b"\x00" * 100, "list.xlsx", 422, "file"),
    ("bad UTF-16", b"\xff\xfe" + b"\x00\xd8" + b"a\x00", "list.csv", 422, "file"),
    ("unterminated quote", b'Email,Name\nana@example.org,"Ana\n' + b"x" * 10, "list.csv", 201, None),
    ("too big", b"Email\n" + b"a@example.org\n" * 1200, "list.csv", 413, "file"),
    ("too many rows", b"Email\n" + b"".join(b"p%d@x.org\n" % i for i in range(51)), "list.csv", 413, "file"),
]


@pytest.mark.parametrize("name,data,filename,status,field", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files(client, app, name, data, filename, status, field):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, data, filename)
    assert response.status_code == status, response.json
    if field:
        assert response.mimetype == "application/problem+json"
        assert field in response.json["errors"], response.json
        assert attendees(client, owner, event) == []


def test_wrong_extension_is_read_by_content(client, app):
    owner, event = organizer_with_event(client)
    assert upload(client, owner, event, _xlsx(), "list.csv").json["format"] == "xlsx"
    assert upload(client, owner, event, b"Email\nbo@example.org\n", "list.xlsx").json["format"] == "csv"
    assert {a["email"] for a in attendees(client, owner, event)} == {"ana@example.org", "bo@example.org"}


BAD_REQUESTS = [
    ("no file field", dict(data={"dry_run": "true"}), 422, "file"),
    ("plain text body", dict(data="Email\na@b.org\n", content_type="text/csv"), 422, "file"),
    ("column_map not JSON", dict(form={"column_map": "{nope"}), 422, "column_map"),
    ("column_map not an object", dict(form={"column_map": "[1]"}), 422, "column_map"),
    ("column_map unknown field", dict(form={"column_map": json.dumps({"Email": "salary"})}), 422, "column_map"),
    ("column_map unknown header", dict(form={"column_map": json.dumps({"E-mail": "email"})}), 422, "column_map"),
    ("dry_run not a boolean", dict(form={"dry_run": "perhaps"}), 422, "dry_run"),
    ("unknown sheet", dict(form={"sheet": "Nope"}, xlsx=True), 422, "sheet"),
    ("JSON not an array", dict(json={"email": "a@b.org"}), 422, "body"),
    ("JSON array of strings", dict(json=["a@b.org"]), 422, "body"),
]


@pytest.mark.parametrize("name,request_kw,status,field", BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_bad_requests(client, app, name, request_kw, status, field):
    owner, event = organizer_with_event(client)
    url = f"{API}/events/{event['id']}/imports"
    if "form" in request_kw or "xlsx" in request_kw:
        data = _xlsx() if request_kw.get("xlsx") else b"Email\na@example.org\n"
        response = upload(client, owner, event, data, **request_kw.get("form", {}))
    else:
        response = client.post(url, headers=owner["headers"], **request_kw)
    assert response.status_code == status, response.json
    assert response.mimetype == "application/problem+json"
    assert field in response.json["errors"], response.json
    assert attendees(client, owner, event) == []


def test_too_long_cell_is_a_row_error_not_a_file_error(client, app):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, f"Email,Notes,Bio\na@example.org,{'n' * 400},{'b' * 301}\n"
                                            f"b@example.org,,short\n")
    assert response.status_code == 201
    assert response.json["errors"] == [{"row": 2, "column": "Bio", "message": "Longer than 300 characters."}]
    assert [a["email"] for a in attendees(client, owner, event)] == ["b@example.org"]  # ignored columns are not checked


def test_body_far_beyond_the_limit_is_refused_before_parsing(client, app):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, b"Email\n" + b"a" * (1200 * 1024))
    assert response.status_code == 413 and "file" in response.json["errors"]
