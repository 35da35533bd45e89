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
    """Drains when woken, and at least every RAPPORT_WEBHOOK_POLL_SECONDS (retries, other workers' rows).
    Other outboxes (push) reuse it with their own `drain` and poll setting."""

    def __init__(self, app: Flask, *, drain=None, poll_setting: str = "RAPPORT_WEBHOOK_POLL_SECONDS",
                 name: str = "webhook-sender") -> None:
        super().__init__(name=name, daemon=True)
        self.app, self.woken, self.stopped = app, threading.Event(), threading.Event()
        self.drain, self.poll_setting = drain, poll_setting

    def run(self) -> None:
        from server.webhooks.delivery import drain as drain_webhooks

        drain = self.drain or drain_webhooks
        poll = self.app.config[self.poll_setting]
        while not self.stopped.is_set():
            self.woken.clear()
            wait = poll
            with self.app.app_context():
                try:
                    result = drain()
                    if result.next_due is not None:
                        wait = min(poll, max(0.0, (result.next_due - utcnow()).total_seconds()))
                except Exception:  # a database hiccup must not end the thread; the rows are still there
                    log.exception("%s failed; retrying in %s s", self.name, poll)
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


def init_app(app: Flask, *, setting: str = "RAPPORT_WEBHOOK_SENDER", wake_func=None) -> None:
    """Wake the sender at this process's first request too: rows left by a process that died between
    commit and wake-up (or during a retry wait) go out without waiting for the next change. Other
    outboxes (push) pass their own setting and wake function."""
    if app.config[setting] == "off":
        return
    started = threading.Event()

    def wake_once() -> None:
        if not started.is_set():
            started.set()
            (wake_func or wake)()

    app.before_request(wake_once)


def stop(app: Flask, *, key: str = "rapport.webhooks.sender") -> None:
    """Stop this app's sender thread (tests, shutdown)."""
    sender = app.extensions.pop(key, None)
    if sender is not None:
        sender.stopped.set()
        sender.woken.set()
        sender.join(timeout=10)


def enqueue(redis_url: str, *, delay: timedelta | None = None, queue_name: str = QUEUE,
            job_id: str = DRAIN_JOB, entry: str = JOB) -> None:
    """Queue the drain job `entry` (a dotted name in `server.worker`; default: webhooks') unless one is
    already waiting to start, or a retry after `delay`."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job, JobStatus
    from rq.exceptions import NoSuchJobError

    connection = Redis.from_url(redis_url)
    queue = Queue(queue_name, connection=connection)
    if delay is not None:
        queue.enqueue_in(delay, entry, job_id=f"{job_id}-retry-{int((utcnow() + delay).timestamp())}")
        return
    try:
        if Job.fetch(job_id, connection=connection).get_status() == JobStatus.QUEUED:
            return  # a drain that has not started yet will see these rows too
    except NoSuchJobError:
        pass
    queue.enqueue(entry, job_id=job_id)

