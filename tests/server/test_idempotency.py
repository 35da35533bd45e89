"""A retried POST with the same Idempotency-Key replays the first answer and creates nothing new."""
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
