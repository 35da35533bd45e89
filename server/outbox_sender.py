"""What every outbox (webhooks, push) runs its sending with: a sender thread per process, a wake-up at a
process's first request, and RQ drain jobs queued by name. Each outbox passes its own drain, settings and
job names; this module knows none of them, so outboxes can notify each other without import cycles."""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

from flask import Flask

from server.types import utcnow

log = logging.getLogger("rapport.outbox")


class SenderThread(threading.Thread):
    """Drains when woken, and at least every `poll_setting` seconds (retries, other workers' rows)."""

    def __init__(self, app: Flask, *, drain, poll_setting: str, name: str) -> None:
        super().__init__(name=name, daemon=True)
        self.app, self.woken, self.stopped = app, threading.Event(), threading.Event()
        self.drain, self.poll_setting = drain, poll_setting

    def run(self) -> None:
        poll = self.app.config[self.poll_setting]
        while not self.stopped.is_set():
            self.woken.clear()
            wait = poll
            with self.app.app_context():
                try:
                    result = self.drain()
                    if result.next_due is not None:
                        wait = min(poll, max(0.0, (result.next_due - utcnow()).total_seconds()))
                except Exception:  # a database hiccup must not end the thread; the rows are still there
                    log.exception("%s failed; retrying in %s s", self.name, poll)
            self.woken.wait(wait)


def wake_thread(app: Flask, *, key: str, make) -> None:
    """Start this app's sender thread under `app.extensions[key]` if it is not running, then wake it."""
    sender = app.extensions.get(key)
    if sender is None or not sender.is_alive():
        sender = app.extensions[key] = make()
        sender.start()
    sender.woken.set()


def wake_at_first_request(app: Flask, *, setting: str, wake_func) -> None:
    """Wake the sender at this process's first request too: rows left by a process that died between
    commit and wake-up (or during a retry wait) go out without waiting for the next change."""
    if app.config[setting] == "off":
        return
    started = threading.Event()

    def wake_once() -> None:
        if not started.is_set():
            started.set()
            wake_func()

    app.before_request(wake_once)


def stop(app: Flask, *, key: str) -> None:
    """Stop this app's sender thread (tests, shutdown)."""
    sender = app.extensions.pop(key, None)
    if sender is not None:
        sender.stopped.set()
        sender.woken.set()
        sender.join(timeout=10)


def enqueue(redis_url: str, *, queue_name: str, job_id: str, entry: str, delay: timedelta | None = None) -> None:
    """Queue the drain job `entry` (a dotted name in `server.worker`) unless one is already waiting to
    start, or a retry after `delay`."""
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
