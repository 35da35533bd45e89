"""Rate-limit counters shared by every worker: Redis when configured, else a table in the database.

flask-limiter keeps one count per storage; with per-process memory, each gunicorn worker counted on
its own (30/min let 60 of 200 sign-in attempts through two workers). The table below is a
fixed-window counter updated with one atomic upsert per hit, so all workers and hosts share it.
"""
from __future__ import annotations

import hashlib
import logging
import random
import time

from limits.storage import Storage
from sqlalchemy import Float, Integer, String, case, delete, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db

log = logging.getLogger(__name__)
SCHEME = "rapportdb"
_CLEANUP_CHANCE = 0.01  # share of hits that also delete long-expired windows


class RateLimitCounter(db.Model):
    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, nullable=False)
    expires_at: Mapped[float] = mapped_column(Float, nullable=False)  # epoch seconds: the window's end


def _key(key: str) -> str:
    return key if len(key) <= 255 else hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """`limits` storage over the `rate_limit_counters` table (fixed-window strategy only)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now, table = time.time(), RateLimitCounter.__table__
        insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        expired = table.c.expires_at <= now  # SET expressions all see the row as it was
        upsert = insert(table).values(key=_key(key), hits=amount, expires_at=now + expiry).on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"hits": case((expired, amount), else_=table.c.hits + amount),
                  "expires_at": case((expired, now + expiry), else_=table.c.expires_at)},
        ).returning(table.c.hits)
        with db.engine.begin() as connection:
            hits = connection.execute(upsert).scalar_one()
            if random.random() < _CLEANUP_CHANCE:
                connection.execute(delete(table).where(table.c.expires_at < now - 3600))
        return hits

    def _row(self, key: str, now: float):
        table = RateLimitCounter.__table__
        with db.engine.connect() as connection:
            return connection.execute(select(table.c.hits, table.c.expires_at)
                                      .where(table.c.key == _key(key), table.c.expires_at > now)).first()

    def get(self, key: str) -> int:
        row = self._row(key, time.time())
        return row.hits if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = self._row(key, now)
        return row.expires_at if row else now

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        table = RateLimitCounter.__table__
        with db.engine.begin() as connection:
            connection.execute(delete(table).where(table.c.key == _key(key)))


class _LoudFallback(logging.Filter):
    """flask-limiter notes "falling back to in-memory storage" as a warning on a logger with no output;
    it halves the protection of every sign-in endpoint, so it is reported as an error of ours."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "falling back to in-memory" in record.getMessage():
            log.error("RATE LIMIT STORAGE UNREACHABLE (RAPPORT_REDIS_URL or the database): sign-in limits now "
                      "count in each worker process alone until it answers again")
        return True


def limiter_settings(redis_url: str) -> dict:
    """flask-limiter settings: shared storage, a local fallback while it is down, short Redis timeouts."""
    logger = logging.getLogger("flask-limiter")
    if not any(isinstance(existing, _LoudFallback) for existing in logger.filters):
        logger.addFilter(_LoudFallback())
    return {
        "RATELIMIT_STORAGE_URI": redis_url or f"{SCHEME}://",
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1} if redis_url else {},
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STRATEGY": "fixed-window",
    }
