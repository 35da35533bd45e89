"""The request edge: body size per route class, JSON depth, ids that fit the id columns, and the
headers every answer (or every private answer) carries. Problem+json naming the field, never a 5xx."""
from __future__ import annotations

import io
import json
import time

import pytest

from server.extensions import db
from tests.factories import create_event, join_event, sign_in_with_code, signup_organizer

API = "/api/v1"
PROBLEM = "application/problem+json"
BIG = 2**31  # one past the id columns' range


@pytest.fixture
def app_overrides():
    return {"MAX_BODY_BYTES": 4096, "IMPORT_MAX_BYTES": 16384, "JSON_MAX_DEPTH": 8}


@pytest.fixture
def world(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    ana = join_event(client, app, event, interests=["Rust"])
    return {"owner": owner, "event": event, "ana": ana}


def _rows(app) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.execute(db.select(db.func.count()).select_from(t)).scalar_one()
                for t in db.metadata.sorted_tables if t.name != "rate_limit_counters"}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


BODIES = [
    # (name, caller, path, body, status, field)
    ("json past the body limit, no token", None, "/events", {"name": "x" * 5000}, 413, "body"),
    ("json past the body limit, public route", None, "/auth/login", {"email": "a" * 5000}, 413, "body"),
    ("json past the body limit, signed in", "owner", "/events", {"name": "x" * 5000}, 413, "body"),
    ("json nested past the depth limit", "owner", "/events", {"name": json.loads(nested(8))}, 400, "body"),
    ("json nested 900 deep", None, "/auth/login", json.loads(nested(900)), 400, "body"),
    ("intro to an id past the id range", "ana", "/events/{e}/intros", {"to_attendee_id": BIG}, 422, "to_attendee_id"),
    ("block an id past the id range", "ana", "/events/{e}/blocks", {"attendee_id": BIG}, 422, "attendee_id"),
    ("notification ids past the id range", "ana", "/me/notifications/read", {"ids": [1, BIG]}, 422, "ids.1"),
    ("check-in of an id past the id range", "owner", "/events/{e}/check-ins", {"attendee_id": BIG}, 422,
     "attendee_id"),
]


@pytest.mark.parametrize("name,caller,path,body,status,field", BODIES, ids=[b[0] for b in BODIES])
def test_bad_bodies_are_refused_naming_the_field(client, app, world, name, caller, path, body, status, field):
    before = _rows(app)
    headers = world[caller]["headers"] if caller else {}
    response = client.post(API + path.format(e=world["event"]["id"]), json=body, headers=headers)
    assert response.status_code == status, response.json
    assert response.mimetype == PROBLEM and field in response.json["errors"], response.json
    assert _rows(app) == before


def test_raw_json_nested_2000_deep_is_a_400(client, world):
    # Built as text: Python's own json module could not even write it (and 4,000 deep is past 4096 bytes).
    response = client.post(f"{API}/auth/login", data=nested(2000), content_type="application/json")
    assert response.status_code == 400 and response.json["errors"] == {"body": ["Nested deeper than 8 levels."]}


def test_column_map_nested_4000_deep_is_a_400_naming_it(client, app, world):
    owner, event = world["owner"], world["event"]
    form = {"file": (io.BytesIO(b"Email\nbo@example.org\n"), "list.csv"), "column_map": nested(4000)}
    response = client.post(f"{API}/events/{event['id']}/imports", data=form, headers=owner["headers"],
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "column_map" in response.json["errors"], response.json


def test_uploads_get_the_import_limit_not_the_json_one(client, world):
    owner, event = world["owner"], world["event"]
    rows = b"Email\n" + b"".join(b"p%d@example.org\n" % i for i in range(400))  # ~8 KB: over 4096, under 16384
    form = {"file": (io.BytesIO(rows), "list.csv"), "dry_run": "true"}
    response = client.post(f"{API}/events/{event['id']}/imports", data=form, headers=owner["headers"],
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    form = {"file": (io.BytesIO(rows * 200), "list.csv")}  # past the import limit and its framing allowance
    too_big = client.post(f"{API}/events/{event['id']}/imports", data=form, content_type="multipart/form-data")
    assert too_big.status_code == 413 and too_big.mimetype == PROBLEM  # before the missing token matters


def _answers(client, world):
    owner, ana, event = world["owner"], world["ana"], world["event"]
    e = event["id"]
    return {
        "json 200": client.get(f"{API}/events/{e}", headers=owner["headers"]),
        "401": client.get(f"{API}/events"),
        "404": client.get(f"{API}/no-such-thing"),
        "405": client.delete(f"{API}/auth/login"),
        "422": client.post(f"{API}/events", json={}, headers=owner["headers"]),
        "csv": client.get(f"{API}/events/{e}/analytics?format=csv", headers=owner["headers"]),
        "png": client.get(f"{API}/events/{e}/attendees/me/qr?format=png", headers=ana["headers"]),
        "spec": client.get(f"{API}/openapi.json"),
        "healthz": client.get("/healthz"),
    }


def test_every_answer_says_nosniff(client, world):
    for name, response in _answers(client, world).items():
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name


def test_tokens_and_private_answers_are_not_stored(client, app, world):
    ana, e = world["ana"], world["event"]["id"]
    person = sign_in_with_code(client, app)
    answers = {
        "signup": client.post(f"{API}/auth/signup", json={"email": "new@example.org", "password": "a long passphrase",
                                                          "name": "New"}),
        "login": client.post(f"{API}/auth/login", json={"email": world["owner"]["email"],
                                                        "password": "correct horse battery"}),
        "refresh": client.post(f"{API}/auth/refresh", json={"refresh_token": person["refresh_token"]}),
        "my profile": client.get(f"{API}/events/{e}/attendees/me", headers=ana["headers"]),
        "my profile edited": client.patch(f"{API}/events/{e}/attendees/me", json={"bio": "hi"},
                                          headers=ana["headers"]),
        "my connections": client.get(f"{API}/events/{e}/connections", headers=ana["headers"]),
    }
    for name, response in answers.items():
        assert response.status_code in (200, 201), (name, response.json)
        assert response.headers.get("Cache-Control") == "no-store", name
    shared = client.get(f"{API}/events/{e}", headers=ana["headers"])
    assert "no-store" not in shared.headers.get("Cache-Control", "")  # ETag revalidation still works there


def test_an_upload_body_is_not_parsed_before_the_token_is_checked(client, world, monkeypatch):
    parsed = []
    monkeypatch.setattr("server.inputs._unstorable_paths", lambda data: parsed.append(data) or [])
    event = world["event"]
    anonymous = client.post(f"{API}/events/{event['id']}/imports", json=[{"email": "a@example.org"}])
    assert anonymous.status_code == 401 and parsed == []
    signed_in = client.post(f"{API}/events/{event['id']}/imports?dry_run=true", json=[{"email": "a@example.org"}],
                            headers=world["owner"]["headers"])
    assert signed_in.status_code == 201 and parsed == [[{"email": "a@example.org"}]]


@pytest.mark.parametrize("body", [b'"' + b'\\"' * 200_000, b'"' * 400_000, b"[]" * 200_000, b"[" + b'"a' * 200_000],
                         ids=["unclosed string of escaped quotes", "quotes", "flat brackets", "unclosed strings"])
def test_the_depth_scan_is_linear_on_hostile_bodies(body):
    from server.inputs import json_too_deep

    started = time.perf_counter()
    assert not json_too_deep(body, 32)
    assert time.perf_counter() - started < 1.0  # a rescanning scan took 20 s on the first one at 40 KB
