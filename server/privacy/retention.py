"""Deleting an event's attendee data: when its owner deletes the event, and N days after it ends (cron).

Connections, their private notes and feedback belong to the two accounts, not to the event, and stay;
everything else about the event's attendees goes: profiles and all that hangs off them (intros,
meetings, feedback on suggestions, check-ins, seats), the event's notifications, import reports and webhook payloads,
and sign-in accounts left with nothing (never signed in, no other profile, role or connection).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_

from server.accounts.models import Account
from server.attendees.models import Attendee
from server.connections.models import Connection
from server.events.models import Event, EventOrganizer
from server.extensions import db
from server.imports.models import AttendeeImport
from server.notifications.models import Notification
from server.types import utcnow
from server.webhooks.models import WebhookMessage


@dataclass
class Purged:
    event_id: int
    attendees: int


def attendee_accounts(*, event_id: int) -> set[int]:
    """Accounts with a profile in the event."""
    return set(db.session.execute(db.select(Attendee.account_id).where(Attendee.event_id == event_id)).scalars())


def orphaned_accounts(account_ids: set[int]) -> set[int]:
    """Those of these accounts that never signed in and have no profile, organizer role or connection."""
    if not account_ids:
        return set()
    keep = db.select(Attendee.account_id).union(
        db.select(EventOrganizer.account_id), db.select(Connection.account_low_id),
        db.select(Connection.account_high_id))
    return set(db.session.execute(db.select(Account.id).where(
        Account.id.in_(account_ids), Account.last_login_at.is_(None), Account.can_organize.is_(False),
        Account.erased_at.is_(None), Account.id.not_in(keep))).scalars())


def delete_accounts(account_ids: set[int]) -> None:
    """Delete these accounts (callers pass only accounts nothing else holds)."""
    if account_ids:
        db.session.execute(db.delete(Account).where(Account.id.in_(account_ids)))


def purge_event(*, event_id: int, batch: int = 500) -> int:
    """Delete the event's attendee data, committing every `batch` profiles; returns profiles deleted."""
    done = 0
    while True:
        rows = db.session.execute(db.select(Attendee.id, Attendee.account_id).where(Attendee.event_id == event_id)
                                  .order_by(Attendee.id).limit(batch)).all()
        if not rows:
            break
        db.session.execute(db.delete(Attendee).where(Attendee.id.in_([r.id for r in rows])))
        delete_accounts(orphaned_accounts({r.account_id for r in rows}))
        db.session.commit()
        done += len(rows)
    db.session.execute(db.delete(Notification).where(Notification.event_id == event_id))
    db.session.execute(db.delete(AttendeeImport).where(AttendeeImport.event_id == event_id))
    db.session.execute(db.delete(WebhookMessage).where(WebhookMessage.event_id == event_id))  # payload copies
    event = db.session.get(Event, event_id)
    event.revision += 1  # per-process matching indexes drop everyone on their next look
    event.attendee_data_purged_at = utcnow()
    db.session.commit()
    return done


def due_events(*, now: datetime, default_days: int) -> list[int]:
    """Ids of ended events whose retention has run out and whose attendee data is still there."""
    rows = db.session.execute(db.select(Event.id, Event.ends_at, Event.retention_days).where(
        Event.attendee_data_purged_at.is_(None), Event.ends_at < now,
        or_(Event.retention_days.is_not(None), default_days > 0)).order_by(Event.id)).all()
    return [r.id for r in rows if r.ends_at + timedelta(days=r.retention_days or default_days) <= now]


def purge_expired(*, now: datetime, default_days: int, batch: int = 500) -> list[Purged]:
    """Purge every event `due_events` names. Idempotent: a rerun (or one after a crash) finishes the rest."""
    return [Purged(event_id, purge_event(event_id=event_id, batch=batch))
            for event_id in due_events(now=now, default_days=default_days)]
