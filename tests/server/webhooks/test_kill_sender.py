"""A `flask webhooks deliver` process killed with SIGKILL mid-batch loses nothing; the next sender
resends at most the one delivery per endpoint that was in flight (same `webhook-id`), in order."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from server.extensions import db
from tests.server.webhooks.conftest import FAST, drain, register
from tests.server.webhooks.receiver import Receiver

ROOT = Path(__file__).resolve().parents[4]
MESSAGES, KILL_AFTER = 300, 120


@pytest.fixture
def app_overrides() -> dict:
    return {**FAST, "WEBHOOK_LEASE_SECONDS": 1.0}


def _emit_many(app, event_id: int) -> None:
    from server.webhooks.outbox import emit

    with app.app_context():
        for n in range(MESSAGES):
            emit(event_id=event_id, type_="ping", data={"n": n})
        db.session.commit()


def test_sigkill_mid_batch_loses_nothing_and_duplicates_only_the_delivery_in_flight(
        client, app, org, event, database_url):
    with Receiver(default=(200, 0.005)) as first, Receiver(default=(200, 0.005)) as second:
        for receiver in (first, second):
            register(client, org, event, receiver.url, types=["ping"])
        _emit_many(app, event["id"])
        env = {**os.environ, "FLASK_APP": "server", "RAPPORT_DATABASE_URL": database_url,
               "RAPPORT_SECRET_KEY": "test-secret", "RAPPORT_MAIL_BACKEND": "memory",
               "RAPPORT_WEBHOOK_ALLOW_LOOPBACK": "true", "RAPPORT_WEBHOOK_LEASE_SECONDS": "1",
               "RAPPORT_WEBHOOK_SENDER": "off"}
        sender = subprocess.Popen([str(Path(sys.executable).with_name("flask")), "webhooks", "deliver"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while len(first.received) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.002)
        os.kill(sender.pid, signal.SIGKILL)
        sender.wait(10)
        assert sender.returncode == -signal.SIGKILL
        sent_before = len(first.received) + len(second.received)
        assert sent_before < 2 * MESSAGES  # killed mid-batch, not after the end

        time.sleep(1.2)  # the dead sender's lease runs out
        drain(app)
    for receiver in (first, second):
        ids = [got.headers["webhook-id"] for got in receiver.received]
        unique = list(dict.fromkeys(ids))
        assert len(unique) == MESSAGES  # nothing lost
        assert [int(i.removeprefix("msg_")) for i in unique] == sorted(int(i.removeprefix("msg_")) for i in unique)
        assert len(ids) - len(unique) <= 1  # only the delivery in flight at the kill came twice
        assert [got.json["data"]["n"] for got in receiver.received if got.headers["webhook-id"] in unique][:1] == [0]
