"""One Idempotency-Key sent many times at once creates one object: the key is reserved first."""
from __future__ import annotations

from server.events.models import Event
from server.extensions import db
from tests.factories import event_body, signup_organizer
from tests.server.concurrency.conftest import assert_one_winner, at_once, token


def _events_named(app, name: str) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(Event.id)).where(Event.name == name)).scalar_one()


def test_one_key_sent_twenty_times_at_once_creates_one_event(client, app, live):
    owner = signup_organizer(client)
    for attempt in range(3):
        key = {"Idempotency-Key": f"create-{attempt}"}
        answers = at_once(live, [("POST", "/api/v1/events", token(owner), event_body(name=f"E{attempt}"), key)] * 20)
        created = assert_one_winner(answers, won=201)
        assert len({body["id"] for body in created}) == 1, created
        assert _events_named(app, f"E{attempt}") == 1


def test_keys_of_different_accounts_do_not_collide_under_load(client, app, live):
    people = [signup_organizer(client) for _ in range(8)]
    key = {"Idempotency-Key": "same-key"}
    answers = at_once(live, [("POST", "/api/v1/events", token(p), event_body(), key) for p in people])
    assert [status for status, _, _ in answers] == [201] * 8
    assert len({body["id"] for _, _, body in answers}) == 8


def test_failed_attempts_at_once_leave_the_key_free(client, app, live):
    owner = signup_organizer(client)
    key = {"Idempotency-Key": "fails-first"}
    bad = ("POST", "/api/v1/events", token(owner), event_body(name="Bad", timezone="Mars/Base"), key)
    assert {status for status, _, _ in at_once(live, [bad] * 10)} == {422}
    status, _, created = at_once(live, [("POST", "/api/v1/events", token(owner), event_body(name="Good"), key)])[0]
    assert status == 201 and _events_named(app, "Good") == 1 and _events_named(app, "Bad") == 0
