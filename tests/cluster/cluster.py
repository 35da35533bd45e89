"""A small Rapport cluster on this machine: two app instances (gunicorn, 2 workers each) and one rq
worker sharing one PostgreSQL and one Redis, behind HAProxy. Every process is real; nothing is mocked."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.live import ROOT, free_port

BIN = Path(sys.executable).parent
# Sign-in limit small enough to see it hold; an hour, so that no window rolls over during the test.
SETTINGS = {
    "SECRET_KEY": "cluster-secret", "MAIL_BACKEND": "memory", "RATELIMIT_ENABLED": "true",
    "AUTH_RATE_LIMIT": "10 per hour", "PROXY_FIX_HOPS": "1", "IMPORT_SYNC_MAX_ROWS": "50",
    "IMPORT_BATCH_ROWS": "100", "IDEMPOTENCY_LEASE": "5", "IDEMPOTENCY_WAIT": "2",
}
HAPROXY_CONFIG = """
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A refused connection (an instance just killed) is tried again on the other instance.
    retries 3
    option redispatch
frontend rapport
    bind 127.0.0.1:{port}
    option forwardfor
    default_backend instances
backend instances
    balance roundrobin
    option httpchk GET /livez
    default-server inter 300ms fall 2 rise 2
    http-response set-header X-Served-By %[srv_name]
{servers}
"""


def wait_until_up(url: str, process: subprocess.Popen, what: str, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer {url} within {timeout} s")


@dataclass
class Instance:
    name: str
    port: int
    env: dict[str, str]
    logs: Path
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # A session of its own: kill -9 reaches the master and its workers at once, like a lost host.
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{self.port}", "server:create_app()"],
            cwd=ROOT, env=self.env, start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=open(self.logs / f"{self.name}.log", "a"))
        wait_until_up(f"{self.base}/livez", self.process, f"instance {self.name}")

    def kill(self) -> None:
        """kill -9 the whole instance: master and workers, no chance to finish anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@dataclass
class Cluster:
    database_url: str
    logs: Path
    instances: list[Instance] = field(default_factory=list)
    processes: list[subprocess.Popen] = field(default_factory=list)
    balancer_port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.balancer_port}"

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "a")
        process = subprocess.Popen(argv, cwd=ROOT, env=env or os.environ.copy(), stdout=log, stderr=log,
                                   start_new_session=True)
        self.processes.append(process)
        return process

    def start(self) -> None:
        redis_port = free_port()
        redis = self._spawn("redis", ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"])
        env = {**os.environ, "RAPPORT_DATABASE_URL": self.database_url,
               "RAPPORT_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
               **{f"RAPPORT_{name}": value for name, value in SETTINGS.items()}}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        # Migrations once, as a release does, before any web process or worker starts.
        subprocess.run([str(BIN / "flask"), "--app", "server", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=open(self.logs / "migrate.log", "w"))
        if redis.poll() is not None:
            raise RuntimeError("redis-server exited")
        self._spawn("rq-worker", [str(BIN / "rq"), "worker", "--path", str(ROOT), "--url", env["RAPPORT_REDIS_URL"],
                                  "rapport-imports"], env)
        self.instances = [Instance(name, free_port(), env, self.logs) for name in ("a", "b")]
        for instance in self.instances:
            instance.start()
        self.balancer_port = free_port()
        servers = "\n".join(f"    server {i.name} 127.0.0.1:{i.port} check" for i in self.instances)
        config = self.logs / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=self.balancer_port, servers=servers))
        balancer = self._spawn("haproxy", ["haproxy", "-db", "-f", str(config)])
        wait_until_up(f"{self.base}/livez", balancer, "haproxy")
        self.wait_for_backends()

    def wait_for_backends(self, timeout: float = 20) -> None:
        """Until the balancer has sent requests to every instance (its health checks see them up)."""
        deadline, seen = time.monotonic() + timeout, set()
        while seen != {i.name for i in self.instances}:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the balancer reaches only {seen}")
            with urllib.request.urlopen(f"{self.base}/livez", timeout=2) as response:
                seen.add(response.headers["X-Served-By"])
            time.sleep(0.1)

    def stop(self) -> None:
        for instance in self.instances:
            instance.stop()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
