"""Department, team and office columns: header aliases, bad cells, export and a round trip."""
import csv
import io

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.server.imports.helpers import API, attendees, organizer_with_event, upload
from tests.server.imports.test_round_trip import item

LIST = ("Email,Name,Dept,Squad,Office location\n"
        "ana@example.org,Ana,Engineering Department,Platform,Lisboa\n"
        "bo@example.org,Bo,Finance,-,NYC\n")


def _by_email(client, owner, event):
    return {a["email"]: a for a in attendees(client, owner, event)}


def test_aliases_fill_the_fields_and_placeholders_mean_none(client):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, LIST)
    assert response.status_code == 201 and response.json["counts"]["created"] == 2, response.json
    assert response.json["columns"] == {"Email": "email", "Name": "display_name", "Dept": "department",
                                        "Squad": "team", "Office location": "office"}
    people = _by_email(client, owner, event)
    assert (people["ana@example.org"]["department"], people["ana@example.org"]["team"],
            people["ana@example.org"]["office"]) == ("Engineering Department", "Platform", "Lisboa")
    assert people["bo@example.org"]["team"] == ""


@pytest.mark.parametrize("scope, headers, target", [
    ("open", "Email,Department", "industry"),  # conference lists: the sector, as before
    ("cross_department", "Email,Department", "department"),
    ("open", "Email,Department,Team", "department"),
    ("open", "Email,Industry,Department", "department"),
])
def test_a_bare_department_column(client, scope, headers, target):
    owner, event = organizer_with_event(client)
    client.patch(f"{API}/events/{event['id']}", json={"networking_scope": scope}, headers=owner["headers"])
    cells = {"Email": "ana@example.org", "Department": "R&D", "Team": "Lab", "Industry": "Biotech"}
    row = ",".join(cells[h] for h in headers.split(","))
    response = upload(client, owner, event, f"{headers}\n{row}\n")
    assert response.status_code == 201, response.json
    assert response.json["columns"]["Department"] == target
    assert _by_email(client, owner, event)["ana@example.org"][target] == "R&D"


@pytest.mark.parametrize("column, cell", [("Department", "x" * 121), ("Team", "!!!x\u0007"), ("Office", "y" * 200)])
def test_bad_cells_are_row_errors_naming_the_column(client, column, cell):
    owner, event = organizer_with_event(client)
    cells = {"Department": "Sales", "Team": "Deals", "Office": "Oslo", column: cell}
    row = ",".join(cells[h] for h in ("Department", "Team", "Office"))
    response = upload(client, owner, event, f"Email,Department,Team,Office\nana@example.org,{row}\n")
    assert response.status_code == 201, response.json
    assert response.json["counts"]["error"] == 1
    assert [e["column"] for e in response.json["errors"]] == [column]
    assert attendees(client, owner, event) == []


def test_export_carries_the_fields_and_round_trips(client):
    owner, event = organizer_with_event(client)
    assert upload(client, owner, event, LIST).json["counts"]["created"] == 2
    exported = client.get(f"{API}/events/{event['id']}/attendees.csv", headers=owner["headers"])
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert {(r["email"], r["department"], r["team"], r["office"]) for r in rows} == {
        ("ana@example.org", "Engineering Department", "Platform", "Lisboa"), ("bo@example.org", "Finance", "", "NYC")}
    again = upload(client, owner, event, exported.data)
    assert again.json["counts"] == {"created": 0, "updated": 0, "unchanged": 2, "error": 0}, again.json
    changed = exported.data.decode("utf-8-sig").replace("Lisboa", "Berlin")
    assert upload(client, owner, event, changed).json["counts"]["updated"] == 1
    assert _by_email(client, owner, event)["ana@example.org"]["office"] == "Berlin"
    xlsx = client.get(f"{API}/events/{event['id']}/attendees.xlsx", headers=owner["headers"])
    assert xlsx.status_code == 200
    again = upload(client, owner, event, xlsx.data, filename="attendees.xlsx")
    assert again.json["counts"] == {"created": 0, "updated": 0, "unchanged": 2, "error": 0}, again.json


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(st.fixed_dictionaries({}, optional={"department": item, "team": item, "office": item}),
                      min_size=1, max_size=3))
def test_random_units_survive_csv_and_xlsx_round_trips(client, app, units):
    owner, event = organizer_with_event(client)
    body = [{"email": f"p{i}@example.org"} for i in range(len(units))]
    assert client.post(f"{API}/events/{event['id']}/imports", json=body, headers=owner["headers"]).status_code == 201
    for person, changes in zip(attendees(client, owner, event), units):
        patched = client.patch(f"{API}/events/{event['id']}/attendees/{person['id']}", json=changes,
                               headers=owner["headers"])
        assume(patched.status_code == 200)  # only what the profile rules accept must round-trip
    before = attendees(client, owner, event)
    for suffix in ("csv", "xlsx"):
        exported = client.get(f"{API}/events/{event['id']}/attendees.{suffix}", headers=owner["headers"])
        again = upload(client, owner, event, exported.data, f"export.{suffix}")
        assert again.json["counts"] == {"created": 0, "updated": 0, "unchanged": len(before), "error": 0}, (
            suffix, again.json["errors"])
        assert attendees(client, owner, event) == before, suffix
