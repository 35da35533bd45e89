"""Departments, teams and offices in matching: the event's networking scope and who sees what.

Small functions the suggestion index and the seating planner call, so the rules live in one place:
rows become `matching.Profile`s with their units, the event's scope picks the weights, seating keeps
teams (and, on request, departments) apart, and reasons naming a unit the event keeps off profile
cards are reworded without it.
"""
from __future__ import annotations

from typing import Any

from matching import Profile, Weights, same_unit_pairs, scope_weights
from server.attendees.schemas import ORG_FIELDS

# Reason kinds that name a unit, and the field that must be public for the name to be shown.
_NAMES = {"cross_department": "department", "same_department": "department", "cross_office": "office",
          "same_team": "team"}
_UNNAMED = {
    "cross_department": "You work in different departments: a cross-functional contact.",
    "same_department": "You work in the same department.",
    "cross_office": "You work in different offices.",
    "same_team": "You work in the same team.",
}
_NAME_KEYS = ("your_department", "their_department", "department", "your_office", "their_office", "team")


def weights_for(event) -> Weights:
    """The matching weights of the event's networking scope (`open`: matching's defaults)."""
    return scope_weights(event.networking_scope or "open", Weights())


def index_settings(event) -> tuple:
    """What of the event, besides its revision, a cached suggestion index depends on."""
    return (event.networking_scope or "open", tuple(event.public_org_fields or ()))


def org_card(attendee) -> dict[str, str]:
    """The unit fields other attendees may see of `attendee` (set and listed by the event)."""
    shown = (attendee.event.public_org_fields or ()) if attendee.event is not None else ()
    return {name: getattr(attendee, name) for name in ORG_FIELDS if name in shown and getattr(attendee, name)}


def keep_apart(event, people: list[Profile], *, mix_departments: bool = False) -> set[tuple]:
    """Attendee pairs seating must never put at one table: one team in `cross_department` events,
    one department when the session mixes departments."""
    pairs: set[tuple] = set()
    if (event.networking_scope or "open") == "cross_department":
        pairs |= same_unit_pairs(people, unit="team")
    if mix_departments:
        pairs |= same_unit_pairs(people, unit="department")
    return pairs


def redact(reason: dict[str, Any], event) -> dict[str, Any]:
    """`reason` (a dict) without unit names the event keeps off profile cards."""
    field = _NAMES.get(reason.get("kind"))
    if field is None or field in (event.public_org_fields or ()):
        return reason
    for key in _NAME_KEYS:
        reason.pop(key, None)
    reason["text"] = _UNNAMED[reason["kind"]]
    return reason


def icebreaker(match, event) -> str:
    """The match's icebreaker, unless it names a unit the event keeps off profile cards."""
    first = next((r for r in match.reasons if r.weight > 0), None)
    field = _NAMES.get(getattr(first, "kind", None))
    if field is None or field in (event.public_org_fields or ()):
        return match.icebreaker
    return "You work in different parts of the organization: ask what their team is working on."
