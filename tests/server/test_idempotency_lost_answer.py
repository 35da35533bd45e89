"""A worker that dies after its work committed but before storing the answer: a retry after the lease
must not do the work again (found by the cluster test's kill -9: an event created twice)."""
from __future__ import annotations

from datetime import timedelta

from flask import g

from server.events.models import Event
from server.extensions import db
from server.idempotency import service as idempotency_service
from server.idempotency.models import IdempotentResponse
from server.types import utcnow
from tests.conftest import make_app
from tests.factories import event_body, signup_organizer


def _dies_before_storing_the_answer(response):
    g.pop("idempotency", None)  # as if kill -9 struck between the work's commit and the answer's
    return response


def test_a_retry_after_the_lease_does_not_repeat_work_whose_answer_was_lost(client, app, database_url, monkeypatch):
    owner = signup_organizer(client)
    key = {"Idempotency-Key": "create-once", **owner["headers"]}
    monkeypatch.setattr(idempotency_service, "remember", _dies_before_storing_the_answer)
    dying = make_app(database_url).test_client()
    assert dying.post("/api/v1/events", json=event_body(name="Once"), headers=key).status_code == 201
    monkeypatch.undo()
    with app.app_context():
        row = db.session.execute(db.select(IdempotentResponse)).scalar_one()
        assert row.status == idempotency_service.WORK_DONE  # marked in the work's own transaction
        row.created_at = utcnow() - timedelta(seconds=app.config["RAPPORT_IDEMPOTENCY_LEASE"] + 1)
        db.session.commit()
    retry = client.post("/api/v1/events", json=event_body(name="Once"), headers=key)
    assert retry.status_code == 409 and retry.mimetype == "application/problem+json"
    assert retry.json["type"] == "urn:rapport:problem:idempotency-answer-lost"
    assert "Idempotency-Key" in retry.json["errors"]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Event.id)).where(Event.name == "Once")).scalar_one() == 1


def test_within_the_lease_a_retry_waits_and_is_told_to_retry(client, app, database_url, monkeypatch):
    owner = signup_organizer(client)
    key = {"Idempotency-Key": "create-twice", **owner["headers"]}
    monkeypatch.setattr(idempotency_service, "remember", _dies_before_storing_the_answer)
    assert make_app(database_url, IDEMPOTENCY_WAIT=0.1).test_client().post(
        "/api/v1/events", json=event_body(), headers=key).status_code == 201
    monkeypatch.undo()
    retry = make_app(database_url, IDEMPOTENCY_WAIT=0.1).test_client().post(
        "/api/v1/events", json=event_body(), headers=key)
    assert retry.status_code == 409 and retry.headers["Retry-After"] == "1"


def test_an_answered_key_still_replays(client):
    owner = signup_organizer(client)
    key = {"Idempotency-Key": "normal", **owner["headers"]}
    first = client.post("/api/v1/events", json=event_body(), headers=key)
    again = client.post("/api/v1/events", json=event_body(), headers=key)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json["id"] == first.json["id"]
