"""RQ entry points: what an `rq worker` process runs, each building one app from the RAPPORT_* environment.

Jobs are queued by these functions' dotted names (`ENTRY_*`), never by importing this module: it is
the only module that needs `create_app` outside the app itself, and nothing the app imports leads
back here, so the app and its background jobs do not import each other.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask

from server import create_app
from server.imports import service as imports_service
from server.push import delivery as push_delivery, dispatch as push_dispatch
from server.types import utcnow
from server.webhooks import dispatch as webhooks_dispatch
from server.webhooks.delivery import drain

_worker_app: Flask | None = None


def _app() -> Flask:
    global _worker_app
    if _worker_app is None:
        _worker_app = create_app()
    return _worker_app


def run_import(import_id: int) -> None:
    """Run one queued attendee import."""
    with _app().app_context():
        imports_service.run_import(import_id=import_id)


def drain_webhooks() -> None:
    """Send every due webhook delivery, then schedule a job for the earliest retry."""
    app = _app()
    with app.app_context():
        result = drain()
        if result.next_due is not None:
            delay = max(result.next_due - utcnow(), timedelta(seconds=1))
            webhooks_dispatch.enqueue(app.config["RAPPORT_REDIS_URL"], delay=delay)


def drain_push() -> None:
    """Send every due push, then schedule a job for the earliest retry (or the end of quiet hours)."""
    app = _app()
    with app.app_context():
        result = push_delivery.drain()
        if result.next_due is not None:
            delay = max(result.next_due - utcnow(), timedelta(seconds=1))
            push_dispatch.enqueue(app.config["RAPPORT_REDIS_URL"], delay=delay)
