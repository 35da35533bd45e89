"""Attendee profiles: joining, invitations, the directory and who may see which fields."""
from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, or_

from server import mail
from server.accounts import service as accounts_service
from server.accounts.models import Account
from server.attendees.models import Attendee
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.events import service as events_service
from server.extensions import db
from server.pagination import paginate
from server.types import utcnow

# How a caller sees a profile: decides which fields are dumped.
ORGANIZER, SELF, PUBLIC = "organizer", "self", "public"


def attended_event_ids(*, account_id: int) -> list[tuple[int, int]]:
    """(event_id, attendee_id) for every event the account has a profile in."""
    return [
        tuple(row)
        for row in db.session.execute(
            db.select(Attendee.event_id, Attendee.id).where(Attendee.account_id == account_id)
        ).all()
    ]


def attendee_id_of(*, account_id: int, event_id: int) -> int | None:
    return db.session.execute(
        db.select(Attendee.id).where(Attendee.account_id == account_id, Attendee.event_id == event_id)
    ).scalar_one_or_none()


def goal_keys_in_use(*, event_id: int) -> set[str]:
    keys: set[str] = set()
    for goals in db.session.execute(db.select(Attendee.goals).where(Attendee.event_id == event_id)).scalars():
        keys.update(goals or ())
    return keys


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def _clean_profile(event_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Checks that need the event (goal keys) and tidy-ups that keep lists meaningful."""
    data = dict(data)
    if "goals" in data:
        known = events_service.intent_keys(event_id=event_id)
        for index, key in enumerate(data["goals"]):
            if key not in known:
                raise ValidationFailed(
                    f"goals.{index}", f"Unknown intent {key!r}; see GET /events/{event_id}/intents."
                )
        data["goals"] = list(dict.fromkeys(data["goals"]))
    if "interests" in data:
        data["interests"] = _dedupe(data["interests"])
    if "links" in data:
        data["links"] = list(dict.fromkeys(data["links"]))
    if "shared_fields" in data:
        data["shared_fields"] = list(dict.fromkeys(data["shared_fields"]))
    if "email" in data:
        data["email"] = accounts_service.normalize_email(data["email"])
    return data


def _apply(attendee: Attendee, data: dict[str, Any]) -> Attendee:
    for key, value in _clean_profile(attendee.event_id, data).items():
        setattr(attendee, key, value)
    events_service.bump_revision(event_id=attendee.event_id)
    db.session.commit()
    return attendee


def join(*, account: Account, join_code: str) -> tuple[Attendee, bool]:
    """Join with an event's code; joining again returns the existing profile."""
    event = events_service.find_by_join_code(join_code=join_code)
    existing = _find(event.id, account.id)
    if existing is not None:
        if existing.status == "invited":
            existing.status, existing.joined_at = "joined", utcnow()
            db.session.commit()
        return existing, False
    attendee = Attendee(
        event_id=event.id, account_id=account.id, status="joined", joined_at=utcnow(),
        display_name=account.name or account.email.split("@")[0], email=account.email,
    )
    db.session.add(attendee)
    events_service.bump_revision(event_id=event.id)
    db.session.commit()
    return attendee, True


def _find(event_id: int, account_id: int) -> Attendee | None:
    return db.session.execute(
        db.select(Attendee).where(Attendee.event_id == event_id, Attendee.account_id == account_id)
    ).scalar_one_or_none()


def add_attendee(*, account: Account, event_id: int, data: dict[str, Any]) -> Attendee:
    """An organizer adds a person by email; their account is created if new."""
    event = events_service.organizer_membership(account=account, event_id=event_id).event
    data = dict(data)
    send_invite = data.pop("send_invite", True)
    person = accounts_service.get_or_create_account(email=data["email"], name=data.get("display_name", ""))
    if _find(event_id, person.id) is not None:
        raise Conflict("This person is already an attendee.", errors={"email": ["Already an attendee."]})
    data.setdefault("display_name", person.name or person.email.split("@")[0])
    attendee = Attendee(event_id=event_id, account_id=person.id, status="invited")
    db.session.add(attendee)
    _apply(attendee, data)
    if send_invite:
        mail.send(
            to=person.email,
            subject=f"You're invited to {event.name}",
            body=(
                f"Hello {attendee.display_name},\n\n{event.name} uses Rapport to help you meet the right "
                f"people.\nOpen the Rapport app ({current_app.config['RAPPORT_PUBLIC_URL']}) and sign in "
                f"with {person.email}: we will email you a 6-digit code.\n"
                f"Or join with the event code {event.join_code}.\n"
            ),
        )
    return attendee


def directory(
    *, account: Account, event_id: int, q: str | None = None, limit: int | None = None, cursor: str | None = None
) -> tuple[list[Attendee], str | None, str]:
    """One page of the event's attendees. Attendees see the discoverable ones; organizers see all."""
    membership = events_service.membership(account=account, event_id=event_id)
    stmt = db.select(Attendee).where(Attendee.event_id == event_id)
    if not membership.is_organizer:
        stmt = stmt.where(Attendee.discoverable.is_(True))
    if q and q.strip():
        pattern = "%" + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(func.lower(Attendee.display_name).like(pattern, escape="\\"),
                              func.lower(Attendee.company).like(pattern, escape="\\")))
    rows, next_cursor = paginate(stmt, Attendee.id, limit=limit, cursor=cursor, session=db.session)
    return rows, next_cursor, ORGANIZER if membership.is_organizer else PUBLIC


def get_attendee(*, account: Account, event_id: int, attendee_id: int) -> tuple[Attendee, str]:
    """One profile and how the caller may see it; hidden profiles are 404 to other attendees."""
    membership = events_service.membership(account=account, event_id=event_id)
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event_id:
        raise NotFound("No such attendee in this event.")
    if membership.is_organizer:
        return attendee, ORGANIZER
    if attendee.account_id == account.id:
        return attendee, SELF
    if not attendee.discoverable:
        raise NotFound("No such attendee in this event.")
    return attendee, PUBLIC


def get_me(*, account: Account, event_id: int) -> Attendee:
    events_service.membership(account=account, event_id=event_id)
    attendee = _find(event_id, account.id)
    if attendee is None:
        raise NotFound("You have no attendee profile in this event.")
    return attendee


def update_me(*, account: Account, event_id: int, data: dict[str, Any]) -> Attendee:
    return _apply(get_me(account=account, event_id=event_id), data)


def update_attendee(*, account: Account, event_id: int, attendee_id: int, data: dict[str, Any]) -> Attendee:
    """Organizers edit any profile; a person edits their own."""
    attendee, view = get_attendee(account=account, event_id=event_id, attendee_id=attendee_id)
    if view == PUBLIC:
        raise Forbidden("Only organizers and the person can change a profile.")
    return _apply(attendee, data)


def delete_attendee(*, account: Account, event_id: int, attendee_id: int) -> None:
    """Organizers remove anyone; a person may leave the event."""
    attendee, view = get_attendee(account=account, event_id=event_id, attendee_id=attendee_id)
    if view == PUBLIC:
        raise Forbidden("Only organizers and the person can remove a profile.")
    db.session.delete(attendee)
    events_service.bump_revision(event_id=event_id)
    db.session.commit()
