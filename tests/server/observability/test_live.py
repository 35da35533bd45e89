"""Against a live gunicorn with two workers: every worker's requests in one scrape, JSON log lines."""
from __future__ import annotations

import json
import os
import signal
import socket
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.live import gunicorn
from tests.server.observability.test_metrics import count, samples


def _get(base: str, path: str, headers: dict | None = None):
    request = urllib.request.Request(base + path, headers={"Connection": "close", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


def _scrape(base: str) -> dict:
    return samples(_get(base, "/metrics")[1].decode())


def _request_lines(live) -> list[dict]:
    lines = [json.loads(line) for line in (live.log.parent / f"error-{live.port}.log").read_text().splitlines()
             if line.startswith("{")]
    return [line for line in lines if line["logger"] == "rapport.request"]


def test_two_workers_count_into_one_scrape_and_keep_a_dead_workers_counts(database_url, _schema, tmp_path):
    with gunicorn(database_url, tmp_path, workers=2) as live:
        # A request whose headers have not all arrived keeps one worker busy; the other serves the rest
        # (left alone, the kernel may hand every connection to the same worker).
        with socket.create_connection(("127.0.0.1", live.port)) as pinned:
            pinned.sendall(b"GET /livez HTTP/1.1\r\nHost: test\r\n")
            time.sleep(0.5)
            with ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(lambda _: _get(live.base, "/livez"), range(59)))
            pinned.sendall(b"Connection: close\r\n\r\n")
            assert pinned.recv(100).startswith(b"HTTP/1.1 200")
        time.sleep(0.5)  # the line is written after the answer has left
        served_by = {line["pid"] for line in _request_lines(live) if line["route"] == "/livez"}
        assert served_by == set(live.worker_pids()), "both workers must have answered some requests"
        # Whichever worker answers the scrape, it reports both workers' requests (the startup probe
        # of tests.live hit /healthz, not /livez).
        for _ in range(4):
            assert count(_scrape(live.base), "/livez", "2xx") == 60
        victim = live.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while victim in live.worker_pids() or len(live.worker_pids()) < 2:
            assert time.monotonic() < deadline, "gunicorn did not replace the killed worker"
            time.sleep(0.2)
        assert count(_scrape(live.base), "/livez", "2xx") == 60


def test_every_request_writes_one_json_line_with_the_id_the_client_got(database_url, _schema, tmp_path):
    with gunicorn(database_url, tmp_path, workers=2) as live:
        sent = [f"client-{n}" for n in range(10)]
        returned = [_get(live.base, "/livez", {"X-Request-ID": rid})[0]["X-Request-ID"] for rid in sent]
        generated = _get(live.base, "/readyz")[0]["X-Request-ID"]
        assert returned == sent
        time.sleep(0.5)  # the line is written after the answer has left
        lines = _request_lines(live)
        by_id = {line["request_id"]: line for line in lines}
        assert set(sent) | {generated} <= set(by_id)
        assert len([line for line in lines if line["request_id"] in sent]) == len(sent)  # one line each
        assert by_id[generated]["route"] == "/readyz" and by_id[generated]["status"] == 200
        for line in lines:
            assert {"ts", "level", "request_id", "method", "route", "status", "duration_ms", "pid"} <= set(line)
