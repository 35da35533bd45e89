"""Bad input to the networking endpoints: a 4xx problem naming the field, never a 5xx, no writes."""
import pytest

from tests.factories import create_event, join_event, signup_organizer
from tests.snapshots import built_once

API = "/api/v1"


@pytest.fixture
def setup(client, app):
    return built_once(app, lambda: build_setup(client, app))


def build_setup(client, app) -> dict:
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    ana = join_event(client, app, event, interests=["Rust"])
    ben = join_event(client, app, event, interests=["rust"])
    other_event = create_event(client, signup_organizer(client)["headers"])
    stranger = join_event(client, app, other_event)
    return {"e": event["id"], "ana": ana, "ben": ben, "stranger": stranger}


CASES = [
    # (name, method, path, body, expected status, field named in `errors`)
    ("unknown attendee intro", "POST", "/events/{e}/intros", {"to_attendee_id": 999999}, 404, "to_attendee_id"),
    ("attendee of another event", "POST", "/events/{e}/intros", {"to_attendee_id": "{stranger}"}, 404, "to_attendee_id"),
    ("self intro", "POST", "/events/{e}/intros", {"to_attendee_id": "{ana}"}, 422, "to_attendee_id"),
    ("intro id as string", "POST", "/events/{e}/intros", {"to_attendee_id": "12"}, 422, "to_attendee_id"),
    ("intro without recipient", "POST", "/events/{e}/intros", {"message": "hi"}, 422, "to_attendee_id"),
    ("oversize message", "POST", "/events/{e}/intros", {"to_attendee_id": "{ben}", "message": "x" * 501}, 422, "message"),
    ("message of wrong type", "POST", "/events/{e}/intros", {"to_attendee_id": "{ben}", "message": ["hi"]}, 422, "message"),
    ("unknown field", "POST", "/events/{e}/intros", {"to_attendee_id": "{ben}", "sender_id": 1}, 422, "sender_id"),
    ("forged qr token", "POST", "/events/{e}/connections/scan", {"token": "eyJoIjoiYWJjIn0.AAAA.BBBB"}, 422, "token"),
    ("empty qr token", "POST", "/events/{e}/connections/scan", {"token": ""}, 422, "token"),
    ("oversize qr token", "POST", "/events/{e}/connections/scan", {"token": "a" * 501}, 422, "token"),
    ("bad feedback kind", "POST", "/events/{e}/suggestions/{ben}/feedback", {"kind": "love"}, 422, "kind"),
    ("feedback on oneself", "POST", "/events/{e}/suggestions/{ana}/feedback", {"kind": "skip"}, 422, "attendee_id"),
    ("feedback on unknown", "POST", "/events/{e}/suggestions/999999/feedback", {"kind": "skip"}, 404, "attendee_id"),
    ("suggestion limit 0", "GET", "/events/{e}/suggestions?limit=0", None, 422, "limit"),
    ("suggestion limit huge", "GET", "/events/{e}/suggestions?limit=100000", None, 422, "limit"),
    ("block oneself", "POST", "/events/{e}/blocks", {"attendee_id": "{ana}"}, 422, "attendee_id"),
    ("block unknown", "POST", "/events/{e}/blocks", {"attendee_id": 999999}, 404, "attendee_id"),
    ("intro status filter", "GET", "/events/{e}/intros?status=maybe", None, 422, "status"),
    ("qr format", "GET", "/events/{e}/attendees/me/qr?format=gif", None, 422, "format"),
    ("mark read of nothing", "POST", "/me/notifications/read", {"ids": []}, 422, "ids"),
    ("mark read ids as strings", "POST", "/me/notifications/read", {"ids": ["1"]}, 422, "ids.0"),
]


def _fill(value, ids):
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name,method,path,body,status,field", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_a_problem_naming_the_field(client, setup, name, method, path, body, status, field):
    ids = {"e": setup["e"], "ana": setup["ana"]["id"], "ben": setup["ben"]["id"], "stranger": setup["stranger"]["id"]}
    response = client.open(API + path.format(**ids), method=method, json=_fill(body, ids),
                           headers=setup["ana"]["headers"])
    assert response.status_code == status, response.get_json()
    assert response.content_type == "application/problem+json"
    assert field in response.json.get("errors", {}), response.json
    intros = client.get(f"{API}/events/{setup['e']}/intros", headers=setup["ana"]["headers"]).json["items"]
    assert intros == []  # nothing half-written


def test_duplicate_intro_is_a_conflict_and_writes_nothing(client, setup):
    url = f"{API}/events/{setup['e']}/intros"
    body = {"to_attendee_id": setup["ben"]["id"], "message": "hello"}
    assert client.post(url, json=body, headers=setup["ana"]["headers"]).status_code == 201
    again = client.post(url, json=body, headers=setup["ana"]["headers"])
    assert again.status_code == 409 and "to_attendee_id" in again.json["errors"]
    assert len(client.get(url, headers=setup["ana"]["headers"]).json["items"]) == 1
