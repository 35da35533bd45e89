"""Sending the push outbox: claim due rows, send them in parallel, record, retry with backoff.

A claim is a lease (`lease_until`): a sender that dies leaves its rows to the next one after
RAPPORT_PUSH_LEASE_SECONDS (at least once; the collapse key makes a repeat one banner). Dead
tokens delete their device (and its queued pushes).
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, update

from server import retries
from server.extensions import db
from server.push import senders as senders_module
from server.push.models import Device, PushMessage
from server.sessions import round_starts
from server.types import utcnow
from server.webhooks import addresses, durability

BATCH = 500
log = logging.getLogger("rapport.push")


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    next_due: datetime | None = None


def _cfg(name: str):
    return current_app.config[f"RAPPORT_PUSH_{name}"]


def _checker():
    production = current_app.config["RAPPORT_ENV"] == "production"
    allow = _cfg("ALLOW_LOOPBACK") and not production
    return lambda url: addresses.check(url, production=production, allow_loopback=allow, field="subscription.endpoint")


def _claim(now: datetime) -> list[PushMessage]:
    ids = list(db.session.execute(db.select(PushMessage.id).where(
        PushMessage.status == "pending", PushMessage.next_attempt_at <= now,
        or_(PushMessage.lease_until.is_(None), PushMessage.lease_until < now),
    ).order_by(PushMessage.id).limit(BATCH).with_for_update(skip_locked=True)).scalars())
    if not ids:
        db.session.rollback()
        return []
    db.session.execute(update(PushMessage).where(PushMessage.id.in_(ids)).values(
        lease_until=now + timedelta(seconds=_cfg("LEASE_SECONDS"))).execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.execute(db.select(PushMessage).where(PushMessage.id.in_(ids))
                                   .order_by(PushMessage.id)).scalars())


def _record(rows, outcomes, result: DrainResult) -> None:
    now, dead_devices = utcnow(), set()
    for row, outcome in zip(rows, outcomes):
        row.attempts += 1
        row.lease_until = None
        if outcome.ok:
            row.status, row.last_error = "sent", None
            result.sent += 1
            continue
        row.last_error = outcome.error
        if outcome.dead:
            dead_devices.add(row.device_id)
        elif row.attempts >= _cfg("MAX_ATTEMPTS"):
            row.status = "failed"
        else:
            row.next_attempt_at = now + retries.backoff(row.attempts, base=_cfg("RETRY_BASE"), cap=_cfg("RETRY_MAX"))
        result.failed += 1
    db.session.commit()
    if dead_devices:
        db.session.execute(delete(Device).where(Device.id.in_(dead_devices)))
        db.session.commit()
        result.dead += len(dead_devices)


def prune() -> None:
    """Sent and failed pushes are kept RAPPORT_PUSH_LOG_HOURS for inspection."""
    cutoff = utcnow() - timedelta(hours=_cfg("LOG_HOURS"))
    db.session.execute(delete(PushMessage).where(PushMessage.status != "pending", PushMessage.created_at < cutoff))
    db.session.commit()


def _announce_rounds() -> None:
    """Rounds that began since the last pass: their pushes go out with this drain. A failure here is
    logged and left for the next pass; it must not hold up the pushes already queued."""
    try:
        round_starts.announce_due()
    except Exception:
        db.session.rollback()
        log.exception("announcing round starts failed; retrying on the next pass")


def drain(*, max_batches: int | None = None) -> DrainResult:
    """Announce rounds that began, send every due push; returns counts and when the next retry (or
    quiet-hours push, or round start) is due."""
    result, batches = DrainResult(), 0
    by_platform = senders_module.senders(current_app.config, _checker())
    db.session().expire_on_commit = False
    try:
        _announce_rounds()
        with durability.relaxed(db.engine), ThreadPoolExecutor(max(1, _cfg("CONCURRENCY"))) as pool:
            while max_batches is None or batches < max_batches:
                batches += 1
                rows = _claim(utcnow())
                if not rows:
                    break
                jobs = [(by_platform[r.device.platform], r.device, r.payload, r.collapse_key) for r in rows]
                outcomes = list(pool.map(lambda job: job[0].send(*job[1:]), jobs))
                _record(rows, outcomes, result)
        prune()
        due = [db.session.execute(db.select(func.min(PushMessage.next_attempt_at)).where(
            PushMessage.status == "pending")).scalar(), round_starts.next_start()]
        result.next_due = min((d for d in due if d is not None), default=None)
    finally:
        db.session.remove()
    return result
