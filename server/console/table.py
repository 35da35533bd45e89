"""The console's attendee table: search, sort and keyset paging that stay O(page) at 100k+ rows.

Each order is (column, id), served by an index on (event_id, column, id); the cursor carries the
last row's (value, id), so page N costs what page 1 costs (no OFFSET).
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, tuple_

from server import access
from server.accounts.models import Account
from server.analytics import service as analytics_service
from server.attendees.models import Attendee
from server.errors import ValidationFailed
from server.extensions import db
from server.meetings import venue as venue_service

SORTS = {  # name -> (column, descending)
    "name": (Attendee.display_name, False),
    "company": (Attendee.company, False),
    "newest": (Attendee.id, True),
}
PAGE = 50


@dataclass
class Row:
    attendee: Attendee
    complete: bool
    checked_in: bool


def _cursor(value: Any, last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, last_id]).encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[Any, int]:
    try:
        value, last_id = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise ValidationFailed("cursor", "Not a cursor this page made.") from None
    if not isinstance(last_id, int) or not isinstance(value, (str, int)):
        raise ValidationFailed("cursor", "Not a cursor this page made.")
    return value, last_id


def _like(q: str) -> str:
    return "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def attendee_page(*, account: Account, event_id: int, q: str = "", sort: str = "name",
                  cursor: str | None = None, limit: int = PAGE) -> tuple[list[Row], str | None]:
    """One page of the event's attendees for its organizers, searched by name, email or company."""
    access.organizer(account=account, event_id=event_id)
    if sort not in SORTS:
        raise ValidationFailed("sort", f"One of {', '.join(SORTS)}.")
    column, descending = SORTS[sort]
    stmt = db.select(Attendee).where(Attendee.event_id == event_id)
    q = " ".join(q.split())[:120]
    if q:
        pattern = _like(q)
        stmt = stmt.where(or_(*(func.lower(c).like(pattern, escape="\\")
                                for c in (Attendee.display_name, Attendee.email, Attendee.company))))
    if cursor:
        value, last_id = _decode(cursor)
        if column is Attendee.id:
            stmt = stmt.where(Attendee.id < last_id if descending else Attendee.id > last_id)
        else:
            stmt = stmt.where(tuple_(column, Attendee.id) > tuple_(value, last_id))
    if column is Attendee.id:
        stmt = stmt.order_by(Attendee.id.desc() if descending else Attendee.id)
    else:
        stmt = stmt.order_by(column, Attendee.id)
    found = list(db.session.execute(stmt.limit(limit + 1)).scalars())
    more = len(found) > limit
    found = found[:limit]
    checked = venue_service.checked_in_among(attendee_ids=[a.id for a in found]) if found else set()
    rows = [Row(a, analytics_service.is_complete(a), a.id in checked) for a in found]
    if not more:
        return rows, None
    last = found[-1]
    return rows, _cursor(getattr(last, column.key), last.id)
