"""Who may touch intros, suggestions, connections, blocks, QR codes and notifications.

World: organizer A owns E1 (A has no attendee profile); organizer B owns E2. In E1, X sent W an
intro that is pending, X and V are connected, and Z is a third attendee; Y attends E2 only.
"""
from __future__ import annotations

import pytest

from tests.factories import create_event, join_event, signup_organizer
from tests.snapshots import built_once

API = "/api/v1"
CALLERS = ("anonymous", "x", "w", "z", "y", "owner", "other_organizer")


@pytest.fixture
def world(client, app):
    return built_once(app, lambda: build_world(client, app))


def build_world(client, app) -> dict:
    a, b = signup_organizer(client), signup_organizer(client)
    e1, e2 = create_event(client, a["headers"]), create_event(client, b["headers"])
    people = {name: join_event(client, app, e1, display_name=name.upper(), interests=["Rust"],
                               phone=f"+1 555 01{i:02d}", shared_fields=["email", "phone"])
              for i, name in enumerate(("x", "w", "z", "v"))}
    people["y"] = join_event(client, app, e2, display_name="Y")
    intro = client.post(f"{API}/events/{e1['id']}/intros", json={"to_attendee_id": people["w"]["id"],
                        "message": "private words"}, headers=people["x"]["headers"]).json
    token = client.get(f"{API}/events/{e1['id']}/attendees/me/qr", headers=people["v"]["headers"]).json["token"]
    client.post(f"{API}/events/{e1['id']}/connections/scan", json={"token": token}, headers=people["x"]["headers"])
    headers = {name: p["headers"] for name, p in people.items()}
    headers.update(anonymous={}, owner=a["headers"], other_organizer=b["headers"])
    return {"e1": e1["id"], "people": people, "intro": intro["id"], "headers": headers}


# (name, method, path, body) -> expected status per caller, in CALLERS order.
TABLE = [
    ("suggestions", "GET", "/events/{e1}/suggestions", None, (401, 200, 200, 200, 404, 403, 404)),
    ("feedback", "POST", "/events/{e1}/suggestions/{z}/feedback", {"kind": "interested"},
     (401, 200, 200, 422, 404, 403, 404)),
    ("intro list", "GET", "/events/{e1}/intros", None, (401, 200, 200, 200, 404, 403, 404)),
    ("intro create", "POST", "/events/{e1}/intros", {"to_attendee_id": "{z}"}, (401, 201, 201, 422, 404, 403, 404)),
    ("intro accept", "POST", "/events/{e1}/intros/{intro}/accept", None, (401, 403, 200, 404, 404, 403, 404)),
    ("intro decline", "POST", "/events/{e1}/intros/{intro}/decline", None, (401, 403, 200, 404, 404, 403, 404)),
    ("intro cancel", "POST", "/events/{e1}/intros/{intro}/cancel", None, (401, 200, 403, 404, 404, 403, 404)),
    ("connections", "GET", "/events/{e1}/connections", None, (401, 200, 200, 200, 404, 403, 404)),
    ("qr", "GET", "/events/{e1}/attendees/me/qr", None, (401, 200, 200, 200, 404, 403, 404)),
    ("blocks", "GET", "/events/{e1}/blocks", None, (401, 200, 200, 200, 404, 403, 404)),
    ("block z", "POST", "/events/{e1}/blocks", {"attendee_id": "{z}"}, (401, 201, 201, 422, 404, 403, 404)),
    ("unblock z", "DELETE", "/events/{e1}/blocks/{z}", None, (401, 404, 404, 404, 404, 403, 404)),
    ("notifications", "GET", "/me/notifications", None, (401, 200, 200, 200, 200, 200, 200)),
]


def _fill(value, ids):
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("name,method,path,body,expected", TABLE, ids=[row[0] for row in TABLE])
def test_who_may_call_what(client, world, caller, name, method, path, body, expected):
    ids = {"e1": world["e1"], "intro": world["intro"], **{k: p["id"] for k, p in world["people"].items()}}
    response = client.open(API + _fill(path, ids), method=method, json=_fill(body, ids),
                           headers=world["headers"][caller])
    assert response.status_code == expected[CALLERS.index(caller)], response.get_json()
    if response.status_code >= 400:
        assert response.content_type == "application/problem+json"


def test_nobody_reads_an_intro_they_are_not_part_of(client, world):
    for caller in ("z", "owner"):
        body = client.get(f"{API}/events/{world['e1']}/intros", headers=world["headers"][caller])
        assert "private words" not in body.get_data(as_text=True)
    mine = client.get(f"{API}/events/{world['e1']}/intros", headers=world["headers"]["w"]).json["items"]
    assert [i["message"] for i in mine] == ["private words"]


def test_contact_fields_only_reach_connections(client, world):
    phones = {name: p["phone"] for name, p in world["people"].items() if name != "y"}
    seen_by = {}
    for caller in ("x", "w", "z", "v"):
        text = client.get(f"{API}/events/{world['e1']}/connections", headers=world["headers"][caller]).get_data(as_text=True)
        text += client.get(f"{API}/events/{world['e1']}/attendees", headers=world["headers"][caller]).get_data(as_text=True)
        seen_by[caller] = {name for name, phone in phones.items() if phone in text and name != caller}
    assert seen_by == {"x": {"v"}, "w": set(), "z": set(), "v": {"x"}}


def test_notifications_belong_to_their_account(client, world):
    w_feed = client.get(f"{API}/me/notifications", headers=world["headers"]["w"]).json["items"]
    assert [n["kind"] for n in w_feed] == ["intro_received"]
    assert client.get(f"{API}/me/notifications", headers=world["headers"]["z"]).json["items"] == []
    stolen = client.post(f"{API}/me/notifications/read", json={"ids": [w_feed[0]["id"]]}, headers=world["headers"]["z"])
    assert stolen.status_code == 404
    assert client.get(f"{API}/me/notifications?unread=true", headers=world["headers"]["w"]).json["items"] != []
    marked = client.post(f"{API}/me/notifications/read", json={"ids": [w_feed[0]["id"]]}, headers=world["headers"]["w"])
    assert marked.json == {"marked": 1}
    assert client.get(f"{API}/me/notifications?unread=true", headers=world["headers"]["w"]).json["items"] == []
