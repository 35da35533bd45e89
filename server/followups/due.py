"""The due list: who to get back to, when, and why, across every event of the account.

One item at most per connection, from the caller's own data only:
- a **next step** they set, until they log a contact made after setting it;
- a **congratulate** item when their job title or company changed after the two connected and
  the caller has not been in touch since (a message or a logged contact): once per change;
- else a **thank-you** when they have logged no contact yet: due `RAPPORT_FOLLOWUP_FIRST_DAYS` after
  the later of the event's end and the moment they connected;
- else a **check-in** `RAPPORT_FOLLOWUP_EVERY_DAYS` after the last logged contact (or after they met,
  once the thank-you window has long passed). A check-in ignored for another full period rolls to
  the next period's date, so silence is reminded again every period, never daily.
A message the caller wrote counts as a logged contact.
Items due up to `RAPPORT_FOLLOWUP_UPCOMING_DAYS` ahead are listed as upcoming; earlier dates are overdue.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func

from server.attendees import service as attendees_service
from server.attendees.models import Attendee
from server.connections import service as connections_service
from server.connections.models import Connection
from server.events import service as events_service
from server.extensions import db
from server.followups import career, clock  # noqa: F401  (career: registers the change listener)
from server.followups.models import CareerChange, FollowUp, NextStep
from server.matches import service as matches_service
from server.messages import counts as messages_counts


@dataclass
class DueItem:
    connection: Connection
    kind: str  # thank_you | check_in | next_step
    due_on: date
    status: str  # overdue | upcoming
    days_until: int  # negative when overdue
    reason: str
    last_contact_at: datetime | None
    next_step_note: str | None
    score: float
    event: Any
    attendee: Attendee
    contact: dict[str, Any]

    @property
    def met_at(self) -> datetime:
        return self.connection.created_at


def _rolled(start: date, every: int, today: date) -> date:
    """`start + every`, moved on by whole periods while a later period has also passed."""
    due = start + timedelta(days=every)
    if due < today:
        due += timedelta(days=every * ((today - due).days // every))
    return due


def _describe_change(change: CareerChange) -> str:
    now = " at ".join(v for v in (change.job_title_after, change.company_after) if v)
    was = " at ".join(v for v in (change.job_title_before, change.company_before) if v)
    return f"New role: now {now} (was {was}). Congratulate them?"


def _plan(connection: Connection, event, last: datetime | None, step: NextStep | None,
          today: date, cfg, change: CareerChange | None = None) -> tuple[str, date, str]:
    if change is not None and change.changed_at > connection.created_at and (last is None or last < change.changed_at):
        return "congratulate", change.changed_at.date(), _describe_change(change)
    first, every = cfg["RAPPORT_FOLLOWUP_FIRST_DAYS"], cfg["RAPPORT_FOLLOWUP_EVERY_DAYS"]
    if step is not None and (last is None or last < step.set_at):
        note = f": {step.note}" if step.note else "."
        return "next_step", step.due_on, f"You planned to get back to them by {step.due_on.isoformat()}{note}"
    met = max(event.ends_at, connection.created_at) if event is not None else connection.created_at
    where = f" at {event.name}" if event is not None else ""
    if last is None:
        thank_by = (met + timedelta(days=first)).date()
        if today <= met.date() + timedelta(days=every):
            return "thank_you", thank_by, (f"You met{where} on {met.date().isoformat()} and have not logged a "
                                           f"thank-you yet (best within {first} days).")
        return "check_in", _rolled(met.date(), every, today), (
            f"No contact logged since you met{where} on {met.date().isoformat()}.")
    return "check_in", _rolled(last.date(), every, today), (
        f"No contact logged since {last.date().isoformat()} (check in every {every} days).")


def profiles_of(pairs: list[tuple[int | None, int]]) -> dict[tuple[int | None, int], Attendee]:
    """(event id, account id) -> that account's profile there, else their newest profile anywhere."""
    found: dict[tuple[int | None, int], Attendee] = {}
    by_event: dict[int, set[int]] = {}
    for event_id, account_id in pairs:
        if event_id is not None:
            by_event.setdefault(event_id, set()).add(account_id)
    for event_id, accounts in by_event.items():
        for account_id, attendee in attendees_service.by_accounts(event_id=event_id, account_ids=accounts).items():
            found[(event_id, account_id)] = attendee
    for event_id, account_id in pairs:
        if (event_id, account_id) not in found:
            events = attendees_service.attended_event_ids(account_id=account_id)
            if events:
                newest_event = max(events, key=lambda pair: pair[1])[0]
                found[(event_id, account_id)] = attendees_service.of_account(event_id=newest_event,
                                                                             account_id=account_id)
    return found


def _score(event, me: Attendee | None, other: Attendee | None) -> float:
    """The pair's matching score in the event where they met; 0 when either is not matchable there."""
    if event is None or me is None or other is None or other.event_id != event.id:
        return 0.0
    cache = matches_service.event_index(event)
    with cache.lock:
        if me.id not in cache.index or other.id not in cache.index:
            return 0.0
        return round(float(cache.index.score(me.id, other.id).score), 4)


def due_items(*, account_id: int, event_id: int | None = None, include_upcoming: bool = True) -> list[DueItem]:
    """The account's due items, strongest match first, then most recent meeting, then connection id."""
    cfg, today = current_app.config, clock.today()
    horizon = today + timedelta(days=cfg["RAPPORT_FOLLOWUP_UPCOMING_DAYS"] if include_upcoming else 0)
    connections = connections_service.connections_of(account_id=account_id)
    if event_id is not None:
        connections = [c for c in connections if c.event_id == event_id]
    last = dict(db.session.execute(db.select(FollowUp.connection_id, func.max(FollowUp.happened_at))
                                   .where(FollowUp.author_account_id == account_id)
                                   .group_by(FollowUp.connection_id)).all())
    for other, wrote in messages_counts.last_sent_at(account_id=account_id).items():
        for connection in connections:
            if connection.other(account_id) == other and (connection.id not in last or last[connection.id] < wrote):
                last[connection.id] = wrote
    changes = {c.account_id: c for c in db.session.execute(db.select(CareerChange).where(
        CareerChange.account_id.in_({c.other(account_id) for c in connections})).order_by(CareerChange.id)).scalars()}
    steps = {s.connection_id: s for s in db.session.execute(
        db.select(NextStep).where(NextStep.author_account_id == account_id)).scalars()}
    events = {eid: events_service.get_event(event_id=eid) for eid in {c.event_id for c in connections} - {None}}
    profiles = profiles_of([(c.event_id, c.other(account_id)) for c in connections]
                           + [(c.event_id, account_id) for c in connections])
    items = []
    for connection in connections:
        event = events.get(connection.event_id)
        kind, due_on, reason = _plan(connection, event, last.get(connection.id), steps.get(connection.id),
                                     today, cfg, changes.get(connection.other(account_id)))
        other = profiles.get((connection.event_id, connection.other(account_id)))
        if due_on > horizon or other is None:
            continue  # not due yet, or they left every event and cannot be shown
        step = steps.get(connection.id) if kind == "next_step" else None
        items.append(DueItem(
            connection=connection, kind=kind, due_on=due_on, status="overdue" if due_on < today else "upcoming",
            days_until=(due_on - today).days, reason=reason, last_contact_at=last.get(connection.id),
            next_step_note=step.note if step else None,
            score=_score(event, profiles.get((connection.event_id, account_id)), other),
            event=event, attendee=other, contact=attendees_service.contact_fields(other)))
    items.sort(key=lambda i: (-i.score, -i.met_at.timestamp(), i.connection.id))
    return items
