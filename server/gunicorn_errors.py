"""gunicorn's own refusals in problem+json, installed by both gunicorn config files.

Requests gunicorn refuses itself (request line or headers too long, malformed HTTP) never reach the app,
and gunicorn answers them with an HTML page. The API promises problem+json for every error, so its error
writer is replaced by one that keeps gunicorn's status and message but speaks problem+json.
"""
from __future__ import annotations

import json

from gunicorn import util

__all__ = ["install"]


def _write_problem(sock, status_int, reason, mesg):
    body = json.dumps({"type": "about:blank", "title": reason, "status": status_int,
                       "detail": mesg or reason}).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/problem+json\r\nX-Content-Type-Options: nosniff\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


def install() -> None:
    """Replace gunicorn's HTML error writer (relies on gunicorn.util.write_error, pinned gunicorn)."""
    util.write_error = _write_problem
