"""Sending: drain the outbox endpoint by endpoint, in message order, with retries and a log.

Order per endpoint: deliveries go out in the order of their ids, which is the order the changes
committed (emitters lock the event's endpoints). A delivery waiting for its retry holds back the
later ones of the same endpoint; other endpoints are not affected. One sender at a time holds an
endpoint's lease; a sender that dies mid-send loses its lease after RAPPORT_WEBHOOK_LEASE_SECONDS
and the next one sends that delivery again (at least once: receivers dedupe by `webhook-id`).
"""
from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.orm.exc import StaleDataError

from server import retries
from server.extensions import db
from server.types import utcnow
from server.webhooks import addresses, durability, signing
from server.webhooks.http import Answer, Client
from server.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage

__all__ = ["drain", "attempt", "DrainResult"]
log = logging.getLogger("rapport.webhooks")
BATCH = 50  # deliveries read at once; the endpoint (active? lease?) is re-read between batches


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    next_due: datetime | None = None
    endpoints: set[int] = field(default_factory=set)


def _setting(name: str):
    return current_app.config[f"RAPPORT_WEBHOOK_{name}"]


def backoff(attempts: int, *, base: float | None = None, cap: float | None = None) -> timedelta:
    """Exponential from RAPPORT_WEBHOOK_RETRY_BASE (or `base`), capped, with jitter so retries do not
    arrive in herds."""
    return retries.backoff(attempts, base=_setting("RETRY_BASE") if base is None else base,
                           cap=_setting("RETRY_MAX") if cap is None else cap)


def _claim(endpoint_id: int, owner: str, now: datetime) -> bool:
    until = now + timedelta(seconds=_setting("LEASE_SECONDS"))
    done = db.session.execute(update(WebhookEndpoint).where(
        WebhookEndpoint.id == endpoint_id, WebhookEndpoint.active.is_(True),
        or_(WebhookEndpoint.lease_until.is_(None), WebhookEndpoint.lease_until < now,
            WebhookEndpoint.lease_owner == owner),
    ).values(lease_owner=owner, lease_until=until).execution_options(synchronize_session=False))
    db.session.commit()
    return done.rowcount == 1


def _renew(endpoint: WebhookEndpoint, owner: str, lease: timedelta) -> bool:
    """Extend the lease in the current transaction, unless another sender holds it now."""
    until = utcnow() + lease
    done = db.session.execute(update(WebhookEndpoint).where(
        WebhookEndpoint.id == endpoint.id, WebhookEndpoint.lease_owner == owner,
    ).values(lease_until=until).execution_options(synchronize_session=False))
    endpoint.lease_until = until
    return done.rowcount == 1


def _release(endpoint_id: int, owner: str) -> None:
    db.session.execute(update(WebhookEndpoint).where(
        WebhookEndpoint.id == endpoint_id, WebhookEndpoint.lease_owner == owner,
    ).values(lease_owner=None, lease_until=None).execution_options(synchronize_session=False))
    db.session.commit()


def _candidates(now: datetime) -> list[int]:
    """Active endpoints with pending deliveries whose lease is free."""
    pending = db.select(WebhookDelivery.endpoint_id).where(WebhookDelivery.status == "pending").distinct()
    return list(db.session.execute(db.select(WebhookEndpoint.id).where(
        WebhookEndpoint.active.is_(True), WebhookEndpoint.id.in_(pending),
        or_(WebhookEndpoint.lease_until.is_(None), WebhookEndpoint.lease_until < now),
    ).order_by(WebhookEndpoint.id)).scalars())


def secrets_in_use(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """The endpoint's signing secrets now: the current one, and the rolled one while it overlaps."""
    keys = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        keys.append(endpoint.previous_secret)
    return keys


def body_of(delivery: WebhookDelivery) -> bytes:
    """The Standard Webhooks envelope: type, timestamp of the change, data."""
    message = delivery.message
    envelope = {"type": message.type, "timestamp": message.created_at.isoformat().replace("+00:00", "Z"),
                "data": message.data}
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


def attempt(delivery: WebhookDelivery, endpoint: WebhookEndpoint, client: Client) -> Answer:
    """Check the address again, sign and send one delivery (no database writes)."""
    now = utcnow()
    try:
        target = addresses.check(endpoint.url, production=current_app.config["RAPPORT_ENV"] == "production",
                                 allow_loopback=_setting("ALLOW_LOOPBACK"))
    except addresses.ValidationFailed as exc:
        return Answer(None, 0, None, f"refused: {exc.detail}"[:300])
    msg_id = f"msg_{delivery.message_id}"
    body = body_of(delivery)
    return client.post(target, body, signing.headers(secrets_in_use(endpoint, now), msg_id, int(now.timestamp()), body))


def record(delivery: WebhookDelivery, endpoint: WebhookEndpoint, answer: Answer) -> bool:
    """Log the attempt on the delivery; schedule a retry, or give up and disable after a day of failures."""
    now = utcnow()
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.response_code = now, answer.status
    delivery.latency_ms, delivery.response_excerpt, delivery.error = answer.latency_ms, answer.excerpt, answer.error
    if answer.status is not None and 200 <= answer.status < 300:
        delivery.status, endpoint.failing_since = "succeeded", None
        return True
    endpoint.failing_since = endpoint.failing_since or now
    if now - endpoint.failing_since >= timedelta(seconds=_setting("GIVE_UP_AFTER")):
        delivery.status = "failed"
        from server.webhooks import disable

        disable.disable_failing(endpoint)
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    return False


def _heads(endpoint_id: int) -> list[WebhookDelivery]:
    return list(db.session.execute(db.select(WebhookDelivery).where(
        WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == "pending",
    ).order_by(WebhookDelivery.id).limit(BATCH)).scalars())


def _drain_endpoint(endpoint_id: int, owner: str, client: Client, result: DrainResult) -> None:
    lease = timedelta(seconds=_setting("LEASE_SECONDS"))
    while True:
        endpoint = db.session.get(WebhookEndpoint, endpoint_id, populate_existing=True)
        if endpoint is None or not endpoint.active or endpoint.lease_owner != owner:
            return
        heads = _heads(endpoint_id)
        if not heads:
            return
        for delivery in heads:
            if delivery.next_attempt_at > utcnow():
                result.next_due = min(filter(None, (result.next_due, delivery.next_attempt_at)))
                return  # head of line waits for its retry; later messages wait behind it
            ok = record(delivery, endpoint, attempt(delivery, endpoint, client))
            if endpoint.lease_until - utcnow() < lease / 2 and not _renew(endpoint, owner, lease):
                db.session.rollback()  # stalled past the lease and another sender took over: it resends this one
                return
            try:
                db.session.commit()
            except StaleDataError:  # the endpoint was deleted meanwhile
                db.session.rollback()
                return
            result.sent += ok
            result.failed += not ok
            if not ok:
                if delivery.status == "pending":
                    result.next_due = min(filter(None, (result.next_due, delivery.next_attempt_at)))
                return


def prune_log(*, batch: int = 1000) -> int:
    """Delete messages older than RAPPORT_WEBHOOK_LOG_DAYS that have nothing left to send, with their log."""
    cutoff = utcnow() - timedelta(days=_setting("LOG_DAYS"))
    pending = db.select(WebhookDelivery.message_id).where(WebhookDelivery.status == "pending")
    old = list(db.session.execute(db.select(WebhookMessage.id).where(
        WebhookMessage.created_at < cutoff, WebhookMessage.id.not_in(pending)).limit(batch)).scalars())
    if old:
        db.session.execute(db.delete(WebhookDelivery).where(WebhookDelivery.message_id.in_(old)))
        db.session.execute(db.delete(WebhookMessage).where(WebhookMessage.id.in_(old)))
        db.session.commit()
    return len(old)


def drain(*, max_rounds: int | None = None) -> DrainResult:
    """Send every due delivery of every active endpoint; returns counts and when the next retry is due."""
    owner = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    client = Client(timeout=_setting("TIMEOUT"), excerpt_chars=_setting("EXCERPT_CHARS"))
    result = DrainResult()
    # Rows are re-read per batch on purpose; refreshing each after every commit would double the queries.
    db.session().expire_on_commit = False
    try:
        with durability.relaxed(db.engine):
            _rounds(owner, client, result, max_rounds)
        prune_log()
    finally:
        client.close()
        db.session.remove()
    return result


def _rounds(owner: str, client: Client, result: DrainResult, max_rounds: int | None) -> None:
    rounds = 0
    while max_rounds is None or rounds < max_rounds:
        rounds += 1
        before = result.sent + result.failed
        for endpoint_id in _candidates(utcnow()):
            if not _claim(endpoint_id, owner, utcnow()):
                continue
            result.endpoints.add(endpoint_id)
            try:
                _drain_endpoint(endpoint_id, owner, client, result)
            finally:
                db.session.rollback()
                _release(endpoint_id, owner)
        if result.sent + result.failed == before:
            return
