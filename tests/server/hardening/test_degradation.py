"""Degrade, don't fail: a database outage answers 503 problem+json with Retry-After (never 500),
`/readyz` says which part is down while `/healthz` stays a liveness check."""
from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import make_app
from tests.factories import event_body
from tests.live import free_port

PROBLEM = "application/problem+json"


@pytest.fixture
def down_app(database_url, tmp_path):
    """The app pointed at a database that does not answer: a closed port, or a file it cannot open."""
    if make_url(database_url).get_backend_name() == "sqlite":
        url = f"sqlite:///{tmp_path}/no-such-dir/rapport.db"
    else:
        url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/rapport"
    return make_app(url, RATELIMIT_ENABLED=True)


REQUESTS = [
    ("signed-in read", "GET", "/api/v1/events", {"Authorization": "Bearer some-token"}, None),
    ("signed-in write", "POST", "/api/v1/events", {"Authorization": "Bearer some-token"}, event_body()),
    ("rate-limited sign-in", "POST", "/api/v1/auth/login", {}, {"email": "a@example.org", "password": "x" * 12}),
    ("code request", "POST", "/api/v1/auth/email-code", {}, {"email": "a@example.org"}),
    ("retried create", "POST", "/api/v1/events", {"Authorization": "Bearer t", "Idempotency-Key": "k1"}, {}),
]


@pytest.mark.parametrize("name,method,path,headers,body", REQUESTS, ids=[r[0] for r in REQUESTS])
def test_a_database_outage_is_a_503_with_retry_after(down_app, name, method, path, headers, body):
    response = down_app.test_client().open(path, method=method, headers=headers, json=body)
    assert response.status_code == 503, response.data
    assert response.mimetype == PROBLEM and response.json["status"] == 503
    assert int(response.headers["Retry-After"]) > 0


def test_readyz_names_the_part_that_is_down_and_healthz_stays_alive(down_app):
    client = down_app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.mimetype == PROBLEM and "Retry-After" in ready.headers
    assert ready.json["checks"] == {"database": "down", "redis": "not configured"}
    assert client.get("/healthz").status_code == 200


def test_readyz_when_all_is_well(client):
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ready", "database": "ok", "redis": "not configured"}
