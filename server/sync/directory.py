"""`GET /events/{id}/attendees?since=`: the directory's changes, decided per viewer when read.

Writers stamp each touched attendee with the event's next sequence number (`record`, from the
commit listener; the head row's lock orders concurrent commits). A viewer gets the attendees
stamped after its token: the public profile when it may see them now, else a tombstone with the
id only (hidden, blocked either way, or left the event).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, insert, update
from sqlalchemy.orm import Session

from server import access
from server.access import Caller
from server.attendees.models import Attendee
from server.events.models import Event
from server.extensions import db
from server.sync import tokens
from server.sync.models import DirectoryChange, DirectoryHead
from server.types import utcnow

EPOCH = "d1"


def _stream(event_id: int) -> str:
    return f"directory:{event_id}"


def record(session: Session, entries: set[tuple[int, int]]) -> None:
    """Stamp the (event, attendee) entries with their events' next sequence numbers (in the commit)."""
    if not entries:
        return
    by_event: dict[int, list[int]] = defaultdict(list)
    for event_id, attendee_id in entries:
        by_event[event_id].append(attendee_id)
    now = utcnow()
    alive = set(session.execute(db.select(Event.id).where(Event.id.in_(sorted(by_event)))).scalars())
    for event_id in sorted(alive):  # one lock order for every writer; a deleted event has no directory
        ids = sorted(by_event[event_id])
        head = session.execute(update(DirectoryHead).where(DirectoryHead.event_id == event_id)
                               .values(seq=DirectoryHead.seq + len(ids)).returning(DirectoryHead.seq)).scalar()
        if head is None:
            session.execute(insert(DirectoryHead).values(event_id=event_id, seq=len(ids), floor_seq=0))
            head = len(ids)
        session.execute(delete(DirectoryChange).where(DirectoryChange.event_id == event_id,
                                                      DirectoryChange.attendee_id.in_(ids)))
        first = head - len(ids) + 1
        session.execute(insert(DirectoryChange), [
            {"event_id": event_id, "attendee_id": a, "seq": first + i, "changed_at": now} for i, a in enumerate(ids)])


def _head(event_id: int) -> DirectoryHead:
    return db.session.get(DirectoryHead, event_id) or DirectoryHead(event_id=event_id, seq=0, floor_seq=0)


def start_token(*, caller: Caller) -> str:
    """The token a full directory listing hands out: changes after it come with `since`."""
    return tokens.encode(account_id=caller.account_id, stream=_stream(caller.event_id),
                         position=tokens.Position(EPOCH, _head(caller.event_id).seq))


def _prune(event_id: int) -> int:
    """Tombstones of people gone longer than RAPPORT_SYNC_TOMBSTONE_DAYS; returns the new floor."""
    head = _head(event_id)
    cutoff = utcnow() - timedelta(days=current_app.config["RAPPORT_SYNC_TOMBSTONE_DAYS"])
    gone = db.select(DirectoryChange.id).where(
        DirectoryChange.event_id == event_id, DirectoryChange.changed_at < cutoff,
        DirectoryChange.attendee_id.not_in(db.select(Attendee.id).where(Attendee.event_id == event_id)))
    top = db.session.execute(db.select(func.max(DirectoryChange.seq)).where(DirectoryChange.id.in_(gone))).scalar()
    if top is not None and head.seq:
        db.session.execute(delete(DirectoryChange).where(DirectoryChange.id.in_(gone.scalar_subquery())))
        locked = db.session.get(DirectoryHead, event_id, with_for_update=True, populate_existing=True)
        locked.floor_seq = max(locked.floor_seq, top)
        db.session.commit()
    return _head(event_id).floor_seq


def delta(*, caller: Caller, since: str, limit: int | None = None) -> dict[str, Any]:
    """Directory entries changed after `since`, as the caller may see them now, one page."""
    account, event_id, membership = caller.account, caller.event_id, caller
    position = tokens.decode(since, account_id=account.id, stream=_stream(event_id))
    head = _head(event_id)
    if position.epoch != EPOCH or position.seq > head.seq:
        raise tokens.invalid()
    if position.seq < _prune(event_id):
        raise tokens.expired()
    size = min(limit or current_app.config["RAPPORT_SYNC_PAGE_ITEMS"], current_app.config["RAPPORT_SYNC_PAGE_ITEMS"])
    changes = list(db.session.execute(db.select(DirectoryChange).where(
        DirectoryChange.event_id == event_id, DirectoryChange.seq > position.seq)
        .order_by(DirectoryChange.seq).limit(size + 1)).scalars())
    more = len(changes) > size
    changes = changes[:size]
    people = {a.id: a for a in db.session.execute(db.select(Attendee).where(
        Attendee.id.in_([c.attendee_id for c in changes]), Attendee.event_id == event_id)).scalars()}
    hidden = set() if membership.is_organizer else access.blocked_account_ids(account_id=account.id)
    visible, gone = [], []
    for change in changes:
        person = people.get(change.attendee_id)
        if person is None or person.account_id in hidden or not (membership.is_organizer or person.discoverable):
            gone.append({"id": change.attendee_id})
        else:
            visible.append(person)
    last = changes[-1].seq if more else head.seq
    token = tokens.encode(account_id=account.id, stream=_stream(event_id), position=tokens.Position(EPOCH, last))
    return {"items": visible, "tombstones": gone, "next_since": token, "has_more": more, "next_cursor": None,
            "organizer": membership.is_organizer}
