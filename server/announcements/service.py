"""Sending an announcement: one feed entry per person of the audience and the pushes, in one transaction."""
from __future__ import annotations

from sqlalchemy import insert

from server.access import Caller
from server.announcements.models import Announcement
from server.attendees.models import Attendee
from server.errors import ValidationFailed
from server.extensions import db
from server.meetings.models import CheckIn
from server.notifications.models import Notification
from server.push import outbox as push_outbox
from server.sessions.models import NetworkingSession, SessionSeat
from server.types import utcnow

CHUNK = 5000


def _audience(event_id: int, audience: str, session_id: int | None) -> list[int]:
    joined = db.select(Attendee.account_id).where(Attendee.event_id == event_id, Attendee.status == "joined")
    if audience == "checked_in":
        joined = joined.join(CheckIn, CheckIn.attendee_id == Attendee.id)
    elif audience == "session":
        session = db.session.get(NetworkingSession, session_id) if session_id else None
        if session is None or session.event_id != event_id:
            raise ValidationFailed("session_id", "No such networking session in this event.")
        joined = joined.where(Attendee.id.in_(db.select(SessionSeat.attendee_id).where(
            SessionSeat.session_id == session_id)))
    elif session_id is not None:
        raise ValidationFailed("session_id", "Only for audience `session`.")
    return sorted(set(db.session.execute(joined).scalars()))


def announce(*, caller: Caller, title: str, body: str, audience: str,
             session_id: int | None = None) -> Announcement:
    """Send to the audience's feeds and devices (organizers only)."""
    account, event_id = caller.account, caller.event_id
    accounts = _audience(event_id, audience, session_id)
    row = Announcement(event_id=event_id, title=title, body=body, audience=audience, session_id=session_id,
                       recipients=len(accounts), created_by=account.id)
    db.session.add(row)
    db.session.flush()
    now, data = utcnow(), {"announcement_id": row.id, "title": title, "body": body}
    rows = [{"account_id": a, "event_id": event_id, "kind": "announcement", "data": data, "created_at": now}
            for a in accounts]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(Notification), rows[start:start + CHUNK])
    push_outbox.enqueue(account_ids=accounts, event_id=event_id, kind="announcement",
                        data={"announcement_id": row.id, "title": title})
    db.session.commit()
    return row


def announcements(*, caller: Caller) -> list[Announcement]:
    """The event's announcements, newest first (organizers only)."""
    event_id = caller.event_id
    return list(db.session.execute(db.select(Announcement).where(Announcement.event_id == event_id)
                                   .order_by(Announcement.id.desc())).scalars())
