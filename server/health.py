"""`/livez` (liveness: the process answers; `/healthz` is its alias) and `/readyz` (readiness: the
parts it needs answer)."""
from __future__ import annotations

import logging

import redis
from flask import Flask, current_app
from sqlalchemy import text

from server import errors
from server.extensions import db

log = logging.getLogger(__name__)


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure means "down"; the detail goes to the log
        log.exception("readiness: the database does not answer")
        return "down"
    return "ok"


def _redis() -> str:
    url = current_app.config["RAPPORT_REDIS_URL"]
    if not url:
        return "not configured"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        log.exception("readiness: Redis (RAPPORT_REDIS_URL) does not answer")
        return "down"
    return "ok"


def init_app(app: Flask) -> None:
    """Register `/livez` (`/healthz`) and `/readyz`."""
    @app.get("/livez")
    @app.get("/healthz", endpoint="healthz")
    def livez():
        # Liveness only: a database or Redis outage must not get every worker restarted.
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz():
        # Redis, when configured, carries background imports: without it uploads cannot be queued.
        checks = {"database": _database(), "redis": _redis()}
        if "down" in checks.values():
            down = ", ".join(name for name, state in checks.items() if state == "down")
            return errors.problem(503, title="Service unavailable", detail=f"Not answering: {down}.",
                                  headers={"Retry-After": str(errors.RETRY_AFTER_SECONDS)}, checks=checks)
        return {"status": "ready", **checks}
