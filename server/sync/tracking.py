"""Noticing changes without any feature calling us: session listeners mark the accounts a commit
touches, in that commit.

- ORM writes: after each flush, new and changed rows of the tables in `affected.REFERENCES` are
  noted; rows about to be deleted are resolved to accounts before the flush (the database's
  cascades take their children with them).
- Bulk statements (`session.execute(update(Meeting).where(...))`, bulk inserts of seats): the rows
  they match are read first with the same criteria.
- Just before commit, one `INSERT ... SELECT` writes a `sync_dirty` row for each of those accounts
  that has ever synced. A rolled-back transaction writes nothing.
Writes through a bare connection (outside the session) are not seen; nothing synced is written so.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import event, insert, inspect, literal, select, union_all
from sqlalchemy.orm import Session

from server.attendees.models import Attendee
from server.sync import affected, directory
from server.sync.models import SyncDirty, SyncState

PENDING = "rapport.sync.refs"
GONE = "rapport.sync.directory_gone"
CHUNK = 5000


def _pending(session: Session, table: str) -> affected.Refs:
    """References noted in this transaction, per table (the table decides which item kinds to redo)."""
    return session.info.setdefault(PENDING, {}).setdefault(table, {})


def _note(session: Session, table: str, row, *, now: bool) -> None:
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


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # commit flushes only after this hook: note what the last flush changes
    if not session.info.get(PENDING):
        return
    by_table = session.info.pop(PENDING, {})
    everything: affected.Refs = {}
    for refs in by_table.values():
        affected.merge(everything, refs)
    directory.record(session, affected.directory_entries(session.execute, everything, session.info.pop(GONE, set())))
    scopes: dict[int, set[str]] = {}
    for table, refs in by_table.items():
        for account in affected.accounts(session.execute, refs):
            scopes.setdefault(account, set()).update(affected.SCOPES[table])
    by_scope: dict[str, list[int]] = {}
    for account, kinds in scopes.items():
        by_scope.setdefault(",".join(sorted(kinds)), []).append(account)
    for scope, accounts in sorted(by_scope.items()):
        accounts.sort()
        for start in range(0, len(accounts), CHUNK):
            chunk = accounts[start:start + CHUNK]
            session.execute(insert(SyncDirty).from_select(["account_id", "scope"], select(
                SyncState.account_id, literal(scope)).where(SyncState.account_id.in_(chunk))))
    session.info.pop(PENDING, None)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(GONE, None)


def marks_insert(written: list[tuple[str, Any]], *, where=None):
    """For a hot path that writes in one statement the listeners cannot see (a CTE): the INSERT of
    the `sync_dirty` rows its written rows call for, as (table name, row) pairs. Each row may only
    reference accounts (ids or SQL expressions), so nothing needs resolving first; `where` guards
    the insert (e.g. on the write having happened). One row per account and table: sync unions them."""
    selects = []
    for table, row in written:
        refs = affected.references(table, row)
        if set(refs) != {"account"}:
            raise ValueError(f"{table}: only rows naming accounts can be marked in one statement")
        scope = literal(",".join(sorted(affected.SCOPES[table])))
        selects += [select(SyncState.account_id, scope).where(SyncState.account_id == account, *(
            () if where is None else (where,))) for account in refs["account"]]
    return insert(SyncDirty).from_select(["account_id", "scope"], union_all(*selects))
