"""How swamped each person is: pending requests plus recent impressions in suggestion lists.

Counting an impression per shown person per request would turn every read into writes, so each
worker buffers counts in memory and a background thread of that worker adds them to the database
every FLUSH_SECONDS; the same thread reloads the totals every worker ranks by. Requests only read
the latest snapshot (the first request of an event in a worker loads it once). With
FLUSH_SECONDS = 0 (simulations), everything happens inline instead.
"""
from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections import Counter
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import Insert, Integer, bindparam, case, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY

from server.attendees.models import Attendee
from server.extensions import db
from server.intros import service as intros_service
from server.matches.models import Exposure
from server.types import UTCDateTime, utcnow

FLUSH_SECONDS = 5.0
WINDOW = timedelta(hours=2)  # impressions older than this stop counting
# A pending request weighs like this many impressions: it is a person waiting for an answer.
REQUEST_WEIGHT = 10.0
log = logging.getLogger(__name__)

_lock = threading.Lock()
_buffer: Counter[tuple[int, int]] = Counter()
_snapshots: dict[int, tuple[float, dict[int, float]]] = {}
_worker: dict[str, object] = {"pid": None}


def record(*, event_id: int, attendee_ids: list[int]) -> None:
    """Count one impression for each person shown."""
    with _lock:
        _buffer.update((event_id, a) for a in attendee_ids)
    if FLUSH_SECONDS <= 0:
        flush_and_reload()
    else:
        _ensure_worker(current_app._get_current_object())


def snapshot(*, event_id: int) -> dict[int, float]:
    """attendee id -> exposure (impressions + weighted pending requests). The same dict object
    is returned until the next reload, so the index converts it once."""
    cached = _snapshots.get(event_id)
    if cached is None or FLUSH_SECONDS <= 0:
        cached = _snapshots[event_id] = (time.monotonic(), _load(event_id))
    return cached[1]


def flush_and_reload() -> None:
    """Write buffered impressions, then reload the snapshots of the events this worker serves."""
    with _lock:
        pending = dict(_buffer)
        _buffer.clear()
    if pending:
        _flush(pending)
    for event_id in list(_snapshots):
        _snapshots[event_id] = (time.monotonic(), _load(event_id))


def _ensure_worker(app: Flask) -> None:
    # One thread per process; gunicorn forks workers, so the pid tells whether it is ours.
    with _lock:
        if _worker["pid"] == os.getpid():
            return
        _worker["pid"] = os.getpid()
    threading.Thread(target=_run, args=(app,), name="rapport-exposure", daemon=True).start()


def _run(app: Flask) -> None:
    while True:
        time.sleep(FLUSH_SECONDS)
        try:
            with app.app_context():
                flush_and_reload()
                db.session.remove()
        except Exception:  # a failed flush must not kill the thread; counts are best effort
            log.exception("exposure flush failed")


def _flush(counts: dict[tuple[int, int], int]) -> None:
    """Add impressions of people who still exist; a row whose window has passed starts a new one."""
    ordered = sorted(counts.items())  # one lock order for every worker's upsert: no deadlocks
    now = utcnow()
    params = {"now": now, "cutoff": now - WINDOW}
    connection = db.session.connection()  # Core statements: the ORM would take a batch for a bulk insert
    if connection.dialect.name == "postgresql":
        # The whole batch as three arrays: one short statement, however many people were shown
        # (a VALUES row per person cost ~1 s of CPU per 8,000 people, stalling this worker's requests).
        connection.execute(_array_upsert(), {**params, "event_ids": [e for (e, _), _ in ordered],
                                             "attendee_ids": [a for (_, a), _ in ordered],
                                             "counts": [n for _, n in ordered]})
    else:
        connection.execute(_row_upsert(), [{**params, "event_id": e, "attendee_id": a, "count": n}
                                           for (e, a), n in ordered])
    db.session.commit()


def _upsert(insert, source) -> Insert:
    # Only people still in the database are counted (one may be deleted while their count waits).
    stale = Exposure.window_started_at < bindparam("cutoff", type_=UTCDateTime)
    statement = insert(Exposure).from_select(["event_id", "attendee_id", "impressions", "window_started_at"], source)
    return statement.on_conflict_do_update(index_elements=[Exposure.attendee_id], set_={
        "impressions": case((stale, statement.excluded.impressions),
                            else_=Exposure.impressions + statement.excluded.impressions),
        "window_started_at": case((stale, statement.excluded.window_started_at), else_=Exposure.window_started_at),
    })


@functools.cache
def _array_upsert() -> Insert:
    arrays = (bindparam(name, type_=ARRAY(Integer)) for name in ("event_ids", "attendee_ids", "counts"))
    batch = func.unnest(*arrays).table_valued("event_id", "attendee_id", "n").render_derived()
    return _upsert(postgresql.insert, select(batch.c.event_id, batch.c.attendee_id, batch.c.n,
                                             bindparam("now", type_=UTCDateTime))
                   .join(Attendee, Attendee.id == batch.c.attendee_id).order_by(batch.c.attendee_id))


@functools.cache
def _row_upsert() -> Insert:
    # Executed once per person (executemany: one compiled statement, SQLite runs it in-process).
    attendee = bindparam("attendee_id", type_=Integer)
    return _upsert(sqlite.insert, select(bindparam("event_id", type_=Integer), attendee,
                                         bindparam("count", type_=Integer), bindparam("now", type_=UTCDateTime))
                   .where(exists().where(Attendee.id == attendee)))


def _load(event_id: int) -> dict[int, float]:
    live = (Exposure.event_id == event_id, Exposure.window_started_at >= utcnow() - WINDOW)
    if db.session.get_bind().dialect.name == "postgresql":
        # Two arrays in one row rather than a row per person shown: every worker reloads this every
        # FLUSH_SECONDS, and at 100,000 people the rows alone cost a noticeable share of its CPU.
        ids, counts = db.session.execute(db.select(func.array_agg(Exposure.attendee_id),
                                                   func.array_agg(Exposure.impressions)).where(*live)).one()
        values = dict(zip(ids or (), map(float, counts or ())))
    else:
        values = {attendee_id: float(impressions) for attendee_id, impressions in
                  db.session.execute(db.select(Exposure.attendee_id, Exposure.impressions).where(*live))}
    for attendee_id, count in intros_service.pending_incoming_counts(event_id=event_id).items():
        values[attendee_id] = values.get(attendee_id, 0.0) + REQUEST_WEIGHT * count
    return values


def reset() -> None:
    """Drop buffers and cached snapshots (tests)."""
    with _lock:
        _buffer.clear()
        _snapshots.clear()
