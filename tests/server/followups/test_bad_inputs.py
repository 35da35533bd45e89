"""Bad input on every follow-up endpoint: a 4xx problem+json naming the field, never a 5xx, nothing written."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from server.extensions import db
from tests.server.followups.builders import API, PROBLEM, cached_world, connect_by_intro, event_with_owner, person

TABLES = ("connection_notes", "followups", "next_steps", "connection_feedback", "reminders_sent")


def build(client, app):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    ana, ben = person(client, app, event), person(client, app, event)
    cy, dee = person(client, app, event), person(client, app, event)
    mine = connect_by_intro(client, event, ana, ben)
    theirs = connect_by_intro(client, event, cy, dee)
    followup = client.post(f"{API}/connections/{mine}/followups", headers=ana["headers"],
                           json={"channel": "email", "happened_at": now.isoformat()}).json["id"]
    return {"ana": ana["headers"], "mine": mine, "theirs": theirs, "followup": followup, "event": event["id"]}


@pytest.fixture
def world(client, app):
    return cached_world(app, client, "bad-inputs", build)


def _ago(**delta) -> str:
    return (datetime.now(timezone.utc) - timedelta(**delta)).isoformat()


def _ahead(**delta) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


def _log(**changes):
    body = {"channel": "call", "happened_at": _ago(minutes=1), "note": "ok"}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


LOG, ONE = "/connections/{mine}/followups", "/connections/{mine}/followups/{followup}"
# (method, path, body, status, field the problem names or None)
CASES = [
    ("POST", LOG, _log(happened_at=_ahead(days=400)), 422, "happened_at"),
    ("POST", LOG, _log(happened_at=_ahead(hours=1)), 422, "happened_at"),
    ("POST", LOG, _log(happened_at="9999-12-31T23:59:59+00:00"), 422, "happened_at"),
    ("POST", LOG, _log(happened_at="0001-01-01T00:00:00+01:00"), 422, "happened_at"),
    ("POST", LOG, _log(happened_at=_ago(days=30)), 422, "happened_at"),  # long before they connected
    ("POST", LOG, _log(happened_at="2026-05-01T10:00:00"), 422, "happened_at"),  # naive
    ("POST", LOG, _log(happened_at="yesterday"), 422, "happened_at"),
    ("POST", LOG, _log(happened_at=...), 422, "happened_at"),
    ("POST", LOG, _log(channel="carrier pigeon"), 422, "channel"),
    ("POST", LOG, _log(channel=...), 422, "channel"),
    ("POST", LOG, _log(channel=7), 422, "channel"),
    ("POST", LOG, _log(note="x" * 2001), 422, "note"),
    ("POST", LOG, _log(note=None), 422, "note"),
    ("POST", LOG, _log(outcome="world_peace"), 422, "outcome"),
    ("POST", LOG, _log(surprise=1), 422, "surprise"),
    ("POST", LOG, ["not", "an", "object"], 422, None),
    ("POST", "/connections/{theirs}/followups", _log(), 404, None),  # another person's connection
    ("POST", "/connections/99999/followups", _log(), 404, None),
    ("POST", "/connections/99999999999/followups", _log(), 404, None),  # beyond the id column
    ("PATCH", ONE, {"happened_at": _ahead(days=3)}, 422, "happened_at"),
    ("PATCH", ONE, {"happened_at": None}, 422, "happened_at"),
    ("PATCH", ONE, {"channel": "fax"}, 422, "channel"),
    ("PATCH", ONE, {"note": "y" * 2001}, 422, "note"),
    ("PATCH", "/connections/{theirs}/followups/{followup}", {"note": "x"}, 404, None),
    ("PUT", "/connections/{mine}/note", {"body": "z" * 5001}, 422, "body"),
    ("PUT", "/connections/{mine}/note", {}, 422, "body"),
    ("PUT", "/connections/{mine}/note", {"body": "nul\u0000byte"}, 422, "body"),
    ("PUT", "/connections/{theirs}/note", {"body": "hello"}, 404, None),
    ("PUT", "/connections/{mine}/next-step", {"due_on": "9999-12-31"}, 422, "due_on"),
    ("PUT", "/connections/{mine}/next-step", {"due_on": (datetime.now(timezone.utc) + timedelta(days=2200))
                                              .date().isoformat()}, 422, "due_on"),
    ("PUT", "/connections/{mine}/next-step", {"due_on": "2020-01-01"}, 422, "due_on"),
    ("PUT", "/connections/{mine}/next-step", {"due_on": "2027-02-30"}, 422, "due_on"),
    ("PUT", "/connections/{mine}/next-step", {"due_on": "2027-03-01T10:00:00Z"}, 422, "due_on"),
    ("PUT", "/connections/{mine}/next-step", {"due_on": _ahead(days=3)[:10], "note": "n" * 501}, 422, "note"),
    ("PUT", "/connections/{mine}/feedback", {"rating": 0}, 422, "rating"),
    ("PUT", "/connections/{mine}/feedback", {"rating": 6}, 422, "rating"),
    ("PUT", "/connections/{mine}/feedback", {"rating": "5"}, 422, "rating"),
    ("PUT", "/connections/{mine}/feedback", {"rating": 4.5}, 422, "rating"),
    ("PUT", "/connections/{mine}/feedback", {}, 422, "rating"),  # a rating, unless they did not show up
    ("PUT", "/connections/{mine}/feedback", {"rating": 3, "no_show": "perhaps"}, 422, "no_show"),
    ("PUT", "/connections/{theirs}/feedback", {"rating": 3}, 404, None),
    ("GET", "/connections/{mine}/followups?limit=0", None, 422, "limit"),
    ("GET", "/connections/{mine}/followups?cursor=garbage", None, 422, "cursor"),
]


def _family(case) -> str:
    return case[1].split("?")[0].rsplit("/", 1)[-1].strip("{}")


# One test per endpoint family (each app costs ~0.3 s to build); every case is still its own row.
FAMILIES = sorted({_family(c) for c in CASES})


@pytest.mark.parametrize("family", FAMILIES)
def test_bad_input_is_a_problem_naming_the_field_and_writes_nothing(client, app, world, family):
    for method, path, body, status, field in [c for c in CASES if _family(c) == family]:
        case = f"{method} {path} {str(body)[:80]}"
        with app.app_context():
            before = {t: db.session.execute(db.metadata.tables[t].select()).all() for t in TABLES}
        response = client.open(API + path.format(**world), method=method, json=body, headers=world["ana"])
        assert response.status_code == status, (case, response.get_data(as_text=True))
        assert response.content_type == PROBLEM, case
        if field:
            assert field in response.json["errors"], (case, response.json)
        with app.app_context():
            after = {t: db.session.execute(db.metadata.tables[t].select()).all() for t in TABLES}
        assert after == before, case


def test_analytics_format_is_validated_for_organizers(client, app):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    response = client.get(f"{API}/events/{event['id']}/analytics?format=xml", headers=event["owner"]["headers"])
    assert response.status_code == 422 and "format" in response.json["errors"]


def test_a_body_that_is_not_json_is_refused(client, app, world):
    response = client.put(f"{API}/connections/{world['mine']}/note", data="body=hi", headers=world["ana"],
                          content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and response.content_type == PROBLEM
