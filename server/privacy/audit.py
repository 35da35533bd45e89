"""Recording organizer reads of attendee data, and listing them to the event's organizers."""
from __future__ import annotations

from typing import Any

from server.accounts.models import Account
from server.events import service as events_service
from server.extensions import db
from server.pagination import paginate
from server.privacy.models import AuditRecord


def record(*, account: Account, event_id: int, action: str, detail: dict[str, Any] | None = None) -> None:
    """Write one audit record now (its own commit: the read it records has already been allowed)."""
    db.session.add(AuditRecord(event_id=event_id, actor_account_id=account.id, action=action, detail=detail or {}))
    db.session.commit()


def list_records(*, account: Account, event_id: int, limit: int | None = None,
                 cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the event's audit log, oldest first (organizers only)."""
    events_service.organizer_membership(account=account, event_id=event_id)
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
