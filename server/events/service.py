"""Events: create and manage them, check who may see or run them, keep the goal catalogue."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import update

from matching.intents import INTENTS
from server import mail
from server.accounts import service as accounts_service
from server.accounts.models import Account
from server.access import Caller
from server.attendees.models import Attendee
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.events.models import Event, EventIntent, EventOrganizer
from server.extensions import db
from server.pagination import paginate
from server.privacy import retention

# No 0/O or 1/I/L: codes are read off slides and typed on phones.
_JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Membership:
    """An event in the caller's lists, with their role there (and their attendee id when attending)."""

    event: Event
    role: str  # owner | organizer | attendee
    attendee_id: int | None = None

    @property
    def is_organizer(self) -> bool:
        return self.role in ("owner", "organizer")


def _new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(_JOIN_ALPHABET) for _ in range(8))
        taken = db.session.execute(db.select(Event.id).where(Event.join_code == code)).first()
        if not taken:
            return code


def default_intents() -> list[dict[str, Any]]:
    """The starting catalogue every new event gets: matching's default intents."""
    return [
        {"key": i.key, "label": i.label, "complements": list(i.complements)} for i in INTENTS
    ]


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationFailed("ends_at", "Must be after starts_at.")


def create_event(*, account: Account, data: dict[str, Any]) -> Event:
    """Create an event owned by `account`, with the default goal catalogue."""
    if not account.can_organize:
        raise Forbidden("Only organizer accounts can create events. Sign up as an organizer.")
    _check_times(data["starts_at"], data["ends_at"])
    event = Event(**data, join_code=_new_join_code(), created_by=account.id)
    event.organizers.append(EventOrganizer(account_id=account.id, role="owner"))
    for position, intent in enumerate(default_intents()):
        event.intents.append(EventIntent(position=position, **intent))
    db.session.add(event)
    db.session.commit()
    return event


def organized_events(
    *, account: Account, limit: int | None = None, cursor: str | None = None
) -> tuple[list[Membership], str | None]:
    """One page of the events the account organizes, oldest id first."""
    stmt = (
        db.select(Event)
        .join(EventOrganizer, EventOrganizer.event_id == Event.id)
        .where(EventOrganizer.account_id == account.id)
    )
    events, next_cursor = paginate(stmt, Event.id, limit=limit, cursor=cursor, session=db.session)
    roles = dict(
        db.session.execute(
            db.select(EventOrganizer.event_id, EventOrganizer.role).where(
                EventOrganizer.account_id == account.id,
                EventOrganizer.event_id.in_([e.id for e in events]),
            )
        ).all()
    )
    return [Membership(e, roles[e.id]) for e in events], next_cursor


def memberships(*, account: Account) -> list[Membership]:
    """Every event the account organizes or attends, newest first."""
    rows = db.session.execute(
        db.select(Event, EventOrganizer.role)
        .join(EventOrganizer, EventOrganizer.event_id == Event.id)
        .where(EventOrganizer.account_id == account.id)
    ).all()
    found = {event.id: Membership(event, role) for event, role in rows}
    attended = db.session.execute(
        db.select(Event, Attendee.id).join(Attendee, Attendee.event_id == Event.id)
        .where(Attendee.account_id == account.id)).all()
    for event, attendee_id in attended:
        found.setdefault(event.id, Membership(event, "attendee", attendee_id))
    return sorted(found.values(), key=lambda m: (m.event.starts_at, m.event.id), reverse=True)


def get_event(*, event_id: int) -> Event | None:
    """The event with this id, without any access check (for the system's own jobs)."""
    return db.session.get(Event, event_id)


def find_by_join_code(*, join_code: str) -> Event:
    """The event a join code opens; 404 naming `join_code` when none does."""
    event = db.session.execute(
        db.select(Event).where(Event.join_code == join_code.strip().upper())
    ).scalar_one_or_none()
    if event is None:
        raise NotFound("No event has this join code.", errors={"join_code": ["Unknown join code."]})
    return event


def update_event(*, caller: Caller, data: dict[str, Any]) -> Event:
    """Change an event's fields (organizers); `ends_at` stays after `starts_at`."""
    event = caller.event
    _check_times(data.get("starts_at", event.starts_at), data.get("ends_at", event.ends_at))
    for key, value in data.items():
        setattr(event, key, value)
    db.session.commit()
    return event


def delete_event(*, caller: Caller) -> None:
    """Delete an event and everything in it (the owner), and the accounts only it held."""
    people = retention.attendee_accounts(event_id=caller.event_id)
    db.session.delete(caller.event)
    db.session.flush()
    retention.delete_accounts(retention.orphaned_accounts(people))  # invited, never signed in: nothing else
    db.session.commit()


def regenerate_join_code(*, caller: Caller) -> Event:
    """A new join code for the event; the old one stops working."""
    event = caller.event
    event.join_code = _new_join_code()
    db.session.commit()
    return event


def _goal_keys_in_use(event_id: int) -> set[str]:
    keys: set[str] = set()
    for goals in db.session.execute(db.select(Attendee.goals).where(Attendee.event_id == event_id)).scalars():
        keys.update(goals or ())
    return keys


def bump_revision(*, event_id: int) -> int:
    """Mark the event's matching inputs as changed; returns the new revision.

    An atomic increment: on PostgreSQL the row lock also orders concurrent changes, so a worker
    that reads revision N has seen every change stamped N or lower.
    """
    # updated_at is kept: a profile edit is not an edit of the event.
    revision = db.session.execute(
        update(Event)
        .where(Event.id == event_id)
        .values(revision=Event.revision + 1, updated_at=Event.updated_at)
        .returning(Event.revision)
    ).scalar_one_or_none()
    if revision is None:  # deleted by another request since this one found it: answer as if already gone
        raise NotFound("No such event.")
    return revision


def list_organizers(*, caller: Caller) -> list[tuple[EventOrganizer, Account]]:
    """The event's organizers with their accounts, in the order they were added."""
    event_id = caller.event_id
    return db.session.execute(
        db.select(EventOrganizer, Account)
        .join(Account, Account.id == EventOrganizer.account_id)
        .where(EventOrganizer.event_id == event_id)
        .order_by(EventOrganizer.id)
    ).all()


def organizer_accounts(*, event_id: int) -> list[Account]:
    """Everyone who runs the event (no access check: for notices the system sends them)."""
    return list(db.session.execute(
        db.select(Account).join(EventOrganizer, EventOrganizer.account_id == Account.id)
        .where(EventOrganizer.event_id == event_id).order_by(EventOrganizer.id)
    ).scalars())


def add_organizer(*, caller: Caller, email: str) -> tuple[EventOrganizer, Account]:
    """Add a co-organizer by email; they sign in with an emailed code if they have no password."""
    event, event_id, account = caller.event, caller.event_id, caller.account
    other = accounts_service.get_or_create_account(email=email, name=email.split("@")[0])
    exists = db.session.execute(
        db.select(EventOrganizer).where(
            EventOrganizer.event_id == event_id, EventOrganizer.account_id == other.id
        )
    ).scalar_one_or_none()
    if exists:
        raise Conflict("Already an organizer of this event.", errors={"email": ["Already an organizer."]})
    row = EventOrganizer(event_id=event_id, account_id=other.id, role="organizer")
    db.session.add(row)
    db.session.commit()
    mail.send(
        to=other.email,
        subject=f"You are now an organizer of {event.name}",
        body=f"{account.name or account.email} added you as an organizer of {event.name} on Rapport.\n"
        f"Sign in with this address at {current_app.config['RAPPORT_PUBLIC_URL']} (we will email you a code).\n",
    )
    return row, other


def remove_organizer(*, caller: Caller, account_id: int) -> None:
    """Remove a co-organizer; the owner stays."""
    event_id = caller.event_id
    row = db.session.execute(
        db.select(EventOrganizer).where(
            EventOrganizer.event_id == event_id, EventOrganizer.account_id == account_id
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("No such organizer.")
    if row.role == "owner":
        raise Conflict("The owner cannot be removed.")
    db.session.delete(row)
    db.session.commit()


def intent_catalogue(*, event: Event) -> list[EventIntent]:
    """The event's goal catalogue, in its order."""
    return list(event.intents)


def intent_keys(*, event_id: int) -> set[str]:
    """The goal keys the event's catalogue offers."""
    return set(
        db.session.execute(db.select(EventIntent.key).where(EventIntent.event_id == event_id)).scalars()
    )


def replace_intents(*, caller: Caller, intents: list[dict[str, Any]]) -> list[EventIntent]:
    """Replace the goal catalogue. Complements are made symmetric; keys in use cannot go."""
    event, event_id = caller.event, caller.event_id
    keys = [i["key"] for i in intents]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValidationFailed("intents", f"Duplicate keys: {', '.join(duplicates)}.")
    known = set(keys)
    complements: dict[str, set[str]] = {k: set() for k in keys}
    for index, intent in enumerate(intents):
        unknown = sorted(set(intent.get("complements", [])) - known)
        if unknown:
            raise ValidationFailed(
                f"intents.{index}.complements", f"Unknown intent keys: {', '.join(unknown)}."
            )
        for other in intent.get("complements", []):
            complements[intent["key"]].add(other)
            complements[other].add(intent["key"])
    in_use = _goal_keys_in_use(event_id) - known
    if in_use:
        raise Conflict(
            f"Attendees have these goals, so they cannot be removed: {', '.join(sorted(in_use))}.",
            errors={"intents": [f"In use: {', '.join(sorted(in_use))}"]},
        )
    event.intents.clear()
    db.session.flush()
    for position, intent in enumerate(intents):
        event.intents.append(
            EventIntent(key=intent["key"], label=intent["label"], position=position,
                        complements=sorted(complements[intent["key"]]))
        )
    bump_revision(event_id=event_id)
    db.session.commit()
    return list(event.intents)
