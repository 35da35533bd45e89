"""An attendee's own outcome of one event: who they met and how, intros, follow-ups done and pending."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func

from server.access import Caller
from server.connections import service as connections_service
from server.connections.models import ORIGINS
from server.extensions import db
from server.followups.due import due_items
from server.followups.models import FollowUp
from server.intros import service as intros_service
from server.messages import counts as messages_counts


def attendee_summary(*, caller: Caller) -> dict[str, Any]:
    """The caller's summary of an event (their own data only)."""
    account, event_id, me = caller.account, caller.event_id, caller.attendee
    met = [c for c in connections_service.connections_of(account_id=account.id) if c.event_id == event_id]
    by_origin = {origin: 0 for origin in ORIGINS}
    for connection in met:
        by_origin[connection.origin] = by_origin.get(connection.origin, 0) + 1
    intros = [r for r in intros_service.event_rows(event_id=event_id) if me.id in (r[0], r[1])]
    ids = {c.id for c in met}
    logged = db.session.execute(db.select(FollowUp.connection_id, func.count(FollowUp.id)).where(
        FollowUp.author_account_id == account.id, FollowUp.connection_id.in_(ids))
        .group_by(FollowUp.connection_id)).all() if ids else []
    due = due_items(account_id=account.id, event_id=event_id)
    return {
        "event_id": event_id,
        "people_met": {"total": len(met), "by_origin": by_origin},
        "intros": {
            "sent": sum(1 for s, _, _ in intros if s == me.id),
            "received": sum(1 for _, r, _ in intros if r == me.id),
            "accepted": sum(1 for *_, status in intros if status == "accepted"),
            "pending": sum(1 for *_, status in intros if status == "pending"),
        },
        "followups": {
            "logged": sum(count for _, count in logged),
            "people_followed_up": len(logged),
            "overdue": sum(1 for item in due if item.status == "overdue"),
            "upcoming": sum(1 for item in due if item.status == "upcoming"),
        },
        "messages": messages_counts.conversation_counts(event_id=event_id, account_id=account.id),
    }
