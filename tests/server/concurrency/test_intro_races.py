"""Intro invariants under concurrent requests: one pending intro per pair, the sender's cap."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.intros.models import Intro
from tests.factories import create_event, join_event, signup_organizer
from tests.server.concurrency.conftest import assert_one_winner, at_once, token


def _event(client, app, people: int, **rules):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    if rules:
        assert client.patch(f"/api/v1/events/{event['id']}", json=rules, headers=owner["headers"]).status_code == 200
    return event, [join_event(client, app, event) for _ in range(people)]


def _pending(app, event_id: int) -> list[tuple[int, int]]:
    with app.app_context():
        return db.session.execute(db.select(Intro.sender_id, Intro.recipient_id).where(
            Intro.event_id == event_id, Intro.status == "pending")).all()


def test_sixteen_identical_intros_at_once_make_one(client, app, live):
    event, (ana, bo) = _event(client, app, 2)
    path = f"/api/v1/events/{event['id']}/intros"
    answers = at_once(live, [("POST", path, token(ana), {"to_attendee_id": bo["id"]})] * 16)
    assert len(assert_one_winner(answers, won=201)) == 1
    assert _pending(app, event["id"]) == [(ana["id"], bo["id"])]


def test_intros_both_ways_at_once_leave_one_pending_for_the_pair(client, app, live):
    event, (ana, bo) = _event(client, app, 2)
    path = f"/api/v1/events/{event['id']}/intros"
    requests = [("POST", path, token(ana), {"to_attendee_id": bo["id"]}),
                ("POST", path, token(bo), {"to_attendee_id": ana["id"]})] * 8
    assert len(assert_one_winner(at_once(live, requests), won=201)) == 1
    assert len(_pending(app, event["id"])) == 1


def test_pending_cap_holds_when_a_sender_asks_many_people_at_once(client, app, live):
    event, (ana, *others) = _event(client, app, 13, max_pending_intros=1)
    path = f"/api/v1/events/{event['id']}/intros"
    answers = at_once(live, [("POST", path, token(ana), {"to_attendee_id": o["id"]}) for o in others])
    assert len(assert_one_winner(answers, won=201)) == 1
    assert len(_pending(app, event["id"])) == 1


def test_the_database_itself_refuses_a_second_pending_intro_for_a_pair(client, app):
    event, (ana, bo) = _event(client, app, 2)

    def add(sender, recipient, status="pending"):
        with app.app_context():
            db.session.add(Intro(event_id=event["id"], sender_id=sender["id"], recipient_id=recipient["id"],
                                 status=status))
            try:
                db.session.commit()
                return True
            except IntegrityError:
                db.session.rollback()
                return False

    assert add(ana, bo, "declined") and add(bo, ana, "cancelled")  # closed ones do not count
    assert add(ana, bo)
    assert not add(ana, bo) and not add(bo, ana)
    assert not add(ana, ana)  # nor can anyone ask themselves
