"""Decompression bombs against a live gunicorn worker: a 4xx within 2 s, and the worker stays small."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from tests.live import cpu_seconds, gunicorn, peak_rss_mb
from tests.server.imports.helpers import attendees, organizer_with_event
from tests.server.imports.xlsx_files import huge_cell_bomb, shared_strings_bomb

RSS_LIMIT_MB = 300


# Defaults refuse a bomb from the zip's declared sizes before expanding anything; with those checks
# off, the limits checked while streaming (cell length, shared strings) must hold on their own.
CHECKS_OFF = {"IMPORT_XLSX_MAX_RATIO": "1000000", "IMPORT_XLSX_MAX_EXPANDED_BYTES": "100000000000",
              "IMPORT_XLSX_MAX_SHARED_BYTES": "2000000"}


@pytest.fixture(params=[{}, CHECKS_OFF], ids=["defaults", "declared-size-checks-off"])
def one_worker(request, database_url, tmp_path):
    """gunicorn with one worker; yields (base URL, worker pid)."""
    with gunicorn(database_url, tmp_path, workers=1, **request.param) as server:
        (worker,) = server.worker_pids()
        yield server.base, worker


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
        started, cpu_before = time.monotonic(), cpu_seconds(worker)
        status, body = _post_file(url, token, data)
        elapsed, cpu = time.monotonic() - started, cpu_seconds(worker) - cpu_before
        assert 400 <= status < 500 and "file" in body["errors"], (name, status, body)
        # The worker's own work stays under 2 s; wall time gets slack for a machine busy with other tests.
        assert cpu < 2.0 and elapsed < 10.0, (name, cpu, elapsed)
        assert peak_rss_mb(worker) < RSS_LIMIT_MB, (name, peak_rss_mb(worker))
    assert attendees(client, owner, event) == []
