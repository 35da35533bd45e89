"""A live gunicorn serving the test database: for behaviour that only shows with several processes."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, log: Path, *, workers: int = 2, threads: int = 1, **settings: str):
    """Serve `create_app()` on a free port with `workers` processes; yields the base URL.

    The access log lines read `<pid> <request line> <status>`. `settings` are extra RAPPORT_* values.
    """
    port = _free_port()
    env = {**os.environ, "RAPPORT_DATABASE_URL": database_url, "RAPPORT_SECRET_KEY": "test-secret",
           "RAPPORT_MAIL_BACKEND": "memory", "RAPPORT_RATELIMIT_ENABLED": "false",
           **{f"RAPPORT_{name}": value for name, value in settings.items()}}
    binary = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(binary), "--workers", str(workers), "--threads", str(threads), "--bind", f"127.0.0.1:{port}",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(r)s %(s)s", "server:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def call(base: str, method: str, path: str, token: str | None = None, body=None,
         headers: dict[str, str] | None = None) -> tuple[int, str, object]:
    """One HTTP request on a fresh connection: (status, content type, parsed JSON body)."""
    sent = {"Content-Type": "application/json", "Connection": "close", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, method=method, headers=sent,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), json.loads(error.read() or b"null")
