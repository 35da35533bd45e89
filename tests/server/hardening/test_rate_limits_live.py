"""Sign-in limits against a live gunicorn: one count shared by every worker without Redis (a table in
the database), and a local limit, loudly logged, when the configured Redis is down (never a 500)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live import free_port, gunicorn

LOGIN = {"email": "nobody@example.org", "password": "wrong but long enough"}


def post(base: str, path: str, body: dict) -> int:
    request = urllib.request.Request(base + path, method="POST", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "Connection": "close"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def get(base: str, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_limit_holds_across_two_workers_without_redis(app, database_url, tmp_path):
    with gunicorn(database_url, tmp_path, workers=2, RATELIMIT_ENABLED="true",
                  AUTH_RATE_LIMIT="10 per minute") as live:
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = Counter(pool.map(lambda _: post(live.base, "/api/v1/auth/login", LOGIN), range(40)))
        workers = {line.split()[0] for line in live.log.read_text().splitlines() if "/auth/login" in line}
    assert statuses == {401: 10, 429: 30}, statuses
    assert len(workers) == 2, "only one worker answered: the test proves nothing"


def test_redis_down_falls_back_to_a_local_limit_and_says_so(app, database_url, tmp_path):
    redis_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with gunicorn(database_url, tmp_path, workers=1, RATELIMIT_ENABLED="true", AUTH_RATE_LIMIT="5 per minute",
                  REDIS_URL=redis_url) as live:
        statuses = [post(live.base, "/api/v1/auth/login", LOGIN) for _ in range(8)]
        codes = [post(live.base, "/api/v1/auth/email-code", {"email": f"p{i}@example.org"}) for i in range(6)]
        ready, checks = get(live.base, "/readyz")
        alive, _ = get(live.base, "/healthz")
        errors = next(tmp_path.glob("error-*.log")).read_text()
    assert statuses == [401] * 5 + [429] * 3
    assert codes == [202] * 5 + [429]
    assert ready == 503 and checks["checks"] == {"database": "ok", "redis": "down"}
    assert alive == 200
    assert "RATE LIMIT STORAGE UNREACHABLE" in errors
