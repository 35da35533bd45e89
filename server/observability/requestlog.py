"""One JSON log line per request, and the request id that ties it to the client and to other lines."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, Response, g, has_request_context, request

from server.observability import metrics

HEADER = "X-Request-ID"
# A client's id is kept only if it is short and cannot forge log fields or headers; else a new one.
_VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
request_log = logging.getLogger("rapport.request")


def request_id_from(header: str | None) -> str:
    """The client's `X-Request-ID` when well formed (1-128 of A-Z a-z 0-9 . _ : -), else a new one."""
    if header and _VALID_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """A record as one JSON object; inside a request it carries the request id."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
                 .replace("+00:00", "Z"), "level": record.levelname.lower(), "logger": record.name,
                 "msg": record.getMessage(), "pid": record.process}
        entry.update(getattr(record, "fields", {}))
        if "request_id" not in entry and has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class _StderrHandler(logging.StreamHandler):
    # Looks sys.stderr up on every write (as logging.lastResort does): a test runner may swap it.
    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def configure_logging(level: str) -> None:
    """JSON lines on stderr for every logger of the process (once per process, whatever the app count)."""
    root = logging.getLogger()
    if not any(isinstance(handler, _StderrHandler) for handler in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level.upper())
    # Request lines are the point of this logger: they show whatever the level of the rest.
    request_log.setLevel(logging.INFO)


def _start() -> None:
    g.request_id = request_id_from(request.headers.get(HEADER))
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    if "request_id" not in g:  # a hook before ours answered; still log and tag it
        _start()
    response.headers[HEADER] = g.request_id
    seconds = time.perf_counter() - g.request_started
    metrics.observe_request(route=route(), method=request.method, status=response.status_code, seconds=seconds)
    fields = {"request_id": g.request_id, "method": request.method, "route": route(),
              "status": response.status_code, "duration_ms": round(seconds * 1000, 2)}
    if g.get("account_id") is not None:
        fields["account_id"] = g.account_id
    # Never the path (tokens and ids ride in it), the query string, headers or bodies.
    request_log.info("request", extra={"fields": fields})
    return response


def route() -> str:
    """The matched URL rule (`/api/v1/events/<int:event_id>`), never the raw path."""
    return request.url_rule.rule if request.url_rule is not None else "<unmatched>"


def init_app(app: Flask) -> None:
    """JSON logging, request ids and the one log line per request."""
    configure_logging(app.config["RAPPORT_LOG_LEVEL"])
    # First of all hooks, so a request refused early (413, 429) still gets its id.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    # after_request hooks run last-registered first: appended at position 0, this one runs last and
    # times everything the others do.
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)
