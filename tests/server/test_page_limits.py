"""`limit` is bounded by RAPPORT_PAGE_LIMIT_MAX, whatever it is set to (not by a number in the schema)."""
import pytest

from tests.factories import create_event, signup_organizer

API = "/api/v1"


@pytest.mark.parametrize("app_overrides, limit, status", [
    ({"PAGE_LIMIT_MAX": 300}, 250, 200),
    ({"PAGE_LIMIT_MAX": 300}, 301, 422),
    ({"PAGE_LIMIT_MAX": 2}, 2, 200),
    ({"PAGE_LIMIT_MAX": 2}, 3, 422),
])
def test_the_limit_follows_the_setting(client, app_overrides, limit, status):
    owner = signup_organizer(client)
    for name in ("One", "Two", "Three"):
        create_event(client, owner["headers"], name=name)
    response = client.get(f"{API}/events", query_string={"limit": limit}, headers=owner["headers"])
    assert response.status_code == status, response.json
    if status == 422:
        assert list(response.json["errors"]) == ["limit"] and str(app_overrides["PAGE_LIMIT_MAX"]) in str(
            response.json["errors"]["limit"])
    else:
        assert len(response.json["items"]) == min(limit, 3)
