"""Request hooks: replay the stored response for a repeated `Idempotency-Key`, store new ones."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import Flask, Response, g, request
from sqlalchemy.exc import IntegrityError

from server import errors
from server.accounts import service as accounts_service
from server.auth import bearer_token
from server.extensions import db
from server.idempotency.models import IdempotentResponse
from server.types import utcnow

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
# Token responses carry secrets; they are never stored, so sign-in is not replayable.
EXCLUDED_PREFIXES = ("/api/v1/auth/",)


def _fingerprint() -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() + b" " + request.full_path.encode() + b"\n")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _applies() -> bool:
    return (
        request.method == "POST"
        and HEADER in request.headers
        and request.path.startswith("/api/v1/")
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def replay_if_seen() -> Response | None:
    """before_request: answer a retry with the first response, or refuse a reused key."""
    if not _applies():
        return None
    key = request.headers[HEADER].strip()
    if not key or len(key) > 200:
        return errors.problem(
            400, title="Bad request", detail="Idempotency-Key must be 1-200 characters.",
            errors={HEADER: ["Must be 1-200 characters."]},
        )
    token = bearer_token()
    account = accounts_service.authenticate(access_token=token) if token else None
    if account is None:
        return None  # the view answers 401
    stored = db.session.execute(
        db.select(IdempotentResponse).where(
            IdempotentResponse.account_id == account.id,
            IdempotentResponse.key == key,
            IdempotentResponse.created_at > utcnow() - KEEP_FOR,
        )
    ).scalar_one_or_none()
    if stored is None:
        g.idempotency = (account.id, key, _fingerprint())
        return None
    if stored.fingerprint != _fingerprint():
        return errors.problem(
            422, title="Idempotency key reused",
            detail="This Idempotency-Key was used for a different request.",
            errors={HEADER: ["Already used for a different request."]},
        )
    response = Response(stored.body, status=stored.status, content_type=stored.content_type)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def remember(response: Response) -> Response:
    """after_request: keep successful answers so a retried POST does not create twice."""
    pending = g.pop("idempotency", None)
    if pending is None or not 200 <= response.status_code < 300:
        return response
    account_id, key, fingerprint = pending
    db.session.execute(
        db.delete(IdempotentResponse).where(
            IdempotentResponse.account_id == account_id,
            IdempotentResponse.key == key,
        )
    )
    db.session.add(
        IdempotentResponse(
            account_id=account_id, key=key, fingerprint=fingerprint, status=response.status_code,
            content_type=response.content_type or "application/json", body=response.get_data(),
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent twin stored its answer first; that one stands.
        db.session.rollback()
    return response


def init_app(app: Flask) -> None:
    app.before_request(replay_if_seen)
    app.after_request(remember)
