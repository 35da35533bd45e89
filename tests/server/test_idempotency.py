"""A retried POST with the same Idempotency-Key replays the first answer and creates nothing new."""
import hashlib
import json
from datetime import timedelta

import pytest

from server.extensions import db
from server.types import utcnow
from tests.factories import event_body, signup_organizer


def _count(client, headers) -> int:
    return len(client.get("/api/v1/events", headers=headers).json["items"])


def test_retry_with_the_same_key_replays_the_first_response(client):
    owner = signup_organizer(client)
    headers = {**owner["headers"], "Idempotency-Key": "create-event-1"}
    first = client.post("/api/v1/events", json=event_body(), headers=headers)
    retry = client.post("/api/v1/events", json=event_body(), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json == first.json and retry.headers["Idempotent-Replayed"] == "true"
    assert _count(client, owner["headers"]) == 1


def test_the_same_key_for_a_different_request_is_refused(client):
    owner = signup_organizer(client)
    headers = {**owner["headers"], "Idempotency-Key": "k"}
    client.post("/api/v1/events", json=event_body(), headers=headers)
    other = client.post("/api/v1/events", json=event_body(name="Other"), headers=headers)
    assert other.status_code == 422 and "Idempotency-Key" in other.json["errors"]
    assert _count(client, owner["headers"]) == 1


def test_keys_belong_to_one_account_and_failures_are_not_kept(client):
    first, second = signup_organizer(client), signup_organizer(client)
    bad = client.post("/api/v1/events", json=event_body(timezone="Mars/Base"),
                      headers={**first["headers"], "Idempotency-Key": "same"})
    assert bad.status_code == 422
    ok = client.post("/api/v1/events", json=event_body(), headers={**first["headers"], "Idempotency-Key": "same"})
    assert ok.status_code == 201  # the failed attempt did not pin the key
    theirs = client.post("/api/v1/events", json=event_body(), headers={**second["headers"], "Idempotency-Key": "same"})
    assert theirs.status_code == 201 and theirs.json["id"] != ok.json["id"]


def test_without_a_key_each_post_creates(client):
    owner = signup_organizer(client)
    client.post("/api/v1/events", json=event_body(), headers=owner["headers"])
    client.post("/api/v1/events", json=event_body(), headers=owner["headers"])
    assert _count(client, owner["headers"]) == 2


def test_oversize_key_is_a_400_naming_the_header(client):
    owner = signup_organizer(client)
    response = client.post("/api/v1/events", json=event_body(), headers={**owner["headers"], "Idempotency-Key": "x" * 201})
    assert response.status_code == 400 and "Idempotency-Key" in response.json["errors"]


def _reserve(app, email: str, key: str, *, age: timedelta, fingerprint_of=None, answered=False) -> None:
    """A row as another request left it: still running (no answer) or answered, `age` ago."""
    from server.accounts.models import Account
    from server.idempotency.models import IdempotentResponse

    with app.app_context():
        account_id = db.session.execute(db.select(Account.id).where(Account.email == email)).scalar_one()
        fingerprint = "0" * 64
        if fingerprint_of is not None:
            body = json.dumps(fingerprint_of).encode()
            fingerprint = hashlib.sha256(b"POST /api/v1/events?\n" + body).hexdigest()
        answer = {"status": 201, "content_type": "application/json", "body": b'{"id": -1}'} if answered else {}
        db.session.add(IdempotentResponse(account_id=account_id, key=key, fingerprint=fingerprint,
                                          created_at=utcnow() - age, **answer))
        db.session.commit()


@pytest.mark.parametrize("app_overrides", [{"IDEMPOTENCY_WAIT": 0.3, "IDEMPOTENCY_LEASE": 60}])
@pytest.mark.parametrize(("row", "status"), [
    ({"age": timedelta(seconds=1), "fingerprint_of": event_body()}, 409),  # the first is still running
    ({"age": timedelta(seconds=1)}, 422),  # running, and for another request: a client bug either way
    ({"age": timedelta(seconds=61)}, 201),  # abandoned past the lease (its worker died): taken over
    ({"age": timedelta(hours=25), "answered": True}, 201),  # an answer past 24 hours is forgotten
    ({"age": timedelta(hours=1), "answered": True, "fingerprint_of": event_body()}, 201),  # replayed
])
def test_a_key_held_by_another_request(client, app, row, status):
    owner = signup_organizer(client)
    _reserve(app, owner["email"], "held", **row)
    response = client.post("/api/v1/events", data=json.dumps(event_body()), content_type="application/json",
                           headers={**owner["headers"], "Idempotency-Key": "held"})
    assert response.status_code == status, response.json
    replayed = response.headers.get("Idempotent-Replayed") == "true"
    assert _count(client, owner["headers"]) == (1 if status == 201 and not replayed else 0)
    if status == 409:
        assert response.mimetype == "application/problem+json" and response.headers["Retry-After"] == "1"
        assert "Idempotency-Key" in response.json["errors"]
