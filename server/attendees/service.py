"""Attendee profiles: joining, invitations, the directory and who may see which fields."""
from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, or_

from matching import normalize_interest
from server import access, mail, sqlbulk
from server.access import Caller
from server.accounts import service as accounts_service
from server.accounts.models import Account
from server.attendees import bulk
from server.attendees.bulk import BulkOutcome, BulkRow
from server.attendees.models import Attendee, new_qr_handle
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.events import service as events_service
from server.extensions import db
from server.pagination import paginate
from server.types import utcnow
from server.webhooks import payloads as webhooks

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


def dedupe_interests(values: list[str]) -> list[str]:
    """Keep the first spelling of each interest: "ML" after "Machine learning" is the same one.

    The one rule for profiles and imports: equal `matching.normalize_interest` keys (case, plurals,
    acronyms, typos of known phrases), else equal case-folded text.
    """
    seen: set[str] = set()
    kept = []
    for value in values:
        key = normalize_interest(value) or value.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def _clean_profile(event_id: int, data: dict[str, Any]) -> dict[str, Any]:
    known = events_service.intent_keys(event_id=event_id) if "goals" in data else set()
    return clean_profile(data, goal_keys=known, event_id=event_id)


def clean_profile(data: dict[str, Any], *, goal_keys: set[str], event_id: int) -> dict[str, Any]:
    """Checks that need the event (its goal keys) and tidy-ups that keep lists meaningful."""
    data = dict(data)
    if "goals" in data:
        known = goal_keys
        for index, key in enumerate(data["goals"]):
            if key not in known:
                raise ValidationFailed(
                    f"goals.{index}", f"Unknown intent {key!r}; see GET /events/{event_id}/intents."
                )
        data["goals"] = list(dict.fromkeys(data["goals"]))
    if "interests" in data:
        data["interests"] = dedupe_interests(data["interests"])
    if "links" in data:
        data["links"] = list(dict.fromkeys(data["links"]))
    if "shared_fields" in data:
        data["shared_fields"] = list(dict.fromkeys(data["shared_fields"]))
    if "email" in data:
        data["email"] = accounts_service.normalize_email(data["email"])
    return data


def _apply(attendee: Attendee, data: dict[str, Any], *, webhook: str = "attendee.updated") -> Attendee:
    with db.session.no_autoflush:  # a new attendee is incomplete (no display_name) until the loop below
        cleaned = _clean_profile(attendee.event_id, data)
    for key, value in cleaned.items():
        setattr(attendee, key, value)
    touch(attendee)
    db.session.flush()
    webhooks.attendee(attendee, type_=webhook)
    db.session.commit()
    return attendee


def touch(attendee: Attendee) -> None:
    """Stamp a changed profile with a new event revision so every worker's index picks it up."""
    attendee.matching_revision = events_service.bump_revision(event_id=attendee.event_id)


def join(*, account: Account, join_code: str) -> tuple[Attendee, bool]:
    """Join with an event's code; joining again returns the existing profile."""
    event = events_service.find_by_join_code(join_code=join_code)
    existing = _find(event.id, account.id)
    if existing is not None:
        if existing.status == "invited":
            existing.status, existing.joined_at = "joined", utcnow()
            webhooks.attendee(existing, type_="attendee.updated")
            db.session.commit()
        return existing, False
    attendee = Attendee(
        event_id=event.id, account_id=account.id, status="joined", joined_at=utcnow(),
        display_name=account.name or account.email.split("@")[0], email=account.email,
    )
    db.session.add(attendee)
    touch(attendee)
    db.session.flush()
    webhooks.attendee(attendee, type_="attendee.created")
    db.session.commit()
    return attendee, True


def _find(event_id: int, account_id: int) -> Attendee | None:
    stmt = db.select(Attendee).where(Attendee.event_id == event_id, Attendee.account_id == account_id)
    return db.session.execute(stmt).scalar_one_or_none()


def add_attendee(*, caller: Caller, data: dict[str, Any]) -> Attendee:
    """An organizer adds a person by email; their account is created if new."""
    event, event_id = caller.event, caller.event_id
    data = dict(data)
    send_invite = data.pop("send_invite", True)
    person = accounts_service.get_or_create_account(email=data["email"], name=data.get("display_name", ""))
    if _find(event_id, person.id) is not None:
        raise Conflict("This person is already an attendee.", errors={"email": ["Already an attendee."]})
    data.setdefault("display_name", person.name or person.email.split("@")[0])
    attendee = Attendee(event_id=event_id, account_id=person.id, status="invited")
    db.session.add(attendee)
    _apply(attendee, data, webhook="attendee.created")
    if send_invite:
        send_invitation(event=event, display_name=attendee.display_name, email=person.email)
    return attendee


def send_invitation(*, event, display_name: str, email: str) -> None:
    """Mail one invitation to an event (organizer adds, imports)."""
    mail.send(
        to=email,
        subject=f"You're invited to {event.name}",
        body=(
            f"Hello {display_name},\n\n{event.name} uses Rapport to help you meet the right "
            f"people.\nOpen the Rapport app ({current_app.config['RAPPORT_PUBLIC_URL']}) and sign in "
            f"with {email}: we will email you a 6-digit code.\n"
            f"Or join with the event code {event.join_code}.\n"
        ),
    )


def bulk_upsert(*, event_id: int, rows: list[BulkRow], dry_run: bool = False) -> dict[int, BulkOutcome]:
    """Create or update many attendees (imports), in the caller's transaction; see `bulk.upsert`."""
    return bulk.upsert(event_id=event_id, rows=rows, dry_run=dry_run)


def refresh_statistics() -> None:
    """After a bulk write: keep the database's planner statistics in step with fast-growing tables."""
    sqlbulk.refresh_statistics("attendees", "accounts")


def export_rows(*, event_id: int, batch: int = 1000):
    """Every attendee of the event with their sign-in address, in id order, read in batches."""
    return bulk.export_rows(event_id=event_id, batch=batch)


def directory(
    *, caller: Caller, q: str | None = None, limit: int | None = None, cursor: str | None = None
) -> tuple[list[Attendee], str | None, str]:
    """One page of the event's attendees. Attendees see the discoverable ones; organizers see all."""
    stmt = db.select(Attendee).where(Attendee.event_id == caller.event_id)
    if not caller.is_organizer:
        stmt = stmt.where(Attendee.discoverable.is_(True))
        hidden = access.blocked_account_ids(account_id=caller.account_id)
        if hidden:
            stmt = stmt.where(Attendee.account_id.not_in(hidden))
    if q and q.strip():
        pattern = "%" + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(func.lower(Attendee.display_name).like(pattern, escape="\\"),
                              func.lower(Attendee.company).like(pattern, escape="\\")))
    rows, next_cursor = paginate(stmt, Attendee.id, limit=limit, cursor=cursor, session=db.session)
    return rows, next_cursor, ORGANIZER if caller.is_organizer else PUBLIC


def get_attendee(*, caller: Caller, attendee_id: int) -> tuple[Attendee, str]:
    """One profile and how the caller may see it; hidden profiles are 404 to other attendees."""
    if not caller.is_organizer:
        attendee = access.reachable_attendee(me=caller.attendee, attendee_id=attendee_id)
        return attendee, SELF if attendee.account_id == caller.account_id else PUBLIC
    return in_event(event_id=caller.event_id, attendee_id=attendee_id), ORGANIZER


def get_me(*, caller: Caller) -> Attendee:
    """The caller's own profile; 404 for an organizer who has none."""
    if caller.attendee is None:
        raise NotFound("You have no attendee profile in this event.")
    return caller.attendee


def update_me(*, caller: Caller, data: dict[str, Any]) -> Attendee:
    """Change the caller's own profile."""
    return _apply(get_me(caller=caller), data)


def update_attendee(*, caller: Caller, attendee_id: int, data: dict[str, Any]) -> Attendee:
    """Organizers edit any profile; a person edits their own."""
    attendee, view = get_attendee(caller=caller, attendee_id=attendee_id)
    if view == PUBLIC:
        raise Forbidden("Only organizers and the person can change a profile.")
    return _apply(attendee, data)


def delete_attendee(*, caller: Caller, attendee_id: int) -> None:
    """Organizers remove anyone; a person may leave the event."""
    attendee, view = get_attendee(caller=caller, attendee_id=attendee_id)
    if view == PUBLIC:
        raise Forbidden("Only organizers and the person can remove a profile.")
    db.session.delete(attendee)
    events_service.bump_revision(event_id=caller.event_id)
    db.session.commit()


def in_event(*, event_id: int, attendee_id: int, field: str = "attendee_id") -> Attendee:
    """An attendee of this event, or 404 naming `field` (also for ids of other events)."""
    return access.get_in_event(Attendee, attendee_id, event_id=event_id, detail="No such attendee in this event.",
                               field=field, unknown="Unknown attendee.")


def of_account(*, event_id: int, account_id: int) -> Attendee | None:
    """The account's profile in the event, if any (no access check: for the system's own lookups)."""
    return _find(event_id, account_id)


def by_accounts(*, event_id: int, account_ids: set[int]) -> dict[int, Attendee]:
    """account id -> attendee profile in this event, for those who have one."""
    if not account_ids:
        return {}
    rows = db.session.execute(
        db.select(Attendee).where(Attendee.event_id == event_id, Attendee.account_id.in_(account_ids))
    ).scalars()
    return {a.account_id: a for a in rows}


def contact_fields(attendee: Attendee) -> dict[str, Any]:
    """The contact fields this person shares with their connections, and no others."""
    return {field: getattr(attendee, field) for field in attendee.shared_fields if getattr(attendee, field)}


def rotate_qr_handle(*, attendee: Attendee) -> str:
    """Replace the random handle QR tokens carry, making every earlier token useless."""
    attendee.qr_handle = new_qr_handle()
    db.session.commit()
    return attendee.qr_handle


def by_qr_handle(*, event_id: int, handle: str) -> Attendee | None:
    """The attendee of the event a QR handle names, or None."""
    return db.session.execute(
        db.select(Attendee).where(Attendee.event_id == event_id, Attendee.qr_handle == handle)
    ).scalar_one_or_none()


def attendee_ids(*, event_id: int) -> list[int]:
    """Every attendee id of the event."""
    return list(db.session.execute(db.select(Attendee.id).where(Attendee.event_id == event_id)).scalars())

