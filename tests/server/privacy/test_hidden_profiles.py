"""Hidden means hidden (issue 11, point 5): for another attendee, every endpoint that takes an attendee id
answers a hidden person's id exactly like an id that does not exist (status, body, number of database
statements) and writes nothing, unless the two already have a relation."""
from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event as sa_event

from server.extensions import db
from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"
SLOT = {"starts_at": "2027-03-10T10:00:00Z", "ends_at": "2027-03-10T10:20:00Z"}

# (endpoint, method, path under the event, JSON body); {id} is the attendee id tried, {slot} a meeting slot.
ENDPOINTS = [
    ("profile", "GET", "attendees/{id}", None),
    ("profile edit", "PATCH", "attendees/{id}", {"company": "X"}),
    ("profile removal", "DELETE", "attendees/{id}", None),
    ("intro request", "POST", "intros", {"to_attendee_id": "{id}", "message": "hi"}),
    ("suggestion feedback", "POST", "suggestions/{id}/feedback", {"kind": "interested"}),
    ("suggestion skip", "POST", "suggestions/{id}/feedback", {"kind": "skip"}),
    ("meeting request", "POST", "meetings", {"invitee_ids": ["{id}"], "slot_id": "{slot}"}),
    ("block", "POST", "blocks", {"attendee_id": "{id}"}),
    ("unblock by path", "DELETE", "blocks/{id}", None),
    ("unblock by body", "DELETE", "blocks", {"attendee_id": "{id}"}),
]
# What the same call does for a visible person, so the table cannot pass by every call failing.
VISIBLE_STATUS = {"profile": 200, "profile edit": 403, "profile removal": 403, "intro request": 201,
                  "suggestion feedback": 200, "suggestion skip": 200, "meeting request": 201, "block": 201,
                  "unblock by path": 404, "unblock by body": 404}


def _fill(value, **ids):
    if isinstance(value, dict):
        return {k: _fill(v, **ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, **ids) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value.format(**ids) if isinstance(value, str) else value


@pytest.fixture
def world(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    base = f"{API}/events/{event['id']}"
    slot = client.post(f"{base}/slots", json=SLOT, headers=owner["headers"]).json["id"]
    people = {name: join_event(client, app, event, display_name=name, company=f"{name} Secret Co",
                               bio=f"{name}'s private bio", interests=["Payments", "Rust"], goals=["investing"])
              for name in ("Ana", "Hugo", "Vera")}
    hidden = client.patch(f"{base}/attendees/me", json={"discoverable": False}, headers=people["Hugo"]["headers"])
    assert hidden.status_code == 200
    return {"base": base, "slot": slot, "owner": owner, **people}


@contextlib.contextmanager
def counted_statements(app):
    seen = []

    def count(*_args):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)


def _call(client, world, method, path, body, target):
    ids = {"id": target, "slot": world["slot"]}
    return client.open(f"{world['base']}/{_fill(path, **ids)}", method=method,
                       json=_fill(body, **ids) if body is not None else None, headers=world["Ana"]["headers"])


def _tables(app) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.execute(db.select(db.func.count()).select_from(t)).scalar_one()
                for t in db.metadata.sorted_tables}


@pytest.mark.parametrize("name,method,path,body", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_a_hidden_id_answers_like_an_id_that_does_not_exist(client, app, world, name, method, path, body):
    missing = world["Vera"]["id"] + 1000
    before = _tables(app)
    answers = {}
    for label, target in (("missing", missing), ("hidden", world["Hugo"]["id"])):
        with counted_statements(app) as statements:
            response = _call(client, world, method, path, body, target)
        answers[label] = (response.status_code, response.content_type, response.get_data(as_text=True),
                          len(statements))
    assert answers["hidden"] == answers["missing"], name
    assert answers["hidden"][0] == 404 and "Secret" not in answers["hidden"][2]
    assert _tables(app) == before  # nothing written, nobody notified
    hugo_feed = client.get(f"{API}/me/notifications", headers=world["Hugo"]["headers"]).json["items"]
    assert hugo_feed == []
    visible = _call(client, world, method, path, body, world["Vera"]["id"])
    assert visible.status_code == VISIBLE_STATUS[name], visible.json


def _hugo_asked_ana(client, world):
    sent = client.post(f"{world['base']}/intros", json={"to_attendee_id": world["Ana"]["id"]},
                       headers=world["Hugo"]["headers"])
    assert sent.status_code == 201, sent.json


def _connected_by_intro(client, world):
    _hugo_asked_ana(client, world)
    intro = client.get(f"{world['base']}/intros?direction=incoming", headers=world["Ana"]["headers"]).json
    accepted = client.post(f"{world['base']}/intros/{intro['items'][0]['id']}/accept", headers=world["Ana"]["headers"])
    assert accepted.status_code == 200


def _meeting_hugo_asked(client, world):
    asked = client.post(f"{world['base']}/meetings", headers=world["Hugo"]["headers"],
                        json={"invitee_ids": [world["Ana"]["id"]], "slot_id": world["slot"]})
    assert asked.status_code == 201, asked.json


@pytest.mark.parametrize("relation", [_hugo_asked_ana, _connected_by_intro, _meeting_hugo_asked],
                         ids=["intro they sent", "connection", "meeting both are in"])
def test_an_existing_relation_keeps_a_hidden_person_reachable(client, world, relation):
    relation(client, world)
    profile = client.get(f"{world['base']}/attendees/{world['Hugo']['id']}", headers=world["Ana"]["headers"])
    assert profile.status_code == 200 and profile.json["display_name"] == "Hugo"
    feedback = client.post(f"{world['base']}/suggestions/{world['Hugo']['id']}/feedback", json={"kind": "skip"},
                           headers=world["Ana"]["headers"])
    assert feedback.status_code == 200, feedback.json
    blocked = client.post(f"{world['base']}/blocks", json={"attendee_id": world["Hugo"]["id"]},
                          headers=world["Ana"]["headers"])
    assert blocked.status_code == 201
    unblocked = client.delete(f"{world['base']}/blocks/{world['Hugo']['id']}", headers=world["Ana"]["headers"])
    assert unblocked.status_code == 204


def test_a_hidden_person_is_not_in_the_directory_or_suggestions(client, world):
    directory = client.get(f"{world['base']}/attendees?q=hugo", headers=world["Ana"]["headers"]).json["items"]
    suggested = client.get(f"{world['base']}/suggestions", headers=world["Ana"]["headers"]).json["items"]
    assert directory == [] and world["Hugo"]["id"] not in [s["attendee"]["id"] for s in suggested]
