"""Writing an account's change feed: recompute the items a change can touch, stamp what differs.

`apply` runs in the writer's transaction (from the commit listener, see tracking) or in a sync
that consumes `sync_dirty` marks (see service). It locks the account's `sync_states` row, so two
writers touching one account stamp one after the other; writers lock accounts in id order.
Each changed item is one row carrying its JSON body (or a tombstone with only its id): the old row
of the item is deleted and the new one inserted with the account's next sequence number, so the
feed keeps one row per item. Tombstones older than RAPPORT_SYNC_TOMBSTONE_DAYS are pruned by the
daily reconcile; tokens from before them answer 410.
"""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, delete, func, insert, or_, select, update

from server.extensions import db
from server.followups import clock
from server.sync import snapshot
from server.sync.models import SyncItem, SyncState
from server.types import utcnow

ITEMS = SyncItem.__table__
STATES = SyncState.__table__


def body_of(kind: str, key: int, data: dict[str, Any]) -> str:
    """The item as the app receives it, serialized once when written."""
    return json.dumps({"type": kind, "id": key, **data}, separators=(",", ":"), ensure_ascii=False, default=str)


def _digest(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=16).hexdigest()


def _sent(account_id: int, kinds: set[str], only: snapshot.Only):
    """What the feed holds for these items: (kind, key) -> (row id, digest or None for a tombstone)."""
    scope = or_(*(and_(ITEMS.c.kind == k, ITEMS.c.key.in_(sorted(only[k]))) if k in only else ITEMS.c.kind == k
                  for k in sorted(kinds)))
    rows = db.session.execute(select(ITEMS.c.id, ITEMS.c.kind, ITEMS.c.key, ITEMS.c.digest)
                              .where(ITEMS.c.account_id == account_id, scope))
    return {(kind, key): (row_id, digest) for row_id, kind, key, digest in rows}


def apply(*, account_id: int, kinds: set[str], only: snapshot.Only | None = None, daily: bool = False) -> int:
    """Stamp the account's items of `kinds` (of a kind in `only`, those ids) that differ from the feed;
    no commit. `daily` also prunes old tombstones and notes today's reconcile. Returns items stamped."""
    only = {k: ids for k, ids in (only or {}).items() if k in kinds}
    state = db.session.execute(select(STATES.c.seq, STATES.c.floor_seq).where(STATES.c.account_id == account_id)
                               .with_for_update()).first()
    if state is None:
        return 0
    current = snapshot.snapshot(account_id=account_id, kinds=kinds, only=only)
    sent = _sent(account_id, kinds, only)
    now, seq, replaced, rows = utcnow(), state.seq, [], []
    for (kind, key), data in current.items():
        body = body_of(kind, key, data)
        digest = _digest(body)
        earlier = sent.get((kind, key))
        if earlier is not None and earlier[1] == digest:
            continue
        seq += 1
        if earlier is not None:
            replaced.append(earlier[0])
        rows.append({"account_id": account_id, "kind": kind, "key": key, "seq": seq, "digest": digest,
                     "body": body, "changed_at": now})
    for (kind, key), (row_id, digest) in sent.items():
        if (kind, key) not in current and digest is not None:
            seq += 1
            replaced.append(row_id)
            rows.append({"account_id": account_id, "kind": kind, "key": key, "seq": seq, "digest": None,
                         "body": None, "changed_at": now})
    if replaced:
        db.session.execute(delete(ITEMS).where(ITEMS.c.id.in_(replaced)))
    if rows:
        db.session.execute(insert(ITEMS), rows)
    values: dict[str, Any] = {"seq": seq} if rows else {}
    if daily:
        values["reconciled_on"] = clock.today()
        floor = _prune(account_id)
        if floor is not None:
            values["floor_seq"] = max(state.floor_seq, floor)
    if values:
        db.session.execute(update(STATES).where(STATES.c.account_id == account_id).values(**values))
    return len(rows)


def _prune(account_id: int) -> int | None:
    """Delete tombstones older than the retention; returns the highest sequence deleted."""
    cutoff = utcnow() - timedelta(days=current_app.config["RAPPORT_SYNC_TOMBSTONE_DAYS"])
    old = and_(ITEMS.c.account_id == account_id, ITEMS.c.body.is_(None), ITEMS.c.changed_at < cutoff)
    top = db.session.execute(select(func.max(ITEMS.c.seq)).where(old)).scalar()
    if top is not None:
        db.session.execute(delete(ITEMS).where(old))
    return top
