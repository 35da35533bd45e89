"""The one translation between the database and `matching`: attendee rows and the event's goal
catalogue in, as `matching` wants them; `matching`'s reasons out, as the API shows them.

Suggestions (`matches/`) and speed-networking sessions (`sessions/`) both go through here, so a
profile field that should count in matching (a column read, a `Profile` attribute) is added once,
here, and both features see it.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable

from matching import INTENTS, Intent, IntentCatalogue, Profile, make_catalogue
from matching.score import org_key
from server.attendees.models import Attendee
from server.attendees.schemas import PUBLIC_FIELDS
from server.departments import service as departments_service
from server.events import service as events_service
from server.events.models import Event
from server.extensions import db

# Attendee columns matching reads; `matching_rows` copies them into plain rows.
_COLUMNS = ("account_id", "company", "industry", "goals", "interests", "discoverable", "open_to_matching",
            "department", "team", "office")
IntentRow = tuple[str, str, tuple[str, ...]]  # (key, label, complements)
# Fields of `matching`'s reasons the API leaves out: the pair's ids and tag codes (the viewer knows who they are).
_LEFT_OUT = frozenset(("offered_by", "offered_to", "tag"))


def _row(attendee: Attendee) -> dict[str, Any]:
    row = {name: getattr(attendee, name) for name in _COLUMNS}
    row["id"] = attendee.id
    row["public"] = {name: getattr(attendee, name) for name in PUBLIC_FIELDS}
    row["public"].update(departments_service.org_card(attendee))
    return row


def matching_rows(*, event_id: int, since_revision: int | None = None) -> list[dict[str, Any]]:
    """Plain rows for the matcher: every attendee, or those changed after `since_revision`."""
    stmt = db.select(Attendee).where(Attendee.event_id == event_id).order_by(Attendee.id)
    if since_revision is not None:
        stmt = stmt.where(Attendee.matching_revision > since_revision)
    return [_row(a) for a in db.session.execute(stmt).scalars()]


def matchable(row: dict[str, Any]) -> bool:
    """Whether the person takes part in suggestions (visible and open to matching)."""
    return bool(row["discoverable"] and row["open_to_matching"])


def profile_of(row: dict[str, Any]) -> Profile:
    """The matching profile of one row."""
    return Profile(row["id"], row["interests"] or (), row["goals"] or (), row["company"] or None,
                   row["industry"] or None, row["department"] or None, row["team"] or None,
                   row["office"] or None)


def organization_of(row: dict[str, Any]) -> str:
    """The comparable organization key of one row ("" without a company)."""
    return org_key(row["company"] or "")


def profiles(*, event_id: int, attendee_ids: set[int]) -> tuple[list[Profile], dict[int, dict[str, Any]]]:
    """Matching profiles and public profiles (with `account_id`, for partners' cards) of those attendees."""
    rows = [r for r in matching_rows(event_id=event_id) if r["id"] in attendee_ids]
    return [profile_of(r) for r in rows], {r["id"]: {**r["public"], "account_id": r["account_id"]} for r in rows}


def intent_rows(*, event: Event) -> list[IntentRow]:
    """The event's goal catalogue as plain (key, label, complements) tuples (hashable: a cache key)."""
    return [(i.key, i.label, tuple(i.complements)) for i in events_service.intent_catalogue(event=event)]


def catalogue(intents: Iterable[IntentRow]) -> IntentCatalogue:
    """`matching`'s catalogue of those goals; default goals keep matching's phrasing ("they bring
    funding"), custom or relabelled ones use their label."""
    return make_catalogue([
        replace(INTENTS[key], complements=complements)
        if key in INTENTS and INTENTS[key].label == label else Intent(key, label, complements)
        for key, label, complements in intents
    ])


def reason(found: Any, *, event: Event, own_words: bool = False, partner_name: str | None = None) -> dict[str, Any]:
    """A `matching` reason as JSON: `_LEFT_OUT` left out, tuples as lists, unit names the event keeps
    off profile cards left out. `own_words`: an interest spelled two ways shows both sides' words."""
    data = departments_service.redact(found.to_dict(), event)
    for key in _LEFT_OUT.intersection(data):
        del data[key]
    yours, theirs = data.get("yours"), data.get("theirs")
    if own_words and data["kind"] == "shared_interest" and yours and theirs and not set(yours) & set(theirs):
        data["text"] = (f"You both care about {data['label']} "
                        f"(you: {' / '.join(yours)} · {partner_name or 'they'}: {' / '.join(theirs)}).")
    for key, value in data.items():
        if type(value) is tuple:
            data[key] = list(value)
    return data


def reasons(match: Any, *, event: Any, partner_name: str) -> list[dict[str, Any]]:
    """A suggestion's reasons as JSON, in the viewer's own words (`reason` with `own_words`)."""
    return [reason(r, event=event, own_words=True, partner_name=partner_name) for r in match.reasons]
