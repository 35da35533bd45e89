"""Queueing pushes in the caller's transaction, and waking the sender after commit."""
from __future__ import annotations

from typing import Any

from sqlalchemy import and_, insert

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


def _recipients(account_ids: list[int], event_id: int | None, key: str):
    """The accounts' devices, each with its owner's settings, its push of `key` still waiting (or None)
    and the event's time zone, in one query per chunk of accounts."""
    zone = db.select(Event.timezone).where(Event.id == event_id).scalar_subquery()
    waiting = and_(PushMessage.device_id == Device.id, PushMessage.collapse_key == key,
                   PushMessage.status == "pending", PushMessage.attempts == 0)
    for chunk in _chunks(sorted(set(account_ids))):
        yield from db.session.execute(
            db.select(Device.id, Device.account_id, PushSettings, PushMessage, zone.label("zone"))
            .outerjoin(PushSettings, PushSettings.account_id == Device.account_id)
            .outerjoin(PushMessage, waiting).where(Device.account_id.in_(chunk))).all()


def enqueue(*, account_ids: list[int], event_id: int | None, kind: str, data: dict[str, Any]) -> int:
    """Queue one push of `kind` per device of these accounts, as the policy says; no commit. Returns rows queued."""
    key, now = policy.collapse_key(kind, event_id), utcnow()
    devices, settings, waiting, zone = {}, {}, {}, None
    for row in _recipients(account_ids, event_id, key):
        devices[row.id] = row.account_id
        settings[row.account_id] = row.PushSettings
        if row.PushMessage is not None:
            waiting[row.id] = row.PushMessage
        zone = row.zone
    if not devices:
        return 0
    rows = []
    for device_id, account_id in devices.items():
        mine = settings[account_id]
        if not policy.wanted(mine, kind):
            continue
        previews = bool(mine and mine.previews)
        earlier = waiting.get(device_id)
        if earlier is not None:  # a burst: one banner with the newest content and the count
            count = earlier.payload.get("count", 1) + 1
            earlier.payload = policy.payload(kind, event_id, data, previews=previews, count=count)
            continue
        rows.append({"device_id": device_id, "kind": kind, "collapse_key": key, "status": "pending",
                     "attempts": 0, "created_at": now, "next_attempt_at": policy.quiet_until(mine, zone, now) or now,
                     "payload": policy.payload(kind, event_id, data, previews=previews)})
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(PushMessage), rows[start:start + CHUNK])
    outbox_sender.wake_after_commit(db.session, "push")
    return len(rows)
