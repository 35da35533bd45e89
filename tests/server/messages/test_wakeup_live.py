"""A recipient waiting on one gunicorn worker is woken by a message sent on the other: through Redis
pub/sub when RAPPORT_REDIS_URL is set, through the per-worker database poll without it."""
from __future__ import annotations

import threading
import time

import pytest

from tests.live import call, gunicorn, redis_server
from tests.server.concurrency.conftest import token
from tests.server.messages.builders import API, world

WAITERS = 12


def _pids(log, marker: str) -> list[int]:
    return [int(line.split()[0].strip("<>")) for line in log.read_text().splitlines() if marker in line]


def _round(base: str, log, w: dict, text: str) -> list[tuple[int, float, list]]:
    """Park WAITERS long-polls of Bo's, send from Ana, return (worker pid, seconds after the send, texts)."""
    status, _, body = call(base, "GET", f"{API}/me/inbox", token(w["bo"]))
    assert status == 200 and body["items"] == []
    after = body["cursor"]
    answers, threads = [], []

    def wait(index: int):
        marker = f"wait=25&n={text.replace(' ', '')}-{index}"
        status, _, page = call(base, "GET", f"{API}/me/inbox?after={after}&{marker}", token(w["bo"]))
        answers.append((marker, time.monotonic(), status, page))

    for index in range(WAITERS):
        threads.append(threading.Thread(target=wait, args=(index,)))
        threads[-1].start()
    time.sleep(2.0)  # every long-poll is parked
    sent_at = time.monotonic()
    status, _, sent = call(base, "POST", f"{API}/me/conversations/{w['conversation']}/messages", token(w["ana"]),
                           {"text": text, "client_id": text})
    assert status == 201, sent
    for thread in threads:
        thread.join(30)
    time.sleep(0.3)  # the access log line follows the answer
    sender_pid = _pids(log, f"/conversations/{w['conversation']}/messages")[-1]
    found = []
    for marker, returned, status, page in answers:
        assert status == 200, page
        found.append((_pids(log, marker)[0], returned - sent_at, [m["text"] for m in page["items"]], sender_pid))
    return found


@pytest.mark.parametrize("mode,bound", [("redis", 1.0), ("database poll", 3.0)])
def test_a_message_sent_on_one_worker_wakes_a_recipient_waiting_on_the_other(client, app, database_url, tmp_path,
                                                                            mode, bound):
    w = world(client, app)
    with redis_server(tmp_path) if mode == "redis" else _nothing() as redis_url:
        settings = {"REDIS_URL": redis_url} if redis_url else {}
        with gunicorn(database_url, tmp_path, workers=2, threads=WAITERS + 8, **settings) as server:
            crossed = []
            for attempt in range(5):
                for pid, seconds, texts, sender_pid in _round(server.base, server.log, w, f"round {attempt}"):
                    assert texts and texts[-1] == f"round {attempt}", texts
                    assert seconds <= bound, (mode, seconds)
                    if pid != sender_pid:
                        crossed.append(seconds)
                if crossed:
                    break
            assert crossed, "every waiter landed on the sender's worker five times over"


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
