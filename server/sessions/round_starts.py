""""Round starting": when a published session's round begins, everyone seated in it is told where to go.

The push sender calls `announce_due` on each pass (a thread's poll, or an RQ job scheduled for
`next_start`): each person of a round that has begun gets a `round_starting` notification through
the one policy (feed and push; preferences, quiet hours, collapse key), with their table and the
public names of their partners in the feed and only ids in the push unless they asked for previews.
`announced_rounds` on the session records the rounds done, under the session's row lock, so two
senders never announce a round twice. A round that ended before any sender looked (all senders down)
is skipped: waking someone for a round that is over helps nobody.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from server import matching_inputs
from server.extensions import db
from server.notifications import service as notifications_service
from server.sessions import plans
from server.sessions.models import NetworkingSession, SessionSeat
from server.types import utcnow

KIND = "round_starting"


def _waiting():
    return db.select(NetworkingSession).where(NetworkingSession.status == "published",
                                              NetworkingSession.announced_rounds < NetworkingSession.rounds)


def _data(session: NetworkingSession, round_no: int, starts_at: str, seat: SessionSeat, names: dict[int, str],
          tables: list[tuple[str, int | None]]) -> dict[str, Any]:
    # Partners as the attendee's own seating shows them (plans.rounds_of): public names only.
    partners = [{"attendee_id": p["attendee_id"], "display_name": names[p["attendee_id"]]}
                for p in seat.partners if p.get("attendee_id") in names]
    return {"session_id": session.id, "round_no": round_no, "table_no": seat.table_no,
            "table": plans.table_label(tables, seat.table_no),
            "starts_at": starts_at,
            "partners": partners, "display_name": ", ".join(p["display_name"] for p in partners)}


def _announce(session: NetworkingSession, round_no: int) -> int:
    seats = list(db.session.execute(db.select(SessionSeat).where(
        SessionSeat.session_id == session.id, SessionSeat.round_no == round_no)).scalars())
    everyone = {s.attendee_id for s in seats} | {p["attendee_id"] for s in seats for p in s.partners
                                                  if p.get("attendee_id") is not None}
    _, public = matching_inputs.profiles(event_id=session.event_id, attendee_ids=everyone)
    names = {i: p.get("display_name") for i, p in public.items()}
    tables = plans.tables_of(session)
    starts_at = plans.round_times(session, round_no)[0].isoformat().replace("+00:00", "Z")
    for seat in seats:
        account_id = public.get(seat.attendee_id, {}).get("account_id")
        if account_id is not None:
            notifications_service.notify(account_id=account_id, event_id=session.event_id, kind=KIND,
                                         data=_data(session, round_no, starts_at, seat, names, tables))
    return len(seats)


def announce_due(*, now: datetime | None = None) -> int:
    """Tell the people of every round that has begun (and not ended) unannounced; commits. Returns people told."""
    now, told = now or utcnow(), 0
    for session_id in db.session.execute(_waiting().where(NetworkingSession.starts_at <= now)
                                         .with_only_columns(NetworkingSession.id)).scalars().all():
        session = db.session.execute(_waiting().where(NetworkingSession.id == session_id)
                                     .with_for_update(skip_locked=True)).scalar_one_or_none()
        if session is None:  # another sender holds it, or it was just announced
            db.session.rollback()
            continue
        latest = session.announced_rounds
        while latest < session.rounds and plans.round_times(session, latest + 1)[0] <= now:
            latest += 1
        if latest > session.announced_rounds and now < plans.round_times(session, latest)[1]:
            told += _announce(session, latest)
        session.announced_rounds = latest
        db.session.commit()
    return told


def next_start(*, now: datetime | None = None) -> datetime | None:
    """When the next unannounced round begins (the sender should look again then), or None."""
    now = now or utcnow()
    starts = [plans.round_times(s, s.announced_rounds + 1)[0] for s in db.session.execute(_waiting()).scalars()]
    return min((s for s in starts if s > now), default=None)
