"""Exports open safely in a spreadsheet (no cell runs as a formula) and re-import with no change."""
import csv
import io

import openpyxl
import pytest

from tests.server.imports.helpers import API, attendees, organizer_with_event, upload

RISKY = ("=", "+", "-", "@", "\t", "\r")
LIST = (
    "Ticket ID,Full name,Email,Company,Job title,Industry,Bio,Phone,Links,Interests,Goals\n"
    'T1,Ana Sousa,ana@example.org,=HYPERLINK("http://evil.example"),@ceo,-Fintech,"+1 line\nand two",'
    "'+351 912 345 678,https://ana.example,\"Rust; Payments\",hiring\n"
    "T2,-Bruno,bruno@example.org,'=already quoted,Engineer,,plain,,,,\n"
    ",Carla,carla@example.org,Acme,,,,(+44) 20 7946 0958,,Climate tech,investing;mentoring\n"
)


def _seed(client):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, LIST)
    assert response.json["counts"]["created"] == 3, response.json
    # An uploaded "'=..." is read as "=..." (export's quote); a profile can still hold a real leading quote.
    bruno = next(p for p in attendees(client, owner, event) if p["email"] == "bruno@example.org")
    patched = client.patch(f"{API}/events/{event['id']}/attendees/{bruno['id']}", json={"company": "'=really"},
                           headers=owner["headers"])
    assert patched.status_code == 200, patched.json
    return owner, event


def test_csv_export_is_formula_safe_and_round_trips(client, app):
    owner, event = _seed(client)
    before = attendees(client, owner, event)
    response = client.get(f"{API}/events/{event['id']}/attendees.csv", headers=owner["headers"])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["rapport_id", "external_id", "email", "display_name"]
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(RISKY)]
    by_email = {row[2]: row for row in rows[1:]}
    assert by_email["ana@example.org"][4] == "'=HYPERLINK(\"http://evil.example\")"
    assert by_email["ana@example.org"][8] == "'+351 912 345 678"
    assert by_email["bruno@example.org"][3] == "'-Bruno"
    assert by_email["bruno@example.org"][4] == "''=really"  # a real leading quote survives the round trip
    again = upload(client, owner, event, response.data, "export.csv")
    assert again.json["counts"] == {"created": 0, "updated": 0, "unchanged": 3, "error": 0}
    assert again.json["ignored_columns"] == ["rapport_id", "status"]
    assert attendees(client, owner, event) == before
    assert before[0]["phone"] == "+351 912 345 678" and before[1]["company"] == "'=really"


def test_xlsx_export_is_formula_safe_and_round_trips(client, app):
    owner, event = _seed(client)
    before = attendees(client, owner, event)
    response = client.get(f"{API}/events/{event['id']}/attendees.xlsx", headers=owner["headers"])
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(RISKY)]
    again = upload(client, owner, event, response.data, "export.xlsx")
    assert again.status_code == 201, again.json
    assert again.json["counts"] == {"created": 0, "updated": 0, "unchanged": 3, "error": 0}
    assert attendees(client, owner, event) == before


def test_export_streams_big_events_in_chunks(client, app):
    owner, event = organizer_with_event(client)
    body = [{"email": f"p{i}@example.org", "display_name": f"P {i}"} for i in range(1200)]
    assert client.post(f"{API}/events/{event['id']}/imports", json=body, headers=owner["headers"]).status_code == 201
    response = client.get(f"{API}/events/{event['id']}/attendees.csv", headers=owner["headers"], buffered=False)
    assert response.is_streamed
    chunks = list(response.response)
    assert len(chunks) >= 3  # rows go out as they are read, not as one body
    assert "".join(c.decode() if isinstance(c, bytes) else c for c in chunks).count("\r\n") == 1201


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_empty_event_exports_a_header(client, app, suffix):
    owner, event = organizer_with_event(client)
    response = client.get(f"{API}/events/{event['id']}/attendees.{suffix}", headers=owner["headers"])
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    if suffix == "csv":
        assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)]
    assert rows == [["rapport_id", "external_id", "email", "display_name", "company", "job_title", "industry",
                     "bio", "phone", "links", "interests", "goals", "department", "team",
                     "office", "status"]]
