"""Request hooks: reserve each `Idempotency-Key` before the work, replay its answer to repeats.

The reservation is a committed insert under a unique constraint, so of several requests with one
key exactly one does the work; the others wait briefly for its answer, or get 409.
"""
from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from server import errors
from server.errors import Conflict
from server.accounts import service as accounts_service
from server.auth import bearer_token
from server.extensions import db
from server.idempotency.models import IdempotentResponse
from server.types import utcnow

HEADER = "Idempotency-Key"
# `status` of a reservation whose work has committed but whose answer is not stored yet. Written in
# the work's own transaction: if the process dies before the answer is stored, a retry must not run
# the work a second time.
WORK_DONE = 0
KEEP_FOR = timedelta(hours=24)
POLL_SECONDS = 0.05
# Token responses carry secrets; they are never stored, so sign-in is not replayable.
EXCLUDED_PREFIXES = ("/api/v1/auth/",)
log = logging.getLogger(__name__)


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


def _reserve(account_id: int, key: str, fingerprint: str) -> int | None:
    """Insert the key's row in its own transaction; its id, or None when the key is taken."""
    row = IdempotentResponse(account_id=account_id, key=key, fingerprint=fingerprint)
    db.session.add(row)
    try:
        db.session.flush()
        reserved = row.id
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return reserved


def _discard_if_dead(row: IdempotentResponse) -> bool:
    """Delete a row past its time (an expired answer or an abandoned reservation); True if it was dead."""
    lease = timedelta(seconds=current_app.config["RAPPORT_IDEMPOTENCY_LEASE"])
    cutoff = utcnow() - (KEEP_FOR if row.status is not None else lease)
    if row.created_at > cutoff:
        return False
    # The conditions are re-checked by the delete: a reservation answered meanwhile is kept.
    still_dead = [IdempotentResponse.id == row.id, IdempotentResponse.created_at <= cutoff]
    if row.status is None:
        still_dead.append(IdempotentResponse.status.is_(None))
    db.session.execute(db.delete(IdempotentResponse).where(*still_dead))
    db.session.commit()
    return True


def _past_lease(row: IdempotentResponse) -> bool:
    return row.created_at <= utcnow() - timedelta(seconds=current_app.config["RAPPORT_IDEMPOTENCY_LEASE"])


def _answer_lost() -> Response:
    return errors.problem(
        409, title="Conflict", type_="urn:rapport:problem:idempotency-answer-lost",
        detail="The request with this Idempotency-Key was carried out, but the server stopped before storing "
               "its answer. Do not send it again: look up what it created instead.",
        errors={HEADER: ["Already carried out; its answer was lost."]},
    )


def _still_running() -> Response:
    return errors.problem(
        409, title=Conflict.title, type_=Conflict.type,
        detail="A request with this Idempotency-Key is still in progress; retry shortly to get its answer.",
        errors={HEADER: ["A request with this key is in progress."]}, headers={"Retry-After": "1"},
    )


def replay_if_seen() -> Response | None:
    """before_request: reserve a new key, answer a repeat with the first response, or refuse a reused key."""
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
    account_id, fingerprint = account.id, _fingerprint()
    deadline = time.monotonic() + current_app.config["RAPPORT_IDEMPOTENCY_WAIT"]
    while True:
        reserved = _reserve(account_id, key, fingerprint)
        if reserved is not None:
            g.idempotency = reserved
            return None
        stored = db.session.execute(db.select(IdempotentResponse).where(
            IdempotentResponse.account_id == account_id, IdempotentResponse.key == key)).scalar_one_or_none()
        if stored is not None and _discard_if_dead(stored):
            continue  # the key is free again: take it now, however long the look took
        if stored is not None:
            if stored.fingerprint != fingerprint:
                return errors.problem(
                    422, title="Idempotency key reused",
                    detail="This Idempotency-Key was used for a different request.",
                    errors={HEADER: ["Already used for a different request."]},
                )
            if stored.status == WORK_DONE:
                if _past_lease(stored):
                    return _answer_lost()
            elif stored.status is not None:
                response = Response(stored.body, status=stored.status, content_type=stored.content_type)
                response.headers["Idempotent-Replayed"] = "true"
                return response
        if time.monotonic() >= deadline:
            return _still_running()
        db.session.rollback()  # end the snapshot, so the next look sees the first request's answer
        time.sleep(POLL_SECONDS)


def remember(response: Response) -> Response:
    """after_request: store a success as the key's answer; release the key after a failure."""
    reserved = g.pop("idempotency", None)
    if reserved is None:
        return response
    # Whatever the view left uncommitted is not part of its answer (a failed request writes nothing).
    db.session.rollback()
    mine = (IdempotentResponse.id == reserved,
            db.or_(IdempotentResponse.status.is_(None), IdempotentResponse.status == WORK_DONE))
    try:
        if 200 <= response.status_code < 300:
            db.session.execute(db.update(IdempotentResponse).where(*mine).values(
                status=response.status_code, content_type=response.content_type or "application/json",
                body=response.get_data()))
        else:
            db.session.execute(db.delete(IdempotentResponse).where(*mine))
        db.session.commit()
    except SQLAlchemyError:
        # The answer itself stands; a retry after the lease runs the request again.
        db.session.rollback()
        log.exception("could not store the answer for Idempotency-Key reservation %s", reserved)
    return response


def _mark_work_done(session) -> None:
    # before_commit of any session: only the request's own commits (its work) carry the mark.
    reserved = g.get("idempotency") if has_request_context() else None
    if reserved is not None and session is db.session():
        session.execute(db.update(IdempotentResponse).where(
            IdempotentResponse.id == reserved, IdempotentResponse.status.is_(None)).values(status=WORK_DONE))


def init_app(app: Flask) -> None:
    """Replay seen keys before the view runs and remember answers after it."""
    app.before_request(replay_if_seen)
    app.after_request(remember)
    if not event.contains(Session, "before_commit", _mark_work_done):
        event.listen(Session, "before_commit", _mark_work_done)
