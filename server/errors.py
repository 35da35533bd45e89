"""Errors as `application/problem+json` (RFC 9457), for every failure the API can produce."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, json
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

PROBLEM_MIME = "application/problem+json"
# What a database that is down, restarting or unreachable raises (SQLite: a missing or locked file).
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                        sa_exc.TimeoutError)
RETRY_AFTER_SECONDS = 5
log = logging.getLogger(__name__)


class ApiError(Exception):
    """Base of every error a service raises; the handler turns it into problem+json."""

    status = 400
    title = "Bad request"
    type = "about:blank"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = dict(errors) if errors else None
        self.headers = dict(headers or {})
        self.extra = extra


class ValidationFailed(ApiError):
    status = 422
    title = "Validation failed"
    type = "urn:rapport:problem:validation"

    def __init__(self, field: str | None = None, message: str | None = None, *, errors=None, **kw):
        if errors is None and field is not None:
            errors = {field: [message or "Invalid value."]}
        detail = kw.pop("detail", None) or (f"{field}: {message}" if field else None)
        super().__init__(detail, errors=errors, **kw)


class Unauthorized(ApiError):
    status = 401
    title = "Unauthorized"
    type = "urn:rapport:problem:unauthorized"

    def __init__(self, detail: str | None = None, **kw):
        kw.setdefault("headers", {"WWW-Authenticate": 'Bearer realm="rapport"'})
        super().__init__(detail, **kw)


class Forbidden(ApiError):
    status = 403
    title = "Forbidden"
    type = "urn:rapport:problem:forbidden"


class NotFound(ApiError):
    status = 404
    title = "Not found"
    type = "urn:rapport:problem:not-found"


class Conflict(ApiError):
    status = 409
    title = "Conflict"
    type = "urn:rapport:problem:conflict"


class PayloadTooLarge(ApiError):
    status = 413
    title = "Payload too large"


class TooManyRequests(ApiError):
    status = 429
    title = "Too many requests"


def problem(
    status: int,
    *,
    title: str,
    detail: str | None = None,
    type_: str = "about:blank",
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    """An application/problem+json response (RFC 9457)."""
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = dict(errors)
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIME)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested message dicts into `{"a.b.0": [...]}` so the app can name the field."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = "body" if key == "_schema" and not prefix else str(key)
            flat.update(flatten_messages(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat[prefix or "body"] = list(messages)
    elif isinstance(messages, list):
        for item in messages:
            for key, value in flatten_messages(item, prefix).items():
                flat.setdefault(key, []).extend(value)
    else:
        flat[prefix or "body"] = [str(messages)]
    return flat


def _webargs_errors(data: Mapping[str, Any]) -> dict[str, list[str]]:
    by_location = data.get("messages") or data.get("errors") or {}
    flat: dict[str, list[str]] = {}
    for location, messages in by_location.items():
        if location in ("json", "form", "files", "query", "path", "headers") and isinstance(
            messages, Mapping
        ):
            flat.update(flatten_messages(messages))
        elif location in ("json", "form"):
            flat.update(flatten_messages(messages, "body"))
        else:
            flat.update(flatten_messages(messages, location))
    return flat


def handle_http_exception(error: HTTPException) -> Response:
    """Werkzeug's HTTP errors (404, 405, 413...) as problem+json, keeping their headers."""
    status = error.code or 500
    if status >= 500:
        # Flask wraps unhandled exceptions; log the original, never show it.
        original = getattr(error, "original_exception", None)
        if original is not None:
            log.exception("Unhandled error", exc_info=original)
        return problem(500, title="Internal server error", detail="Something went wrong on our side.")
    data = getattr(error, "data", None) or {}
    errors = _webargs_errors(data) if data else None
    headers = dict(data.get("headers") or {})
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if status == 422 and errors:
        fields = ", ".join(sorted(errors))
        return problem(
            422,
            title="Validation failed",
            type_=ValidationFailed.type,
            detail=f"Invalid fields: {fields}",
            errors=errors,
            headers=headers,
        )
    if status == 400 and errors:
        return problem(
            400,
            title="Malformed request",
            detail="; ".join(m for ms in errors.values() for m in ms),
            errors=errors,
            headers=headers,
        )
    return problem(
        status,
        title=error.name,
        detail=data.get("message") or error.description,
        errors=errors or None,
        headers=headers,
    )


def handle_api_error(error: ApiError) -> Response:
    """A service's ApiError as problem+json."""
    return problem(
        error.status,
        title=error.title,
        detail=error.detail,
        type_=error.type,
        errors=error.errors,
        headers=error.headers,
        **error.extra,
    )


def handle_database_unavailable(error: Exception) -> Response:
    """503 with Retry-After when the database does not answer."""
    log.error("Database unavailable: %s", error)
    return problem(503, title="Service unavailable", detail="The database does not answer; try again shortly.",
                   headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def handle_changed_meanwhile(error: StaleDataError) -> Response:
    """409 when a row this request read was deleted or changed by another request before it wrote: the
    request writes nothing (its transaction is rolled back at teardown) and may be retried on fresh data."""
    log.warning("Write lost a race: %s", error)
    return problem(409, title="Conflict", detail="Another request changed or removed this meanwhile; nothing was "
                   "written. Read it again and retry.")


def handle_unexpected(error: Exception) -> Response:
    """Anything else: logged with its traceback, answered as a bare 500 problem."""
    log.exception("Unhandled error", exc_info=error)
    return problem(500, title="Internal server error", detail="Something went wrong on our side.")


def init_app(app: Flask) -> None:
    """Register the handlers above."""
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    for database_error in DATABASE_UNAVAILABLE:
        app.register_error_handler(database_error, handle_database_unavailable)
    app.register_error_handler(StaleDataError, handle_changed_meanwhile)
    app.register_error_handler(Exception, handle_unexpected)
