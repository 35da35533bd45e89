"""With RAPPORT_REDIS_URL set, a big import is queued in a real Redis and done by a real `rq worker`
process (which builds its own app from the RAPPORT_* environment); the web process only reports."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.live import redis_server
from tests.server.imports.helpers import organizer_with_event, upload

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


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
