"""`GET /me/sync`: the account's change feed after the client's token, oldest first, a page at a time.

The feed is written when things change (see feed and tracking); a sync reads it with one indexed
range query and concatenates the stored bodies into the answer (no ORM objects, no schema per item).
It first consumes the account's `sync_dirty` marks, left by changes that touched too many accounts
to stamp in the writer's transaction, and once a day recomputes everything (due follow-ups move with
the calendar) and prunes old tombstones.
"""
from __future__ import annotations

import json
import secrets

from flask import current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import Account
from server.extensions import db
from server.followups import clock
from server.sync import feed, snapshot, tokens
from server.sync.models import SyncDirty, SyncState

STREAM = "me"
STATES, ITEMS = feed.STATES, feed.ITEMS


# Built once: every sync runs it, and building a statement costs more than running it.
_STATE = select(STATES.c.seq, STATES.c.floor_seq, STATES.c.epoch, STATES.c.reconciled_on,
                select(SyncDirty.id).where(SyncDirty.account_id == bindparam("account")).exists().label("dirty")
                ).where(STATES.c.account_id == bindparam("account"))
_DELTA = select(ITEMS.c.kind, ITEMS.c.key, ITEMS.c.seq, ITEMS.c.body).where(
    ITEMS.c.account_id == bindparam("account"), ITEMS.c.seq > bindparam("after"), ITEMS.c.seq <= bindparam("top")
).order_by(ITEMS.c.seq).limit(bindparam("size"))
_SNAPSHOT = _DELTA.where(ITEMS.c.body.is_not(None))  # a first sync needs no tombstones


def _state(account_id: int):
    """The account's (seq, floor_seq, epoch, reconciled_on, dirty) in one query, or None before its first sync."""
    return db.session.execute(_STATE, {"account": account_id}).first()


def _first_state(account_id: int):
    # Committed on its own before the first snapshot is read: from now on every change reaches the feed.
    db.session.add(SyncState(account_id=account_id, epoch=secrets.token_hex(8)))
    try:
        db.session.commit()
    except IntegrityError:  # a parallel first sync made it
        db.session.rollback()
    return _state(account_id)


def reconcile(*, account_id: int, everything: bool = False) -> None:
    """Consume the account's dirty marks and stamp the items of the kinds they name (all of them on the
    day's first sync, which also prunes old tombstones); commits."""
    marks = db.session.execute(delete(SyncDirty).where(SyncDirty.account_id == account_id)  # first: the write lock
                               .returning(SyncDirty.scope)).scalars().all()
    reconciled_on = db.session.execute(select(STATES.c.reconciled_on).where(STATES.c.account_id == account_id)).scalar()
    daily = everything or reconciled_on != clock.today()
    kinds = set(snapshot.KINDS) if daily else {k for m in marks for k in m.split(",") if k}
    feed.apply({account_id: (kinds, {})}, daily=daily)
    db.session.commit()


def _limit(limit: int | None) -> int:
    cfg = current_app.config
    return min(limit or cfg["RAPPORT_SYNC_PAGE_ITEMS"], cfg["RAPPORT_SYNC_PAGE_ITEMS"])


def sync(*, account: Account, since: str | None = None, limit: int | None = None) -> str:
    """What changed for the account after `since` (everything when omitted), one page, as JSON text."""
    state = _state(account.id) or _first_state(account.id)
    after = 0
    if since:
        position = tokens.decode(since, account_id=account.id, stream=STREAM)
        if position.epoch != state.epoch or position.seq < state.floor_seq:
            raise tokens.expired()
        if position.seq > state.seq:
            raise tokens.invalid()  # a position never issued: forged
        after = position.seq
    if state.dirty or state.reconciled_on != clock.today():
        reconcile(account_id=account.id)
        state = _state(account.id)
    elif since and after == state.seq:  # nothing new, nothing waiting: the same token, nothing to read
        return _page(account, state.epoch, state.seq, since, [], False, token=since)
    size = _limit(limit)
    rows = db.session.execute(_DELTA if since else _SNAPSHOT, {"account": account.id, "after": after, "top": state.seq,
                                                              "size": size + 1}).all()
    more = len(rows) > size
    return _page(account, state.epoch, rows[size - 1].seq if more else state.seq, since, rows[:size], more)


def _page(account: Account, epoch: str, last: int, since: str | None, rows, more: bool, token: str | None = None) -> str:
    token = token or tokens.encode(account_id=account.id, stream=STREAM, position=tokens.Position(epoch, last))
    items = ",".join(r.body for r in rows if r.body is not None)
    gone = ",".join(f'{{"type":"{r.kind}","id":{r.key}}}' for r in rows if r.body is None)
    return (f'{{"snapshot":{"false" if since else "true"},"items":[{items}],"tombstones":[{gone}],'
            f'"next_since":{json.dumps(token)},"has_more":{"true" if more else "false"}}}')
