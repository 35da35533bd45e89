"""Sign-in endpoints are throttled per client address, answering 429 problem+json."""
import pytest

from tests.factories import PASSWORD, signup_organizer


@pytest.fixture
def app_overrides():
    return {"RATELIMIT_ENABLED": True, "AUTH_RATE_LIMIT": "3 per minute"}


def test_password_guessing_is_throttled(client):
    signup_organizer(client, email="target@example.org")  # the first of 3 allowed calls on signup only
    statuses = [
        client.post("/api/v1/auth/login", json={"email": "target@example.org", "password": f"guess {i}"}).status_code
        for i in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    blocked = client.post("/api/v1/auth/login", json={"email": "target@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.content_type == "application/problem+json"
    assert blocked.json["status"] == 429 and "Retry-After" in blocked.headers


def test_other_addresses_are_not_affected(client):
    for _ in range(4):
        client.post("/api/v1/auth/login", json={"email": "x@example.org", "password": "nope"})
    other = client.post("/api/v1/auth/login", json={"email": "x@example.org", "password": "nope"},
                        environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 401
