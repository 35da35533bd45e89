"""The notification feed, and the push hook that tells devices something happened."""
from __future__ import annotations

from typing import Any

from server.accounts.models import Account
from server.errors import NotFound
from server.extensions import db
from server.notifications.models import Notification
from server.pagination import paginate
from server.push import outbox as push_outbox
from server.types import utcnow

KINDS = ("intro_received", "intro_accepted", "mutual_match", "connection_scanned", "meeting_requested",
         "meeting_accepted", "meeting_proposed", "meeting_cancelled", "webhook_disabled", "message_received",
         "message_report_resolved", "messaging_suspended", "announcement", "round_starting")


def notify(*, account_id: int, event_id: int | None, kind: str, data: dict[str, Any]) -> Notification:
    """Add to the account's feed and queue its push in the same transaction (`server.push.outbox`): the
    push exists once the caller commits, never if it rolls back."""
    notification = Notification(account_id=account_id, event_id=event_id, kind=kind, data=data)
    db.session.add(notification)
    push_outbox.enqueue(account_ids=[account_id], event_id=event_id, kind=kind, data=data)
    return notification


def feed(*, account: Account, unread: bool = False, limit: int | None = None, cursor: str | None = None):
    """The caller's notifications, oldest first page by page (the app shows them newest first)."""
    stmt = db.select(Notification).where(Notification.account_id == account.id)
    if unread:
        stmt = stmt.where(Notification.read_at.is_(None))
    return paginate(stmt, Notification.id, limit=limit, cursor=cursor, session=db.session)


def mark_read(*, account: Account, ids: list[int] | None) -> int:
    """Mark the given notifications (or all) read; ids of other accounts are 404."""
    stmt = db.select(Notification).where(Notification.account_id == account.id, Notification.read_at.is_(None))
    if ids is not None:
        owned = set(db.session.execute(db.select(Notification.id).where(
            Notification.account_id == account.id, Notification.id.in_(ids))).scalars())
        if owned != set(ids):
            raise NotFound("No such notification.", errors={"ids": ["Unknown notification ids."]})
        stmt = stmt.where(Notification.id.in_(ids))
    rows = db.session.execute(stmt).scalars().all()
    now = utcnow()
    for row in rows:
        row.read_at = now
    db.session.commit()
    return len(rows)
