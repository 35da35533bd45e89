"""Database round trips a busy worker does not need: pings of connections just used, and the BEGIN and
ROLLBACK around requests that only read.

A connection is pinged only after it sat idle.
SQLAlchemy's `pool_pre_ping` tests every connection on every checkout. On PostgreSQL that is a BEGIN and
a SELECT 1 before each request's first query: two of the six round trips of a suggestions request, paid
even when the connection was used a millisecond earlier. A connection that was used less than
RAPPORT_DB_PING_AFTER seconds ago is handed out as it is; an older one is pinged, and a dead one is
replaced before the request sees it (SQLAlchemy's documented pessimistic disconnect handling). If the
database drops connections while they are busy, the first statement on each fails once: SQLAlchemy then
invalidates every connection of the pool that is older than the failure, so the next checkouts reconnect.

`read_connection` lends a hot path's reads a connection of their own: on PostgreSQL its statements run in
autocommit (psycopg switches that on the client, no round trip). Under PostgreSQL's default READ COMMITTED
every statement sees its own snapshot anyway, so only the BEGIN before the first query and the ROLLBACK at
the end go away; SQLite, where both cost nothing and a transaction does hold one snapshot, is left as it is.
"""
from __future__ import annotations

import contextlib
import time
import weakref
from collections.abc import Iterator

from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from server.extensions import db

_LAST_USED = "rapport_last_used"


def init_engine(engine: Engine, *, ping_after: float) -> None:
    """Install the checks on `engine`'s pool. `ping_after` < 0: never ping; 0: ping every checkout."""

    @event.listens_for(engine.pool, "checkin")
    def _remember(_dbapi_connection, record) -> None:
        if record is not None:
            record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        last = record.info.get(_LAST_USED)
        # A connection just opened (no check-in yet) has been proven alive by connecting.
        if ping_after < 0 or last is None or time.monotonic() - last < ping_after:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                # The pool discards this connection and checks out (or opens) another.
                raise exc.DisconnectionError() from error
            raise


@contextlib.contextmanager
def read_connection() -> Iterator[Connection]:
    """A pooled connection for a hot path's reads, outside the request's session (none of its bookkeeping,
    nothing to release at teardown) and back in the pool when the block ends; on PostgreSQL in
    autocommit, so its statements go without BEGIN / ROLLBACK round trips."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        engine = _autocommit.get(engine) or _autocommit.setdefault(
            engine, engine.execution_options(isolation_level="AUTOCOMMIT"))
    with engine.connect() as connection:
        yield connection


_autocommit: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> its autocommit copy (same pool)
