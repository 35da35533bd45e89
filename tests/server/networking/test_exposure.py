"""Impressions flushed by a worker's exposure thread: counted per person in one statement, windows restart."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event

from server.accounts.models import Account
from server.attendees.models import Attendee
from server.events.models import Event
from server.extensions import db
from server.matches import exposure
from server.matches.models import Exposure
from server.types import utcnow


def _people(count: int) -> tuple[int, list[int]]:
    now = utcnow()
    event = Event(name="Summit", starts_at=now, ends_at=now + timedelta(hours=8), timezone="UTC", join_code="EXPOSE01")
    db.session.add(event)
    accounts = [Account(email=f"p{i}@exposure.example", name=f"Person {i}") for i in range(count)]
    db.session.add_all(accounts)
    db.session.flush()
    people = [Attendee(event_id=event.id, account_id=a.id, email=a.email, display_name=a.name) for a in accounts]
    db.session.add_all(people)
    db.session.commit()
    return event.id, [p.id for p in people]


def _flush(event_id: int, shown: list[int]) -> dict[int, tuple[int, object]]:
    exposure._buffer.update((event_id, a) for a in shown)
    exposure.flush_and_reload()
    db.session.expire_all()
    return {row.attendee_id: (row.impressions, row.window_started_at)
            for row in db.session.execute(db.select(Exposure)).scalars()}


@pytest.mark.parametrize("people", [3, 400])  # a few, and a batch whose per-row SQL would pass 2,000 characters
def test_every_shown_person_is_counted_once_per_showing(app, people):
    with app.app_context():
        event_id, ids = _people(people)
        sql: list[str] = []

        def seen(_conn, _cursor, statement, *_rest):
            sql.append(statement)

        sa_event.listen(db.engine, "before_cursor_execute", seen)
        try:
            counted = _flush(event_id, ids + ids[:2])
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", seen)
        # The batch travels as parameters, not as SQL text growing with it (compiling a VALUES row per
        # person took ~1 s of a worker's CPU per 8,000 people).
        assert max(len(s) for s in sql) < 2000
        assert {a: n for a, (n, _) in counted.items()} == {a: 2 if a in ids[:2] else 1 for a in ids}
        assert exposure.snapshot(event_id=event_id)[ids[0]] == 2.0


@pytest.mark.parametrize(("age", "expected"), [(timedelta(minutes=30), 5), (exposure.WINDOW + timedelta(minutes=1), 1)])
def test_counts_add_up_within_the_window_and_restart_after_it(app, age, expected):
    with app.app_context():
        event_id, ids = _people(1)
        started = utcnow() - age
        db.session.add(Exposure(attendee_id=ids[0], event_id=event_id, impressions=4, window_started_at=started))
        db.session.commit()
        impressions, window = _flush(event_id, ids)[ids[0]]
        assert impressions == expected
        assert (window == started) == (expected == 5)
        assert exposure.snapshot(event_id=event_id) == {ids[0]: float(expected)}


def test_the_snapshot_leaves_out_windows_that_have_passed(app):
    with app.app_context():
        event_id, ids = _people(2)
        db.session.add_all([Exposure(attendee_id=ids[0], event_id=event_id, impressions=7, window_started_at=utcnow()),
                            Exposure(attendee_id=ids[1], event_id=event_id, impressions=9,
                                     window_started_at=utcnow() - exposure.WINDOW - timedelta(minutes=1))])
        db.session.commit()
        assert exposure.snapshot(event_id=event_id) == {ids[0]: 7.0}
        assert exposure.snapshot(event_id=event_id + 1) == {}


def test_a_person_deleted_before_the_flush_is_skipped_and_the_others_counted(app):
    with app.app_context():
        event_id, ids = _people(3)
        exposure._buffer.update((event_id, a) for a in ids)
        db.session.execute(db.delete(Attendee).where(Attendee.id == ids[1]))
        db.session.commit()
        assert set(_flush(event_id, [])) == {ids[0], ids[2]}
