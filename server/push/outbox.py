"""Queueing pushes in the caller's transaction, and waking the sender after commit."""
from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from server.events.models import Event
from server import outbox_sender
from server.extensions import db
from server.push import policy
from server.push.models import Device, PushMessage, PushSettings
from server.types import utcnow

CHUNK = 5000


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def enqueue(*, account_ids: list[int], event_id: int | None, kind: str, data: dict[str, Any]) -> int:
    """Queue one push of `kind` per device of these accounts, as the policy says; no commit. Returns rows queued."""
    devices = [d for chunk in _chunks(sorted(set(account_ids))) for d in db.session.execute(
        db.select(Device.id, Device.account_id).where(Device.account_id.in_(chunk))).all()]
    if not devices:
        return 0
    owners = sorted({d.account_id for d in devices})
    settings = {s.account_id: s for chunk in _chunks(owners) for s in db.session.execute(
        db.select(PushSettings).where(PushSettings.account_id.in_(chunk))).scalars()}
    zone = None
    if event_id is not None and any(s.quiet_start for s in settings.values()):
        zone = db.session.execute(db.select(Event.timezone).where(Event.id == event_id)).scalar()
    key, now = policy.collapse_key(kind, event_id), utcnow()
    waiting = {m.device_id: m for chunk in _chunks([d.id for d in devices]) for m in db.session.execute(
        db.select(PushMessage).where(PushMessage.device_id.in_(chunk), PushMessage.collapse_key == key,
                                     PushMessage.status == "pending", PushMessage.attempts == 0)).scalars()}
    rows = []
    for device in devices:
        mine = settings.get(device.account_id)
        if not policy.wanted(mine, kind):
            continue
        previews = bool(mine and mine.previews)
        earlier = waiting.get(device.id)
        if earlier is not None:  # a burst: one banner with the newest content and the count
            count = earlier.payload.get("count", 1) + 1
            earlier.payload = policy.payload(kind, event_id, data, previews=previews, count=count)
            continue
        rows.append({"device_id": device.id, "kind": kind, "collapse_key": key, "status": "pending",
                     "attempts": 0, "created_at": now, "next_attempt_at": policy.quiet_until(mine, zone, now) or now,
                     "payload": policy.payload(kind, event_id, data, previews=previews)})
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(PushMessage), rows[start:start + CHUNK])
    outbox_sender.wake_after_commit(db.session, "push")
    return len(rows)
