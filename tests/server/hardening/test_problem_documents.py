"""Problem documents the app sends match the `Problem` schema that openapi.yaml promises, extension
members included (RFC 9457 3.2), so a client validating against the spec accepts them."""
from __future__ import annotations

import io
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.factories import create_event, signup_organizer

SPEC = yaml.safe_load((Path(__file__).resolve().parents[3] / "openapi.yaml").read_text())


@pytest.fixture
def app_overrides():
    return {"MAX_BODY_BYTES": 1024}


def _answers(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    headerless = {"file": (io.BytesIO(b"Name\nAna\n"), "list.csv")}
    return {
        "413 body limit": client.post("/api/v1/events", json={"name": "x" * 2000}),
        "422 import with found_headers": client.post(f"/api/v1/events/{event['id']}/imports", data=headerless,
                                                     headers=owner["headers"], content_type="multipart/form-data"),
        "401": client.get("/api/v1/events"),
        "404": client.get("/api/v1/events/999999", headers=owner["headers"]),
    }


def test_problem_documents_match_the_spec(client, app):
    schema = SPEC["components"]["schemas"]["Problem"]
    for name, response in _answers(client, app).items():
        assert response.mimetype == "application/problem+json", name
        jsonschema.validate(response.json, schema)
