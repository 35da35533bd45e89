"""With RAPPORT_REDIS_URL set, a big import is queued in a real Redis and done by a real `rq worker`
process (which builds its own app from the RAPPORT_* environment); the web process only reports."""
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.server.imports.helpers import organizer_with_event, upload

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is needed (make test installs it: apt-get install redis-server)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def app_overrides(redis_url):
    return {"IMPORT_SYNC_MAX_ROWS": 5, "IMPORT_BATCH_ROWS": 4, "REDIS_URL": redis_url}


def test_a_queued_import_is_done_by_an_rq_worker_process(client, app, database_url, redis_url):
    owner, event = organizer_with_event(client)
    csv = "Email,Name,Goals\n" + "".join(f"q{i}@example.org,Queued {i},hiring\n" for i in range(12))
    response = upload(client, owner, event, csv)
    assert response.status_code == 202 and response.json["status"] == "queued"
    time.sleep(0.5)  # nothing runs it in this process
    assert client.get(response.headers["Location"], headers=owner["headers"]).json["status"] == "queued"

    env = {**os.environ, "RAPPORT_DATABASE_URL": database_url, "RAPPORT_SECRET_KEY": "test-secret",
           "RAPPORT_MAIL_BACKEND": "memory", "RAPPORT_REDIS_URL": redis_url}
    rq = Path(sys.executable).with_name("rq")
    worker = subprocess.run([str(rq), "worker", "--burst", "--url", redis_url, "rapport-imports"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert worker.returncode == 0, worker.stderr[-2000:]
    report = client.get(response.headers["Location"], headers=owner["headers"]).json
    assert report["status"] == "succeeded", report
    assert report["counts"]["created"] == 12
