"""Where sending runs: an RQ job when `RAPPORT_REDIS_URL` is set, else a sender thread per process.

RQ workers must listen to the `rapport-webhooks` queue with the scheduler on (retries are scheduled
jobs): `rq worker rapport-imports rapport-webhooks --with-scheduler`. With
`RAPPORT_WEBHOOK_SENDER=off` nothing sends in the background and `flask webhooks deliver` does it.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, current_app

from server import outbox_sender

log = logging.getLogger("rapport.webhooks")
QUEUE = "rapport-webhooks"
DRAIN_JOB = "webhooks-drain"
JOB = "server.worker.drain_webhooks"  # by name: the worker module builds the app, which imports this one
EXTENSION = "rapport.webhooks.sender"


def _drain():
    from server.webhooks.delivery import drain

    return drain()


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
    outbox_sender.wake_thread(app, key=EXTENSION, make=lambda: outbox_sender.SenderThread(
        app, drain=_drain, poll_setting="RAPPORT_WEBHOOK_POLL_SECONDS", name="webhook-sender"))


def init_app(app: Flask) -> None:
    """Wake the webhook sender at this process's first request (see `outbox_sender`)."""
    outbox_sender.wake_at_first_request(app, setting="RAPPORT_WEBHOOK_SENDER", wake_func=wake)


def stop(app: Flask) -> None:
    """Stop this app's webhook sender thread (tests, shutdown)."""
    outbox_sender.stop(app, key=EXTENSION)


def enqueue(redis_url: str, *, delay: timedelta | None = None) -> None:
    """Queue a webhook drain (now, or after `delay` for a retry) unless one is already waiting to start."""
    outbox_sender.enqueue(redis_url, queue_name=QUEUE, job_id=DRAIN_JOB, entry=JOB, delay=delay)
