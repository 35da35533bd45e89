"""Headers on every answer, and `no_store` for answers that hold secrets or private data."""
from __future__ import annotations

import functools
from typing import Callable

from flask import Flask, Response, g


def no_store(view: Callable) -> Callable:
    """Mark a view's answers `Cache-Control: no-store` (tokens, one's own profile and contacts)."""

    @functools.wraps(view)
    def marked(*args, **kwargs):
        g.no_store = True
        return view(*args, **kwargs)

    return marked


def _add_headers(response: Response) -> Response:
    # Browsers must not guess a type: a user-supplied text served as text/csv must never run as HTML.
    response.headers["X-Content-Type-Options"] = "nosniff"
    if g.get("no_store"):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Add the common response headers to every answer."""
    app.after_request(_add_headers)
