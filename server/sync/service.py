"""`GET /me/sync`: reconcile the account's items with a fresh snapshot when something changed, then
answer the items stamped after the client's token, oldest first, a page at a time."""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError

from server.accounts.models import Account
from server.extensions import db
from server.followups import clock
from server.sync import snapshot, tokens
from server.sync.models import SyncDirty, SyncItem, SyncState
from server.types import utcnow

STREAM = "me"


def _digest(data: dict[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(data, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()


def _state(account_id: int) -> SyncState:
    state = db.session.get(SyncState, account_id)
    if state is None:
        # Committed on its own before the first snapshot is read: from now on every change marks us dirty.
        db.session.add(SyncState(account_id=account_id, epoch=secrets.token_hex(8)))
        try:
            db.session.commit()
        except IntegrityError:  # a parallel first sync made it
            db.session.rollback()
        state = db.session.get(SyncState, account_id)
        state.reconciled_on = None
    return state


def _state_and_dirty(account_id: int) -> tuple[SyncState | None, bool]:
    """The account's state and whether a change waits, in one query (the no-change path is that query)."""
    dirty = db.select(SyncDirty.id).where(SyncDirty.account_id == account_id).exists()
    row = db.session.execute(db.select(SyncState, dirty).where(SyncState.account_id == account_id)).first()
    return (row[0], row[1]) if row else (None, True)


def reconcile(*, account_id: int, everything: bool = False) -> None:
    """Consume the account's dirty marks, diff a fresh snapshot of the kinds they name against what
    was sent, stamp what changed."""
    marks = db.session.execute(delete(SyncDirty).where(SyncDirty.account_id == account_id)  # first: the write lock
                               .returning(SyncDirty.scope)).scalars().all()
    state = db.session.execute(db.select(SyncState).where(SyncState.account_id == account_id)
                               .with_for_update().execution_options(populate_existing=True)).scalar_one()
    everything = everything or state.reconciled_on != clock.today()
    kinds = set(snapshot.KINDS) if everything else {k for m in marks for k in m.split(",") if k}
    current = snapshot.snapshot(account_id=account_id, kinds=kinds)
    sent = {(i.kind, i.key): i for i in db.session.execute(
        db.select(SyncItem).where(SyncItem.account_id == account_id, SyncItem.kind.in_(kinds))).scalars()}
    now, seq = utcnow(), state.seq
    for key, data in current.items():
        digest = _digest(data)
        row = sent.get(key)
        if row is not None and row.digest == digest:
            continue
        seq += 1
        if row is None:
            db.session.add(SyncItem(account_id=account_id, kind=key[0], key=key[1], seq=seq, digest=digest,
                                    data=data, changed_at=now))
        else:
            row.seq, row.digest, row.data, row.changed_at = seq, digest, data, now
    for key, row in sent.items():
        if key not in current and row.data is not None:
            seq += 1
            row.seq, row.digest, row.data, row.changed_at = seq, None, None, now
    state.seq, state.reconciled_on = seq, clock.today()
    _prune(state)
    db.session.commit()


def _prune(state: SyncState) -> None:
    """Tombstones older than RAPPORT_SYNC_TOMBSTONE_DAYS go; tokens from before them answer 410."""
    cutoff = utcnow() - timedelta(days=current_app.config["RAPPORT_SYNC_TOMBSTONE_DAYS"])
    old = db.select(SyncItem.id).where(SyncItem.account_id == state.account_id, SyncItem.data.is_(None),
                                       SyncItem.changed_at < cutoff)
    top = db.session.execute(db.select(func.max(SyncItem.seq)).where(SyncItem.id.in_(old))).scalar()
    if top is not None:
        db.session.execute(delete(SyncItem).where(SyncItem.id.in_(old.scalar_subquery())))
        state.floor_seq = max(state.floor_seq, top)


def _limit(limit: int | None) -> int:
    cfg = current_app.config
    return min(limit or cfg["RAPPORT_SYNC_PAGE_ITEMS"], cfg["RAPPORT_SYNC_PAGE_ITEMS"])


def sync(*, account: Account, since: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """What changed for the account after `since` (everything when omitted), one page."""
    state, dirty = _state_and_dirty(account.id)
    if state is None:
        state, dirty = _state(account.id), True
    after = 0
    if since:
        position = tokens.decode(since, account_id=account.id, stream=STREAM)
        if position.epoch != state.epoch or position.seq < state.floor_seq:
            raise tokens.expired()
        if position.seq > state.seq:
            raise tokens.invalid()  # a position never issued: forged
        after = position.seq
    if dirty or state.reconciled_on != clock.today():
        reconcile(account_id=account.id)
        state = db.session.get(SyncState, account.id)
    elif since and after == state.seq:  # nothing new, nothing waiting: no need to look
        return _page(account, state, since, [], False)
    size = _limit(limit)
    stmt = db.select(SyncItem).where(SyncItem.account_id == account.id, SyncItem.seq > after)
    if not since:
        stmt = stmt.where(SyncItem.data.is_not(None))
    rows = list(db.session.execute(stmt.order_by(SyncItem.seq).limit(size + 1)).scalars())
    more = len(rows) > size
    return _page(account, state, since, rows[:size], more)


def _page(account: Account, state: SyncState, since: str | None, rows: list[SyncItem], more: bool) -> dict[str, Any]:
    last = rows[-1].seq if more else state.seq
    token = tokens.encode(account_id=account.id, stream=STREAM, position=tokens.Position(state.epoch, last))
    return {"snapshot": not since, "items": [{"type": r.kind, "id": r.key, **r.data} for r in rows if r.data is not None],
            "tombstones": [{"type": r.kind, "id": r.key} for r in rows if r.data is None],
            "next_since": token, "has_more": more}
