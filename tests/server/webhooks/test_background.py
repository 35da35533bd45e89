"""Sending off the request path: a sender thread without Redis, an `rq worker` process with it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.imports.test_rq_worker import redis_url  # noqa: F401  (fixture: a private redis-server)
from tests.server.webhooks.conftest import FAST, add_attendee, register
from tests.server.webhooks.receiver import Receiver

ROOT = Path(__file__).resolve().parents[4]


class TestThread:
    @pytest.fixture
    def app_overrides(self):
        return {**FAST, "WEBHOOK_SENDER": "auto", "WEBHOOK_POLL_SECONDS": 0.2}

    def test_the_thread_sends_after_commit_and_retries(self, client, app, org, event):
        from server.webhooks import dispatch

        try:
            with Receiver([(500, 0.0)]) as receiver:
                register(client, org, event, receiver.url)
                add_attendee(client, org, event, "jo@example.org")  # the request returns; the thread sends
                got = receiver.wait_for(2)
            assert len(got) == 2 and got[0].headers["webhook-id"] == got[1].headers["webhook-id"]
        finally:
            dispatch.stop(app)


    def test_rows_another_process_left_are_sent_without_a_new_change(self, client, app, org, event, database_url):
        from server.extensions import db
        from server.webhooks import dispatch
        from server.webhooks.outbox import emit
        from tests.conftest import make_app

        try:
            with Receiver() as receiver:
                register(client, org, event, receiver.url, types=["ping"])
                assert client.get("/healthz").status_code == 200  # this process's first request starts its sender
                other = make_app(database_url, **FAST)  # a process that commits and dies before waking a sender
                with other.app_context():
                    emit(event_id=event["id"], type_="ping", data={})
                    db.session.commit()
                    db.engine.dispose()
                assert len(receiver.wait_for(1)) == 1
        finally:
            dispatch.stop(app)


class TestRQ:
    @pytest.fixture
    def app_overrides(self, redis_url):  # noqa: F811
        return {**FAST, "WEBHOOK_SENDER": "auto", "REDIS_URL": redis_url}

    def test_an_rq_worker_process_sends(self, client, app, org, event, database_url, redis_url):  # noqa: F811
        with Receiver() as receiver:
            register(client, org, event, receiver.url)
            add_attendee(client, org, event, "kim@example.org")
            assert receiver.received == [] and "rapport.webhooks.sender" not in app.extensions
            env = {**os.environ, "RAPPORT_DATABASE_URL": database_url, "RAPPORT_SECRET_KEY": "test-secret",
                   "RAPPORT_MAIL_BACKEND": "memory", "RAPPORT_REDIS_URL": redis_url,
                   "RAPPORT_WEBHOOK_ALLOW_LOOPBACK": "true"}
            rq = Path(sys.executable).with_name("rq")
            worker = subprocess.run([str(rq), "worker", "--burst", "--url", redis_url, "rapport-webhooks"],
                                    cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            assert worker.returncode == 0, worker.stderr[-2000:]
        assert receiver.types() == ["attendee.created"]
