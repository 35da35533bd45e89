"""What every outbox (webhooks, push) runs its sending with: a sender thread per process, a wake-up at a
process's first request, and RQ drain jobs queued by name. Each outbox passes its own drain, settings and
job names; this module knows none of them, so outboxes can notify each other without import cycles."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from server.types import utcnow

log = logging.getLogger("rapport.outbox")
_PENDING = "rapport.outbox.pending"  # session.info: names of the outboxes this transaction wrote to
_BY_NAME: dict[str, "Outbox"] = {}


def wake_after_commit(session: Session, name: str) -> None:
    """The transaction wrote rows to outbox `name`: wake its sender once the transaction commits (never
    after a rollback), so no sender looks for rows that are not visible yet."""
    session.info.setdefault(_PENDING, set()).add(name)


@sa_event.listens_for(Session, "after_commit")
def _wake_pending(session: Session) -> None:
    for name in sorted(session.info.pop(_PENDING, ())):
        _BY_NAME[name].wake()


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session: Session, _previous) -> None:
    session.info.pop(_PENDING, None)


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


@dataclass(frozen=True)
class Outbox:
    """One outbox's sending: `drain` sends what is due and says when to look again, `entry` is the
    RQ job in `server.worker` (by name), `setting` its RAPPORT_*_SENDER switch (`off`: only the CLI sends)."""

    name: str
    drain: Callable
    entry: str
    queue: str
    setting: str
    poll_setting: str

    def __post_init__(self) -> None:
        _BY_NAME[self.name] = self

    @property
    def extension(self) -> str:
        return f"rapport.{self.name}.sender"

    def wake(self) -> None:
        """Rows were committed to the outbox: get them sent soon, off the request path."""
        app = current_app._get_current_object()
        if app.config[self.setting] == "off":
            return
        if app.config["RAPPORT_REDIS_URL"]:
            try:
                self.enqueue(app.config["RAPPORT_REDIS_URL"])
            except Exception:  # Redis down: the rows wait in the outbox for the next wake or poll
                log.exception("could not queue the %s sender", self.name)
            return
        wake_thread(app, key=self.extension, make=lambda: SenderThread(
            app, drain=self.drain, poll_setting=self.poll_setting, name=f"{self.name}-sender"))

    def init_app(self, app: Flask) -> None:
        """Wake the sender at this process's first request too (see `wake_at_first_request`)."""
        wake_at_first_request(app, setting=self.setting, wake_func=self.wake)

    def stop(self, app: Flask) -> None:
        """Stop this app's sender thread (tests, shutdown)."""
        stop(app, key=self.extension)

    def enqueue(self, redis_url: str, *, delay: timedelta | None = None) -> None:
        """Queue a drain (now, or after `delay` for a retry) unless one is already waiting to start."""
        enqueue(redis_url, queue_name=self.queue, job_id=f"{self.name}-drain", entry=self.entry, delay=delay)
