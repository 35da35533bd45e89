"""A live gunicorn serving the app from this checkout, for behaviour that only shows with real worker
processes (several workers, memory high-water marks, process kills)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Live:
    base: str
    port: int
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used: unlike wall time, not stretched by a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The process's high-water resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmHWM for {pid}")


@contextmanager
def gunicorn(database_url: str, tmp_path: Path, *, workers: int = 2, threads: int = 1, **settings: str):
    """Serve on a free port with `workers` processes and RAPPORT_<name>=value settings (rate limits off
    unless given). The access log (`Live.log`) lines read `<pid> <request line> <status>`."""
    port = free_port()
    log = tmp_path / f"access-{port}.log"
    env = {**os.environ, "RAPPORT_DATABASE_URL": database_url, "RAPPORT_SECRET_KEY": "test-secret",
           "RAPPORT_MAIL_BACKEND": "memory", "RAPPORT_RATELIMIT_ENABLED": "false"}
    env.update({f"RAPPORT_{name}": value for name, value in settings.items()})
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # each gunicorn its own metrics folder (gunicorn.conf.py)
    binary = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(binary), "--workers", str(workers), "--threads", str(threads),
         # gunicorn.conf.py serves with gthread (long-polls); tests of one thread a worker keep a sync
         # worker, whose single request in progress really occupies it.
         "--worker-class", "gthread" if threads > 1 else "sync", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(r)s %(s)s", "server:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"error-{port}.log", "w"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # a loaded CI machine imports the app slowly
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    try:
        yield Live(base, port, process, log)
    finally:
        # SIGINT is gunicorn's quick shutdown: a graceful one waits on keep-alive threads for nothing.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def redis_server(tmp_path: Path):
    """A private redis-server on a free port, no persistence; yields its URL."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed (make test installs it: apt-get install redis-server)"
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
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
