"""Intros between two given people: the one piece of intros other features need (a block ends them).

Reads the model only, so `connections` may import it while `intros.service` imports `connections`.
"""
from __future__ import annotations

from sqlalchemy import and_, or_

from server.extensions import db
from server.intros.models import Intro
from server.types import utcnow


def between(a: int, b: int):
    """SQL: an intro either way between attendees `a` and `b`."""
    return or_(and_(Intro.sender_id == a, Intro.recipient_id == b), and_(Intro.sender_id == b, Intro.recipient_id == a))


def cancel_between(*, event_id: int, attendee_ids: tuple[int, int]) -> None:
    """End pending intros between two people (a block). Does not commit."""
    db.session.execute(db.update(Intro).where(Intro.event_id == event_id, between(*attendee_ids),
                                              Intro.status == "pending").values(status="cancelled",
                                                                                 responded_at=utcnow()))
