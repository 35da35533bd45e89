"""Import and export responses match the published contract (issue 11, point 8)."""
from pathlib import Path

import pytest
import yaml

from tests.server.imports.helpers import API, organizer_with_event, upload

SPEC = yaml.safe_load((Path(__file__).resolve().parents[3] / "openapi.yaml").read_text())


def _schema(ref: dict) -> dict:
    while "$ref" in ref:
        *_, kind, name = ref["$ref"].split("/")
        ref = SPEC["components"][kind][name]
    return ref


def test_a_422_for_unmappable_headers_matches_the_documented_problem(client, app):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, "Name,Company\nAna,Quantix\n")
    assert response.status_code == 422
    assert response.json["found_headers"] == ["Name", "Company"]
    documented = _schema(SPEC["paths"]["/api/v1/events/{event_id}/imports"]["post"]["responses"]["422"])
    schema = _schema(documented["content"]["application/problem+json"]["schema"])
    # Problem documents may carry extension members (RFC 9457); the import's own one is named and typed.
    assert schema["properties"]["found_headers"]["type"] == "array"
    assert set(response.json) <= set(schema["properties"]), set(response.json) - set(schema["properties"])


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_attendee_exports_are_never_cached(client, app, suffix):
    owner, event = organizer_with_event(client)
    response = client.get(f"{API}/events/{event['id']}/attendees.{suffix}", headers=owner["headers"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
