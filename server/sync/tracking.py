"""Noticing changes without any feature calling us: session listeners mark the accounts a commit
touches, in that commit.

- ORM writes: after each flush, new and changed rows of the tables in `affected.REFERENCES` are
  noted; rows about to be deleted are resolved to accounts before the flush (the database's
  cascades take their children with them).
- Bulk statements (`session.execute(update(Meeting).where(...))`, bulk inserts of seats): the rows
  they match are read first with the same criteria.
- Just before commit, when the change touches at most RAPPORT_SYNC_EAGER_ACCOUNTS accounts, those
  that have ever synced get their feed stamped in this commit (`feed.apply`, only the items the rows
  are, where known); a change touching more (an announcement, a published session) leaves a
  `sync_dirty` row for each that has synced instead, consumed by its next sync. A rolled-back
  transaction writes nothing.
Writes through a bare connection (outside the session) are not seen; nothing synced is written so.
"""
from __future__ import annotations

from types import SimpleNamespace

from flask import current_app
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from server.attendees.models import Attendee
from server.sync import affected, directory, feed
from server.sync.models import SyncDirty

PENDING = "rapport.sync.refs"
ITEMS = "rapport.sync.items"
GONE = "rapport.sync.directory_gone"
CHUNK = 5000


def _pending(session: Session, table: str) -> affected.Refs:
    """References noted in this transaction, per table (the table decides which item kinds to redo)."""
    return session.info.setdefault(PENDING, {}).setdefault(table, {})


def _note(session: Session, table: str, row, *, now: bool) -> None:
    affected.items(table, row, session.info.setdefault(ITEMS, {}).setdefault(table, {}))
    refs = affected.references(table, row)
    if now:  # the row is going away: resolve while its relations still exist
        if table == Attendee.__tablename__:
            session.info.setdefault(GONE, set()).add((row.event_id, row.id))
        kept = {k: refs[k] for k in ("directory_account",) if k in refs}  # those accounts stay
        refs = {"account": affected.accounts(session.execute, refs), **kept}
    affected.merge(_pending(session, table), refs)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    with session.no_autoflush:
        for obj in session.deleted:
            table = inspect(obj).mapper.local_table.name
            if table in affected.REFERENCES:
                _note(session, table, obj, now=True)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    for obj in list(session.new) + list(session.dirty):
        table = inspect(obj).mapper.local_table.name
        if table in affected.REFERENCES and (obj in session.new or _shown_change(obj, table)):
            _note(session, table, obj, now=False)


def _shown_change(obj, table: str) -> bool:
    unshown = affected.UNSHOWN.get(table, set())
    return any(attr.history.has_changes() for attr in inspect(obj).attrs if attr.key not in unshown)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name not in affected.REFERENCES:
        return
    if state.is_insert:
        params = state.parameters
        rows = params if isinstance(params, list) else [params] if params else []
        for row in rows:
            _note(state.session, name, SimpleNamespace(**{c.key: row.get(c.key) for c in table.columns}),
                  now=False)
        return
    # The plain table, not the ORM-annotated one, which would select whole entities.
    plain = table.metadata.tables[name]
    params = state.parameters
    if isinstance(params, list) and params:  # ORM bulk UPDATE/DELETE by primary key (executemany)
        changed = set().union(*(p.keys() for p in params)) - {"id"}
        criteria = plain.c.id.in_([p["id"] for p in params if "id" in p])
    else:
        changed = {getattr(c, "key", c) for c in (getattr(state.statement, "_values", None) or {})}
        criteria = state.statement.whereclause
    if state.is_update and changed and not (changed - affected.UNSHOWN.get(name, set())):
        return  # only bookkeeping columns move (revisions, timestamps): nothing any app shows
    query = select(plain) if criteria is None else select(plain).where(criteria)
    with state.session.no_autoflush:
        rows = state.session.execute(query).all()
    for row in rows:
        _note(state.session, name, row, now=state.is_delete)


def _plan(session: Session, by_table: dict[str, affected.Refs]) -> dict[int, affected.Stale]:
    """Account -> the items to recompute (the feed writer skips accounts that never synced)."""
    plans: dict[int, affected.Stale] = {}
    items = session.info.get(ITEMS, {})
    for table, refs in by_table.items():
        for account in affected.accounts(session.execute, refs):
            plan = plans.setdefault(account, {})
            for kind, keys in items.get(table, {}).items():
                if keys is None or plan.get(kind, set()) is None:
                    plan[kind] = None
                else:
                    plan.setdefault(kind, set()).update(keys)
    return {a: plans[a] for a in sorted(plans)}


def _mark(session: Session, marks: dict[int, set[str]]) -> None:
    """A `sync_dirty` row naming the kinds to redo for each of these accounts."""
    rows = [{"account_id": a, "scope": ",".join(sorted(kinds))} for a, kinds in sorted(marks.items())]
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(SyncDirty), rows[start:start + CHUNK])


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint's release fires this too; the feeds are written at the real commit, after the
        # service's own row locks, so every writer takes the sync_states locks last (no lock-order cycle).
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # commit flushes only after this hook: note what the last flush changes
    if not session.info.get(PENDING):
        session.info.pop(ITEMS, None)
        return
    by_table = session.info.pop(PENDING, {})
    everything: affected.Refs = {}
    for refs in by_table.values():
        affected.merge(everything, refs)
    directory.record(session, affected.directory_entries(session.execute, everything, session.info.pop(GONE, set())))
    deferred = _plan(session, {t: by_table.pop(t) for t in affected.DEFERRED & set(by_table)})
    plans = _plan(session, by_table)
    eager = len(plans) <= current_app.config["RAPPORT_SYNC_EAGER_ACCOUNTS"]
    # One query finds who of them has synced (most changes touch nobody who has: that query is all).
    synced = feed.synced_states(set(plans) | set(deferred), lock=eager)
    marks = {a: set(plan) for a, plan in deferred.items() if a in synced}
    for account, plan in ({} if eager else plans).items():
        if account in synced:
            marks.setdefault(account, set()).update(plan)
    _mark(session, marks)
    if eager and synced:
        with session.no_autoflush:
            feed.apply({account: (set(plan), {k: keys for k, keys in plan.items() if keys is not None})
                        for account, plan in plans.items()}, locked=synced)
    session.info.pop(PENDING, None)
    session.info.pop(ITEMS, None)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(GONE, None)
    session.info.pop(ITEMS, None)


def note_written(session: Session, table: str, row) -> None:
    """A row written where the listeners cannot see it (a Core statement on the session's connection,
    a data-modifying CTE): noted as if it had been flushed, so this commit writes the feeds it changes.
    `row` needs the columns `affected` reads for its table (ids and account ids)."""
    _note(session, table, row, now=False)
