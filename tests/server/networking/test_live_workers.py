"""Against a live gunicorn with two workers: an edit through one worker changes the suggestions
that the other serves on the very next request (each keeps its own index, in step by revision)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.factories import create_event, join_event, signup_organizer
from tests.live import call, gunicorn


@pytest.fixture
def live_server(database_url, tmp_path):
    with gunicorn(database_url, tmp_path) as live:
        yield live.base, live.log


def _call(base, method, path, token, body=None):
    status, _, answer = call(base, method, path, token, body)
    assert status < 300, answer
    return answer


def _pids(log: Path, marker: str) -> set[str]:
    return {line.split()[0] for line in log.read_text().splitlines() if marker in line}


def test_an_edit_on_one_worker_shows_on_the_other_at_once(client, app, live_server):
    base, log = live_server
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    ana = join_event(client, app, event, interests=["Rust", "Opera"])
    ben = join_event(client, app, event, interests=["Gardening"])
    ana_token = ana["headers"]["Authorization"].split()[1]
    ben_token = ben["headers"]["Authorization"].split()[1]
    path = f"/api/v1/events/{event['id']}/suggestions"

    # gunicorn does not promise which worker accepts a connection, and one idle worker can win every
    # accept of sequential requests: send them concurrently (a busy worker cannot take the next one)
    # until both have answered, checking every answer on the way.
    def ask_until_both_answer(marker: str, expected: list[int]) -> None:
        with ThreadPoolExecutor(max_workers=4) as pool:
            for _ in range(25):
                answers = pool.map(lambda _: _call(base, "GET", f"{path}?limit=5&{marker}", ana_token), range(16))
                assert all([s["attendee"]["id"] for s in a["items"]] == expected for a in answers)
                if len(_pids(log, marker)) == 2:
                    return
        pytest.fail(f"only one worker answered the {marker} requests")

    ask_until_both_answer("warm=1", [])  # both workers build their index: nothing in common yet
    _call(base, "PATCH", f"/api/v1/events/{event['id']}/attendees/me", ben_token, {"interests": ["rust"]})
    ask_until_both_answer("after=1", [ben["id"]])
