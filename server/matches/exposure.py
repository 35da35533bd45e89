"""How swamped each person is: pending requests plus recent impressions in suggestion lists.

Counting an impression per shown person per request would turn every read into writes, so each
worker buffers counts and adds them to the database every few seconds; the totals every worker
ranks by are read back from the database, cached for the same few seconds.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite

from server.attendees import service as attendees_service
from server.extensions import db
from server.intros import service as intros_service
from server.matches.models import Exposure
from server.types import utcnow

FLUSH_SECONDS = 5.0
WINDOW = timedelta(hours=2)  # impressions older than this stop counting
# A pending request weighs like this many impressions: it is a person waiting for an answer.
REQUEST_WEIGHT = 10.0

_lock = threading.Lock()
_buffer: Counter[tuple[int, int]] = Counter()
_last_flush = time.monotonic()
_snapshots: dict[int, tuple[float, dict[int, float]]] = {}


def record(*, event_id: int, attendee_ids: list[int]) -> None:
    """Count one impression for each person shown; flushes when the buffer is due."""
    global _last_flush
    with _lock:
        _buffer.update((event_id, a) for a in attendee_ids)
        due = time.monotonic() - _last_flush >= FLUSH_SECONDS
        if due:
            pending = dict(_buffer)
            _buffer.clear()
            _last_flush = time.monotonic()
    if due and pending:
        flush(pending)


def flush(counts: dict[tuple[int, int], int]) -> None:
    """Add buffered impressions; a row whose window has passed starts a new one."""
    live = attendees_service.existing_ids(attendee_ids={a for _, a in counts})
    rows = [{"attendee_id": a, "event_id": e, "impressions": n, "window_started_at": utcnow()}
            for (e, a), n in sorted(counts.items()) if a in live]
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Exposure)
    stale = Exposure.window_started_at < utcnow() - WINDOW
    db.session.execute(insert.values(rows).on_conflict_do_update(
        index_elements=[Exposure.attendee_id],
        set_={
            "impressions": case((stale, insert.excluded.impressions),
                                else_=Exposure.impressions + insert.excluded.impressions),
            "window_started_at": case((stale, insert.excluded.window_started_at),
                                      else_=Exposure.window_started_at),
        },
    ))
    db.session.commit()


def snapshot(*, event_id: int) -> dict[int, float]:
    """attendee id -> exposure (impressions + weighted pending requests), cached briefly."""
    now = time.monotonic()
    cached = _snapshots.get(event_id)
    if cached and now - cached[0] < FLUSH_SECONDS:
        return cached[1]
    values: dict[int, float] = {}
    cutoff = utcnow() - WINDOW
    for attendee_id, impressions in db.session.execute(db.select(Exposure.attendee_id, Exposure.impressions).where(
            Exposure.event_id == event_id, Exposure.window_started_at >= cutoff)).all():
        values[attendee_id] = float(impressions)
    for attendee_id, count in intros_service.pending_incoming_counts(event_id=event_id).items():
        values[attendee_id] = values.get(attendee_id, 0.0) + REQUEST_WEIGHT * count
    _snapshots[event_id] = (now, values)
    return values


def reset() -> None:
    """Drop buffers and cached snapshots (tests)."""
    global _last_flush
    with _lock:
        _buffer.clear()
        _snapshots.clear()
        _last_flush = time.monotonic()
