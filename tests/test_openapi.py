"""openapi.yaml is generated from the code, committed, valid, and never stale."""
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from server.extensions import api

SPEC_FILE = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_committed_spec_matches_the_code(app):
    committed = yaml.safe_load(SPEC_FILE.read_text())
    assert committed == api.spec.to_dict(), "openapi.yaml is stale: run `make openapi` and commit it"


def test_spec_is_valid_openapi_3(app):
    validate(yaml.safe_load(SPEC_FILE.read_text()))


def test_spec_is_served_with_a_docs_page(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert spec.json["openapi"].startswith("3.")
    assert "/api/v1/events/{event_id}/attendees/me" in spec.json["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.data.lower()


def test_every_operation_documents_its_errors_as_problem_json(app):
    spec = api.spec.to_dict()
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem)
