"""One live gunicorn per module, several processes with threads: requests really run at once."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live import call, gunicorn


@pytest.fixture(scope="module")
def live(database_url, _schema, tmp_path_factory) -> str:
    with gunicorn(database_url, tmp_path_factory.mktemp("live"), workers=4, threads=4) as server:
        yield server.base


def at_once(base: str, requests: list[tuple]) -> list[tuple[int, str, object]]:
    """Send every (method, path, token, body[, headers]) request in its own thread, all released
    together by a barrier; returns each (status, content type, body) in order."""
    barrier = threading.Barrier(len(requests))

    def send(args):
        barrier.wait()
        return call(base, *args)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


def assert_one_winner(answers, *, won: int, lost: int = 409) -> list:
    """Exactly one `won` answer (or replays of it), the rest `lost` problem+json; never a 5xx."""
    statuses = [status for status, _, _ in answers]
    assert all(status in (won, lost) for status in statuses), statuses
    assert statuses.count(won) >= 1, statuses
    for status, content_type, body in answers:
        if status == lost:
            assert content_type == "application/problem+json" and body["status"] == lost, body
    return [body for status, _, body in answers if status == won]


def token(person: dict) -> str:
    return person["headers"]["Authorization"].split()[1]
