"""Recording organizer reads of attendee data, and listing them to the event's organizers."""
from __future__ import annotations

from typing import Any

from server.access import Caller
from server.accounts.models import Account
from server.extensions import db
from server.pagination import paginate
from server.privacy.models import AuditRecord
from server.types import utcnow


def record(*, account: Account, event_id: int, action: str, detail: dict[str, Any] | None = None) -> None:
    """Write one audit record now, in a transaction of its own: the read it records was allowed, and
    the caller's session (whose objects a streamed export still reads) is left untouched."""
    with db.engine.begin() as connection:
        connection.execute(db.insert(AuditRecord).values(
            event_id=event_id, actor_account_id=account.id, action=action, detail=detail or {}, created_at=utcnow()))


def list_records(*, caller: Caller, limit: int | None = None,
                 cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the event's audit log, oldest first (organizers only)."""
    event_id = caller.event_id
    stmt = db.select(AuditRecord).where(AuditRecord.event_id == event_id)
    rows, next_cursor = paginate(stmt, AuditRecord.id, limit=limit, cursor=cursor, session=db.session)
    actors = {a.id: a for a in db.session.execute(db.select(Account).where(
        Account.id.in_({r.actor_account_id for r in rows} - {None}))).scalars()}
    items = []
    for row in rows:
        actor = actors.get(row.actor_account_id)
        items.append({"id": row.id, "action": row.action, "detail": row.detail, "created_at": row.created_at,
                      "actor": None if actor is None or actor.erased_at else
                      {"account_id": actor.id, "name": actor.name, "email": actor.email}})
    return items, next_cursor
