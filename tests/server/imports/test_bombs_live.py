"""Decompression bombs against a live gunicorn worker: a 4xx within 2 s, and the worker stays small."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.server.imports.helpers import attendees, organizer_with_event
from tests.server.imports.xlsx_files import huge_cell_bomb, shared_strings_bomb

ROOT = Path(__file__).resolve().parents[3]
RSS_LIMIT_KB = 300 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {key} for {pid}")


# Defaults refuse a bomb from the zip's declared sizes before expanding anything; with those checks
# off, the limits checked while streaming (cell length, shared strings) must hold on their own.
CHECKS_OFF = {"RAPPORT_IMPORT_XLSX_MAX_RATIO": "1000000", "RAPPORT_IMPORT_XLSX_MAX_EXPANDED_BYTES": "100000000000",
              "RAPPORT_IMPORT_XLSX_MAX_SHARED_BYTES": "2000000"}


@pytest.fixture(params=[{}, CHECKS_OFF], ids=["defaults", "declared-size-checks-off"])
def one_worker(request, database_url):
    """gunicorn with one worker; yields (base URL, worker pid)."""
    port = _free_port()
    env = {**os.environ, "RAPPORT_DATABASE_URL": database_url, "RAPPORT_SECRET_KEY": "test-secret",
           "RAPPORT_MAIL_BACKEND": "memory", "RAPPORT_RATELIMIT_ENABLED": "false", **request.param}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen([str(gunicorn), "--workers", "1", "--bind", f"127.0.0.1:{port}", "server:create_app()"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
    (worker,) = _children(process.pid)
    yield base, worker
    process.terminate()
    process.wait(timeout=10)


def _post_file(url: str, token: str, data: bytes) -> tuple[int, dict]:
    boundary = "rapport-bomb-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.xlsx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_xlsx_bombs_answer_4xx_fast_and_the_worker_stays_under_300_mb(client, app, one_worker):
    base, worker = one_worker
    owner, event = organizer_with_event(client)
    token = owner["headers"]["Authorization"].split()[1]
    url = f"{base}/api/v1/events/{event['id']}/imports"
    bombs = {"huge cell": huge_cell_bomb(), "shared strings": shared_strings_bomb()}
    assert 1_000_000 < len(bombs["huge cell"]) < 1_500_000 and 300_000 < len(bombs["shared strings"]) < 600_000
    for name, data in bombs.items():
        started = time.monotonic()
        status, body = _post_file(url, token, data)
        elapsed = time.monotonic() - started
        assert 400 <= status < 500 and "file" in body["errors"], (name, status, body)
        assert elapsed < 2.0, (name, elapsed)
        assert _status_kb(worker, "VmHWM") < RSS_LIMIT_KB, (name, _status_kb(worker, "VmHWM"))
    assert attendees(client, owner, event) == []
