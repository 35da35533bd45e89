"""Writing an account's change feed: recompute the items a change can touch, stamp what differs.

`apply` runs in the writer's transaction (from the commit listener, see tracking) or in a sync
that consumes `sync_dirty` marks (see service). It locks the accounts' `sync_states` rows, so two
writers touching one account stamp one after the other; writers lock them in id order, last (at the
real commit, after the service's own row locks), so no two writers wait on each other in a cycle.
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
from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update

from server.extensions import db
from server.followups import clock
from server.sync import snapshot
from server.sync.models import SyncItem, SyncState
from server.types import utcnow

ITEMS = SyncItem.__table__
STATES = SyncState.__table__
Plan = tuple[set[str], snapshot.Only]
CHUNK = 5000


def body_of(kind: str, key: int, data: dict[str, Any]) -> str:
    """The item as the app receives it, serialized once when written."""
    return json.dumps({"type": kind, "id": key, **data}, separators=(",", ":"), ensure_ascii=False, default=str)


def _digest(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=16).hexdigest()


def _sent(plans: dict[int, Plan]):
    """What the feeds hold for these items: (account, kind, key) -> (row id, digest or None for a tombstone)."""
    scope = or_(*(and_(ITEMS.c.account_id == account, or_(*(
        and_(ITEMS.c.kind == k, ITEMS.c.key.in_(sorted(only[k]))) if k in only else ITEMS.c.kind == k
        for k in sorted(kinds)))) for account, (kinds, only) in plans.items()))
    rows = db.session.execute(select(ITEMS.c.id, ITEMS.c.account_id, ITEMS.c.kind, ITEMS.c.key, ITEMS.c.digest)
                              .where(scope))
    return {(account, kind, key): (row_id, digest) for row_id, account, kind, key, digest in rows}


def _changes(account_id: int, seq: int, current: snapshot.Items, sent, now) -> tuple[list[int], list[dict]]:
    """Rows to delete (older versions) and rows to insert (new versions, tombstones) for one account."""
    replaced, rows = [], []
    for (kind, key), data in current.items():
        body = body_of(kind, key, data)
        digest = _digest(body)
        earlier = sent.get((account_id, kind, key))
        if earlier is not None and earlier[1] == digest:
            continue
        seq += 1
        if earlier is not None:
            replaced.append(earlier[0])
        rows.append({"account_id": account_id, "kind": kind, "key": key, "seq": seq, "digest": digest,
                     "body": body, "changed_at": now})
    for (account, kind, key), (row_id, digest) in sent.items():
        if account == account_id and (kind, key) not in current and digest is not None:
            seq += 1
            replaced.append(row_id)
            rows.append({"account_id": account_id, "kind": kind, "key": key, "seq": seq, "digest": None,
                         "body": None, "changed_at": now})
    return replaced, rows


def synced_states(account_ids, *, lock: bool) -> dict[int, Any]:
    """account id -> (seq, floor_seq) of those accounts that have synced, locked (in id order: one
    order for every writer) when `lock`."""
    ids, found = sorted(account_ids), {}
    for start in range(0, len(ids), CHUNK):
        stmt = select(STATES.c.account_id, STATES.c.seq, STATES.c.floor_seq).where(
            STATES.c.account_id.in_(ids[start:start + CHUNK])).order_by(STATES.c.account_id)
        found.update((row.account_id, row) for row in db.session.execute(stmt.with_for_update() if lock else stmt))
    return found


def apply(plans: dict[int, Plan], *, daily: bool = False, locked: dict[int, Any] | None = None) -> int:
    """Stamp each account's items of its kinds (of a kind in its `only`, those ids) that differ from its
    feed; no commit. `daily` also prunes old tombstones and notes today's reconcile. `locked`: the
    accounts' `synced_states`, already locked by the caller. Returns items stamped. The statements around
    the snapshots are one for all the accounts (a write touches two or three)."""
    plans = {a: (kinds, {k: ids for k, ids in only.items() if k in kinds}) for a, (kinds, only) in plans.items()
             if kinds or daily}
    states = locked if locked is not None else synced_states(plans, lock=True)
    plans = {a: plan for a, plan in plans.items() if a in states}
    if not plans:
        return 0
    current = {a: snapshot.snapshot(account_id=a, kinds=kinds, only=only) for a, (kinds, only) in plans.items()}
    sent, now = _sent(plans), utcnow()
    replaced, rows, moved = [], [], []
    for account in plans:
        gone, new = _changes(account, states[account].seq, current[account], sent, now)
        replaced += gone
        rows += new
        values = {"b_account": account, "b_seq": new[-1]["seq"] if new else states[account].seq,
                  "b_floor": states[account].floor_seq, "b_day": clock.today()}
        if daily:
            values["b_floor"] = max(values["b_floor"], _prune(account) or 0)
        if new or daily:
            moved.append(values)
    if replaced:
        db.session.execute(delete(ITEMS).where(ITEMS.c.id.in_(replaced)))
    if rows:
        db.session.execute(insert(ITEMS), rows)
    if moved:
        stmt = update(STATES).where(STATES.c.account_id == bindparam("b_account"))
        keep = {"seq": bindparam("b_seq"), "floor_seq": bindparam("b_floor")}
        if daily:
            keep["reconciled_on"] = bindparam("b_day")
        db.session.connection().execute(stmt.values(**keep), moved)
    return len(rows)


def _prune(account_id: int) -> int | None:
    """Delete tombstones older than the retention; returns the highest sequence deleted."""
    cutoff = utcnow() - timedelta(days=current_app.config["RAPPORT_SYNC_TOMBSTONE_DAYS"])
    old = and_(ITEMS.c.account_id == account_id, ITEMS.c.body.is_(None), ITEMS.c.changed_at < cutoff)
    top = db.session.execute(select(func.max(ITEMS.c.seq)).where(old)).scalar()
    if top is not None:
        db.session.execute(delete(ITEMS).where(old))
    return top
