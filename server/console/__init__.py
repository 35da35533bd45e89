"""The organizer console at /console: server-rendered pages over the same services as the API.

Browser sessions are a signed cookie holding an access token (HttpOnly, SameSite=Lax, Secure in
production); every POST carries a CSRF token; pages send a Content-Security-Policy that allows
scripts and styles from this app only (no inline script, nothing from another host).
"""
from __future__ import annotations

from flask import Flask

from server.console.blueprint import bp


def init_app(app: Flask) -> None:
    """Register the console and configure its session cookie."""
    from server.console import (auth, views_attendees, views_events, views_imports, views_insights,  # noqa: F401
                                views_meetings, views_sessions)
    from server.console.apidocs import bp as apidocs_bp

    app.config.update(
        SESSION_COOKIE_NAME="rapport_console",
        SESSION_COOKIE_PATH="/console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["RAPPORT_ENV"] == "production",
    )
    app.register_blueprint(bp)
    app.register_blueprint(apidocs_bp)
