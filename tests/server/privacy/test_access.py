"""Who may use the new endpoints: export and erase one's own account, the audit log and event deletion;
and what the audit log records."""
from __future__ import annotations

import pytest

from tests.factories import create_event, join_event, sign_in_with_code, signup_organizer
from tests.snapshots import built_once

API = "/api/v1"
ANONYMOUS = "anonymous"


@pytest.fixture
def cast(client, app):
    return built_once(app, lambda: build_cast(client, app))


def build_cast(client, app) -> dict:
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    other_owner = signup_organizer(client)
    other_event = create_event(client, other_owner["headers"], name="Elsewhere")
    co_email = "co.organizer@example.org"
    added = client.post(f"{API}/events/{event['id']}/organizers", json={"email": co_email}, headers=owner["headers"])
    assert added.status_code == 201
    return {"event": event, "owner": owner, "co_organizer": sign_in_with_code(client, app, email=co_email),
            "attendee": join_event(client, app, event, display_name="Ana"),
            "other_attendee": join_event(client, app, other_event, display_name="Ola"),
            "other_organizer": other_owner, ANONYMOUS: {"headers": {}}}


ACCESS = [  # (endpoint, caller, expected status)
    *[("GET /events/{id}/audit-log", caller, status) for caller, status in (
        (ANONYMOUS, 401), ("attendee", 403), ("other_attendee", 404), ("owner", 200), ("co_organizer", 200),
        ("other_organizer", 404))],
    *[("DELETE /events/{id}", caller, status) for caller, status in (
        (ANONYMOUS, 401), ("attendee", 403), ("other_attendee", 404), ("co_organizer", 403),
        ("other_organizer", 404), ("owner", 204))],
    *[("GET /me/export", caller, status) for caller, status in (
        (ANONYMOUS, 401), ("attendee", 200), ("other_attendee", 200), ("owner", 200), ("co_organizer", 200))],
    *[("DELETE /me", caller, status) for caller, status in (
        (ANONYMOUS, 401), ("attendee", 204), ("other_attendee", 204), ("co_organizer", 204),
        ("owner", 409), ("other_organizer", 409))],
]


@pytest.mark.parametrize("endpoint,caller,status", ACCESS, ids=[f"{e} as {c}" for e, c, _ in ACCESS])
def test_who_may_call_the_lifecycle_endpoints(client, cast, endpoint, caller, status):
    method, path = endpoint.split(" ")
    response = client.open(API + path.replace("{id}", str(cast["event"]["id"])), method=method,
                           headers=cast[caller]["headers"])
    assert response.status_code == status, response.get_json()
    if status >= 400:
        assert response.content_type == "application/problem+json"
    if endpoint == "GET /me/export" and status == 200:
        assert response.headers["Cache-Control"] == "no-store"
        assert response.json["account"]["email"] == cast[caller].get("account_email", cast[caller].get("email"))


def test_the_audit_log_records_each_attendee_export_by_whom(client, cast):
    event, owner, co = cast["event"], cast["owner"], cast["co_organizer"]
    base = f"{API}/events/{event['id']}"
    assert client.get(f"{base}/attendees.csv", headers=cast["attendee"]["headers"]).status_code == 403
    assert client.get(f"{base}/attendees.csv", headers=owner["headers"]).status_code == 200
    assert client.get(f"{base}/attendees.xlsx", headers=co["headers"]).status_code == 200
    first = client.get(f"{base}/audit-log?limit=1", headers=owner["headers"])
    assert first.status_code == 200 and first.json["next_cursor"] and 'rel="next"' in first.headers["Link"]
    rest = client.get(f"{base}/audit-log?limit=1&cursor={first.json['next_cursor']}", headers=owner["headers"]).json
    records = first.json["items"] + rest["items"]
    assert rest["next_cursor"] is None
    assert [(r["action"], r["detail"], r["actor"]["email"]) for r in records] == [
        ("attendees.export", {"format": "csv"}, owner["email"]), ("attendees.export", {"format": "xlsx"}, co["email"])]
    other = client.get(f"{API}/events/{event['id'] + 1}/audit-log", headers=cast["other_organizer"]["headers"])
    assert other.status_code == 200 and other.json["items"] == []


@pytest.mark.parametrize("cursor", ["nonsense", "e30", "x" * 201])
def test_a_bad_audit_log_cursor_is_a_422_naming_it(client, cast, cursor):
    response = client.get(f"{API}/events/{cast['event']['id']}/audit-log?cursor={cursor}",
                          headers=cast["owner"]["headers"])
    assert response.status_code == 422 and "cursor" in response.json["errors"]
