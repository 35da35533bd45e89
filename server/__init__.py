"""Rapport: the backend of a conference-networking app. `create_app` builds the Flask app."""
from __future__ import annotations

import functools
import os
from typing import Any

from flask import Flask, request
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from server import config, console, dbpool, errors, headers, health, inputs, mail, ratelimit
from server.api import spec_kwargs
from server.extensions import api, db, limiter, migrate
from server.idempotency import service as idempotency_service
from server.push import dispatch as push_dispatch
from server.webhooks import dispatch as webhooks_dispatch

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")
# Endpoints that take uploads rather than JSON (added by features that need them).
NON_JSON_BODY_ENDPOINTS: set[str] = {"imports.Imports"}  # attendee list uploads (multipart)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app. `overrides` (tests) win over RAPPORT_* variables, which win over defaults."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config.load(app.instance_path, overrides))
    app.json.sort_keys = False

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", functools.partial(
                _sqlite_pragmas, synchronous=app.config["RAPPORT_SQLITE_SYNCHRONOUS"].upper()))
        dbpool.init_engine(db.engine, ping_after=app.config["RAPPORT_DB_PING_AFTER"])
    mail.init_app(app)
    app.config.update(ratelimit.limiter_settings(app.config["RAPPORT_REDIS_URL"]))
    limiter.init_app(app)
    if app.config["RAPPORT_PROXY_FIX_HOPS"]:
        hops = app.config["RAPPORT_PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    app.config["API_SPEC_OPTIONS"] = {
        "security": [{"bearerAuth": []}],
        "info": {"description": "Rapport: the backend of a conference-networking app."},
        "servers": [{"url": "/"}],
    }
    app.url_map.converters["int"] = inputs.DatabaseId  # before any route is added
    api.init_app(app, spec_kwargs=spec_kwargs())
    _register_blueprints()
    console.init_app(app)
    errors.init_app(app)
    # First of all hooks (even the rate limiter's): nothing may read an oversized body.
    app.before_request_funcs.setdefault(None, []).insert(0, inputs.limit_body)
    app.before_request(_require_json_bodies)
    app.before_request(inputs.reject_unstorable_input)
    idempotency_service.init_app(app)
    app.after_request(_conditional_get)
    headers.init_app(app)
    health.init_app(app)
    webhooks_dispatch.init_app(app)
    push_dispatch.init_app(app)
    _register_cli(app)
    # Imported here: gunicorn's config imports `server` before it chooses prometheus_client's mode.
    from server.observability import metrics, requestlog

    metrics.init_app(app)
    requestlog.init_app(app)  # last: its hooks go first (ids) and last (timing) of all
    return app


def _sqlite_pragmas(dbapi_connection, _record, *, synchronous: str) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute(f"PRAGMA synchronous={synchronous}")  # one of four words, checked by config.load
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite ignores FKs (and cascades) otherwise
    cursor.execute("PRAGMA busy_timeout=5000")  # several gunicorn workers share one file
    cursor.close()


def _register_blueprints() -> None:
    from server.accounts.views import blp as accounts_blp
    from server.analytics.views import blp as analytics_blp
    from server.attendees.views import blp as attendees_blp
    from server.connections.views import blp as connections_blp
    from server.departments.views import blp as departments_blp
    from server.events.views import blp as events_blp
    from server.followups.views import blp as followups_blp
    from server.imports.views import blp as imports_blp
    from server.intros.views import blp as intros_blp
    from server.matches.views import blp as matches_blp
    from server.meetings.views import blp as meetings_blp
    from server.messages.moderation_views import blp as moderation_blp
    from server.messages.views import blp as messages_blp
    from server.notifications.views import blp as notifications_blp
    from server.privacy.views import blp as privacy_blp
    from server.sessions.views import blp as sessions_blp
    from server.announcements.views import blp as announcements_blp
    from server.push.views import blp as push_blp
    from server.sync import tracking  # noqa: F401  (session listeners that mark changes for sync)
    from server.sync.views import blp as sync_blp
    from server.webhooks.views import blp as webhooks_blp

    for blueprint in (accounts_blp, events_blp, attendees_blp, matches_blp, intros_blp, connections_blp,
                      notifications_blp, imports_blp, followups_blp, analytics_blp, meetings_blp, sessions_blp,
                      privacy_blp, webhooks_blp, messages_blp, moderation_blp, departments_blp, sync_blp,
                      push_blp, announcements_blp):
        api.register_blueprint(blueprint)


def _require_json_bodies():
    if (request.method not in ("POST", "PUT", "PATCH") or request.endpoint in NON_JSON_BODY_ENDPOINTS
            or request.blueprint == "console"):  # the console's HTML forms
        return None
    has_body = bool(request.content_length) or request.headers.get("Transfer-Encoding") == "chunked"
    if has_body and not request.is_json:
        return errors.problem(
            415,
            title="Unsupported media type",
            detail="Send the body as JSON with `Content-Type: application/json`.",
            errors={"Content-Type": [f"Expected application/json, got {request.mimetype or 'none'}."]},
        )
    return None


def _conditional_get(response):
    # ETags let the app revalidate cached resources cheaply; If-None-Match gets a 304.
    if request.method == "GET" and response.status_code == 200 and response.is_json:
        response.add_etag()
        response.make_conditional(request)
    return response


def _register_cli(app: Flask) -> None:
    from server.cli import register

    register(app)
