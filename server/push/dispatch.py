"""Where pushes are sent: an RQ job (queue `rapport-push`) when `RAPPORT_REDIS_URL` is set, else a
sender thread per process; `RAPPORT_PUSH_SENDER=off`: only by `flask push deliver`. The machinery
(thread, first-request wake-up, RQ jobs) is the webhooks', with push's drain."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, current_app

from server import outbox_sender

log = logging.getLogger("rapport.push")
QUEUE = "rapport-push"
DRAIN_JOB = "push-drain"
EXTENSION = "rapport.push.sender"


def _drain():
    from server.push.delivery import drain

    return drain()


JOB = "server.worker.drain_push"  # by name, as webhooks' (see server.worker)


def enqueue(redis_url: str, *, delay: timedelta | None = None) -> None:
    """Queue a push drain (now, or after `delay`) unless one is already waiting to start."""
    outbox_sender.enqueue(redis_url, queue_name=QUEUE, job_id=DRAIN_JOB, entry=JOB, delay=delay)


def wake() -> None:
    """Pushes were committed to the outbox: get them sent soon, off the request path."""
    app = current_app._get_current_object()
    if app.config["RAPPORT_PUSH_SENDER"] == "off":
        return
    if app.config["RAPPORT_REDIS_URL"]:
        try:
            enqueue(app.config["RAPPORT_REDIS_URL"])
        except Exception:  # noqa: BLE001 - Redis down: the rows wait for the next wake
            log.exception("could not queue the push sender")
        return
    outbox_sender.wake_thread(app, key=EXTENSION, make=lambda: outbox_sender.SenderThread(
        app, drain=_drain, poll_setting="RAPPORT_PUSH_POLL_SECONDS", name="push-sender"))


def init_app(app: Flask) -> None:
    outbox_sender.wake_at_first_request(app, setting="RAPPORT_PUSH_SENDER", wake_func=wake)


def stop(app: Flask) -> None:
    outbox_sender.stop(app, key=EXTENSION)
