"""`?limit=` of the suggestions: read without webargs on the hot path, answered exactly as the schema does.

The view reads the common spellings itself and hands everything else to the schema; the expectations
below are what flask-smorest's webargs answered before (main 44228e0), spelling by spelling.
"""
import pytest

from tests.factories import create_event, join_event, signup_organizer
from tests.snapshots import built_once


@pytest.fixture
def crowd(client, app):
    def build():
        event = create_event(client, signup_organizer(client)["headers"])
        people = [join_event(client, app, event, display_name=f"P{i}", interests=["Sailing", "Chess"])
                  for i in range(13)]
        return {"event": event["id"], "headers": people[0]["headers"]}
    return built_once(app, build)


@pytest.mark.parametrize("query, status, items", [
    ("", 200, 10), ("?limit=3", 200, 3), ("?limit=1", 200, 1), ("?limit=50", 200, 12), ("?limit=03", 200, 3),
    ("?other=1", 200, 10), ("?limit=2&limit=40", 200, 2), ("?limit=+4", 200, 4), ("?limit=%204", 200, 4),
    ("?limit=4.0", 422, None), ("?limit=0", 422, None), ("?limit=51", 422, None), ("?limit=-1", 422, None),
    ("?limit=", 422, None), ("?limit=abc", 422, None), ("?limit=100000", 422, None), ("?limit=1e1", 422, None),
    ("?limit=%D9%A3", 200, 3),  # an Arabic-Indic three: the schema's int() reads it, as before
])
def test_limit_spellings_answer_as_the_schema_does(client, crowd, query, status, items):
    response = client.get(f"/api/v1/events/{crowd['event']}/suggestions{query}", headers=crowd["headers"])
    assert response.status_code == status, response.json
    if status == 200:
        assert len(response.json["items"]) == items
    else:
        assert response.content_type == "application/problem+json"
        assert response.json["detail"] == "Invalid fields: limit"
        assert list(response.json["errors"]) == ["limit"]
