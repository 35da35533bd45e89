"""Against a live gunicorn with two workers: an edit through one worker changes the suggestions
that the other serves on the very next request (each keeps its own index, in step by revision)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.factories import create_event, join_event, signup_organizer

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(database_url, tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "RAPPORT_DATABASE_URL": database_url, "RAPPORT_SECRET_KEY": "test-secret",
           "RAPPORT_MAIL_BACKEND": "memory", "RAPPORT_RATELIMIT_ENABLED": "false"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--access-logfile", str(log),
         "--access-logformat", "%(p)s %(r)s %(s)s", "server:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    yield base, log
    process.terminate()
    process.wait(timeout=10)


def _call(base, method, path, token, body=None):
    request = urllib.request.Request(
        base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Connection": "close"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


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

    # gunicorn does not promise which worker accepts a connection: keep asking (each on a new
    # connection) until both have answered, checking every answer on the way.
    for _ in range(300):  # warm both workers' indexes: nothing in common yet
        assert _call(base, "GET", path + "?limit=5&warm=1", ana_token)["items"] == []
        if len(_pids(log, "warm=1")) == 2:
            break
    assert len(_pids(log, "warm=1")) == 2, "both workers must have served (and cached) suggestions"

    _call(base, "PATCH", f"/api/v1/events/{event['id']}/attendees/me", ben_token, {"interests": ["rust"]})
    for _ in range(300):
        items = _call(base, "GET", path + "?limit=5&after=1", ana_token)["items"]
        assert [s["attendee"]["id"] for s in items] == [ben["id"]]
        if len(_pids(log, "after=1")) == 2:
            break
    assert len(_pids(log, "after=1")) == 2, "both workers must have answered after the edit"
