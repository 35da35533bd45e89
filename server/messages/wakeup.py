"""Waking inbox long-polls on every worker when a message is sent on any of them.

Each worker process keeps one table of waiting requests (account id -> events to set) and, while
anyone waits, one background thread that learns about new messages from elsewhere:
- with RAPPORT_REDIS_URL, a subscription to one Redis channel the sender publishes account ids on;
- without it, one query every RAPPORT_INBOX_POLL_SECONDS for messages of the last few seconds.
So a thousand parked clients cost one connection or one query per worker, not one each. A waiter
also re-reads the database every RECHECK_SECONDS, so a lost publish only delays, never loses.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import redis
from flask import Flask, current_app

from server.extensions import db
from server.messages.models import ConversationMember, Message
from server.types import utcnow

CHANNEL = "rapport:inbox"
RECHECK_SECONDS = 5.0
WINDOW = timedelta(seconds=10)  # the poll rereads this much history: commits land out of id order
IDLE_EXIT_SECONDS = 10.0
log = logging.getLogger(__name__)
_created = threading.Lock()


class Hub:
    def __init__(self, app: Flask) -> None:
        self.app, self.lock = app, threading.Lock()
        self.waiters: dict[int, set[threading.Event]] = {}
        self.thread: threading.Thread | None = None
        self.publisher: redis.Redis | None = None
        self.redis_url = app.config["RAPPORT_REDIS_URL"]

    def add(self, account_id: int) -> threading.Event:
        woken = threading.Event()
        with self.lock:
            self.waiters.setdefault(account_id, set()).add(woken)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="rapport-inbox", daemon=True)
                self.thread.start()
        return woken

    def discard(self, account_id: int, woken: threading.Event) -> None:
        with self.lock:
            waiting = self.waiters.get(account_id, set())
            waiting.discard(woken)
            if not waiting:
                self.waiters.pop(account_id, None)

    def wake(self, account_ids) -> None:
        with self.lock:
            for account_id in account_ids:
                for woken in self.waiters.get(account_id, ()):
                    woken.set()

    def _idle_too_long(self, idle_since: float | None) -> tuple[bool, float | None]:
        with self.lock:
            if self.waiters:
                return False, None
            if idle_since is None:
                return False, time.monotonic()
            if time.monotonic() - idle_since > IDLE_EXIT_SECONDS:
                self.thread = None
                return True, idle_since
        return False, idle_since

    def _run(self) -> None:
        try:
            (self._listen if self.redis_url else self._poll)()
        except Exception:  # noqa: BLE001  (the next waiter starts a new thread; waiters recheck meanwhile)
            log.exception("inbox wake-up thread stopped")
            with self.lock:
                self.thread = None

    def _listen(self) -> None:
        idle_since = None
        while True:
            try:
                client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=1, health_check_interval=30)
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                while True:
                    stop, idle_since = self._idle_too_long(idle_since)
                    if stop:
                        pubsub.close()
                        return
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None:
                        self.wake(json.loads(message["data"]))
            except redis.RedisError as error:
                log.warning("inbox wake-up: Redis unavailable (%s); waiters fall back to rechecking", error)
                time.sleep(1)

    def _poll(self) -> None:
        idle_since, seen = None, {}
        interval = self.app.config["RAPPORT_INBOX_POLL_SECONDS"]
        while True:
            stop, idle_since = self._idle_too_long(idle_since)
            if stop:
                return
            since = utcnow() - WINDOW
            with self.app.app_context():
                rows = db.session.execute(db.select(Message.id, Message.created_at, ConversationMember.account_id)
                                          .join(ConversationMember,
                                                ConversationMember.conversation_id == Message.conversation_id)
                                          .where(Message.created_at >= since)).all()
                db.session.remove()
            fresh = [(mid, at, account) for mid, at, account in rows if (mid, account) not in seen]
            self.wake({account for _, _, account in fresh})
            seen = {key: at for key, at in seen.items() if at >= since} | {(m, a): at for m, at, a in fresh}
            time.sleep(interval)

    def announce(self, account_ids: list[int]) -> None:
        self.wake(account_ids)
        if not self.redis_url:
            return  # other workers' pollers find it in the database
        try:
            if self.publisher is None:
                self.publisher = redis.Redis.from_url(self.redis_url, socket_connect_timeout=1, socket_timeout=1)
            self.publisher.publish(CHANNEL, json.dumps(account_ids))
        except redis.RedisError as error:
            log.warning("inbox wake-up: could not publish (%s); recipients see it on their next recheck", error)


def _hub() -> Hub:
    app = current_app._get_current_object()
    with _created:
        return app.extensions.setdefault("rapport.inbox", Hub(app))


@contextmanager
def waiting(account_id: int) -> Iterator[threading.Event]:
    """Register before reading the database, so a message committed in between still wakes us."""
    hub = _hub()
    woken = hub.add(account_id)
    try:
        yield woken
    finally:
        hub.discard(account_id, woken)


def announce(account_ids: list[int]) -> None:
    """After the commit: wake these accounts' waiters here and, through Redis, on every worker."""
    _hub().announce(account_ids)
