"""The sender's own commits do not wait for the disk.

A delivery-log row that is lost because the database host crashed (not the sender: a killed process
loses nothing, the write is with the database already) only means that delivery is sent again,
which at-least-once delivery allows. Waiting for an fsync per delivery would cap a sender at a
couple of hundred deliveries a second. PostgreSQL: `synchronous_commit = off` for the transaction;
SQLite (WAL): `synchronous = NORMAL` while the sender holds the connection, its own level (FULL by
default) again when it goes back to the pool. Only transactions begun inside `relaxed()` in this thread
are affected.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from sqlalchemy import Engine, event

_relaxed: ContextVar[bool] = ContextVar("rapport_webhooks_relaxed", default=False)
_MARK = "rapport.relaxed_sync"


def _on_begin(conn) -> None:
    if not _relaxed.get():
        return
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
    elif conn.dialect.name == "sqlite":
        level = conn.exec_driver_sql("PRAGMA synchronous").scalar()  # 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
        if level > 1:
            conn.exec_driver_sql("PRAGMA synchronous=NORMAL")  # before any write: pysqlite has not begun yet
            conn.connection.info[_MARK] = level


def _on_checkin(dbapi_connection, record) -> None:
    level = record.info.pop(_MARK, None) if record is not None else None
    if level is not None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA synchronous={int(level)}")  # the connection's own level again
        cursor.close()


@contextmanager
def relaxed(engine: Engine) -> Iterator[None]:
    """Commits of this thread's transactions begun inside skip waiting for the disk."""
    if not event.contains(engine, "begin", _on_begin):
        event.listen(engine, "begin", _on_begin)
        event.listen(engine.pool, "checkin", _on_checkin)
    token = _relaxed.set(True)
    try:
        yield
    finally:
        _relaxed.reset(token)
