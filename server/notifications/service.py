"""The notification feed, and the push hook that tells devices something happened."""
from __future__ import annotations

import logging
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from server.accounts.models import Account
from server.errors import NotFound
from server.extensions import db
from server.notifications.models import Notification
from server.pagination import paginate
from server.types import utcnow

KINDS = ("intro_received", "intro_accepted", "mutual_match", "connection_scanned", "meeting_requested",
         "meeting_accepted", "meeting_proposed", "meeting_cancelled", "webhook_disabled", "message_received",
         "message_report_resolved", "messaging_suspended")
log = logging.getLogger("rapport.push")


class PushBackend(Protocol):
    def send(self, *, account_id: int, kind: str, data: dict[str, Any]) -> None: ...


class LoggingPush:
    """Writes each push to the log; the production hook (APNs/FCM) plugs in the same way."""

    def send(self, *, account_id: int, kind: str, data: dict[str, Any]) -> None:
        log.info("push to account %s: %s %s", account_id, kind, data)


def push_backend() -> PushBackend:
    """The app's push backend (logging when none is configured)."""
    return current_app.extensions.get("rapport.push") or LoggingPush()


def notify(*, account_id: int, event_id: int | None, kind: str, data: dict[str, Any]) -> Notification:
    """Add to the account's feed; the push goes out once the caller commits (never if it rolls back)."""
    notification = Notification(account_id=account_id, event_id=event_id, kind=kind, data=data)
    db.session.add(notification)
    db.session.info.setdefault(_PENDING, []).append(
        {"account_id": account_id, "kind": kind, "data": {**data, "event_id": event_id}})
    return notification


# A device told before the commit could open a notification that a failed request never wrote.
_PENDING = "rapport.pending_pushes"


@event.listens_for(Session, "after_commit")
def _push_committed(session: Session) -> None:
    for push in session.info.pop(_PENDING, ()):
        push_backend().send(**push)


@event.listens_for(Session, "after_rollback")
def _drop_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


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
