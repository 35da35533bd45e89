"""Where sending runs: an RQ job when `RAPPORT_REDIS_URL` is set, else a sender thread per process.

RQ workers must listen to the `rapport-webhooks` queue with the scheduler on (retries are scheduled
jobs): `rq worker rapport-imports rapport-webhooks --with-scheduler`. With
`RAPPORT_WEBHOOK_SENDER=off` nothing sends in the background and `flask webhooks deliver` does it.
"""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

from flask import Flask, current_app

from server.types import utcnow

log = logging.getLogger("rapport.webhooks")
QUEUE = "rapport-webhooks"
DRAIN_JOB = "webhooks-drain"
JOB = "server.worker.drain_webhooks"  # by name: the worker module builds the app, which imports this one


class SenderThread(threading.Thread):
    """Drains when woken, and at least every RAPPORT_WEBHOOK_POLL_SECONDS (retries, other workers' rows)."""

    def __init__(self, app: Flask) -> None:
        super().__init__(name="webhook-sender", daemon=True)
        self.app, self.woken, self.stopped = app, threading.Event(), threading.Event()

    def run(self) -> None:
        from server.webhooks.delivery import drain

        poll = self.app.config["RAPPORT_WEBHOOK_POLL_SECONDS"]
        while not self.stopped.is_set():
            self.woken.clear()
            wait = poll
            with self.app.app_context():
                try:
                    result = drain()
                    if result.next_due is not None:
                        wait = min(poll, max(0.0, (result.next_due - utcnow()).total_seconds()))
                except Exception:  # a database hiccup must not end the thread; the rows are still there
                    log.exception("webhook sender failed; retrying in %s s", poll)
            self.woken.wait(wait)


def wake() -> None:
    """Something was committed to the outbox: get it sent soon, off the request path."""
    app = current_app._get_current_object()
    mode = app.config["RAPPORT_WEBHOOK_SENDER"]
    if mode == "off":
        return
    if app.config["RAPPORT_REDIS_URL"]:
        try:
            enqueue(app.config["RAPPORT_REDIS_URL"])
        except Exception:  # Redis down: the rows wait in the outbox for the next wake or poll
            log.exception("could not queue the webhook sender")
        return
    sender = app.extensions.get("rapport.webhooks.sender")
    if sender is None or not sender.is_alive():
        sender = app.extensions["rapport.webhooks.sender"] = SenderThread(app)
        sender.start()
    sender.woken.set()


def init_app(app: Flask) -> None:
    """Wake the sender at this process's first request too: rows left by a process that died between
    commit and wake-up (or during a retry wait) go out without waiting for the next change."""
    if app.config["RAPPORT_WEBHOOK_SENDER"] == "off":
        return
    started = threading.Event()

    def wake_once() -> None:
        if not started.is_set():
            started.set()
            wake()

    app.before_request(wake_once)


def stop(app: Flask) -> None:
    """Stop this app's sender thread (tests, shutdown)."""
    sender = app.extensions.pop("rapport.webhooks.sender", None)
    if sender is not None:
        sender.stopped.set()
        sender.woken.set()
        sender.join(timeout=10)


def enqueue(redis_url: str, *, delay: timedelta | None = None) -> None:
    """Queue a drain (now, or after `delay` for a retry) unless one is already waiting to start."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job, JobStatus
    from rq.exceptions import NoSuchJobError

    connection = Redis.from_url(redis_url)
    queue = Queue(QUEUE, connection=connection)
    if delay is not None:
        queue.enqueue_in(delay, JOB, job_id=f"webhooks-retry-{int((utcnow() + delay).timestamp())}")
        return
    try:
        if Job.fetch(DRAIN_JOB, connection=connection).get_status() == JobStatus.QUEUED:
            return  # a drain that has not started yet will see these rows too
    except NoSuchJobError:
        pass
    queue.enqueue(JOB, job_id=DRAIN_JOB)

