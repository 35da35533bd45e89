"""Speed-networking plans: attendee rows in, `matching.plan_rounds` groups out, groups at tables.

With `server/matches/service.py` the only place that turns attendee rows into `matching` inputs.
Pure functions over plain data plus two reads; the sessions service does access and storage.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from matching import (
    INTENTS, Intent, InterestVocabulary, MatchIndex, MatchingError, Profile, make_catalogue, plan_rounds,
)
from server.attendees import service as attendees_service
from server.departments import service as departments_service
from server.errors import Conflict
from server.events import service as events_service
from server.events.models import Event


def catalogue(event: Event):
    """The event's goal catalogue as matching wants it (default goals keep matching's phrasing)."""
    return make_catalogue([
        replace(INTENTS[i.key], complements=tuple(i.complements))
        if i.key in INTENTS and INTENTS[i.key].label == i.label else Intent(i.key, i.label, tuple(i.complements))
        for i in events_service.intent_catalogue(event=event)
    ])


def profiles(*, event_id: int, attendee_ids: set[int]) -> tuple[list[Profile], dict[int, dict[str, Any]]]:
    """Matching profiles and public profiles (for partners' cards) of the given attendees."""
    rows = [r for r in attendees_service.matching_rows(event_id=event_id) if r["id"] in attendee_ids]
    found = [departments_service.profile_of(r) for r in rows]
    return found, {r["id"]: {**r["public"], "account_id": r["account_id"]} for r in rows}


def plan(event: Event, people: list[Profile], rounds: int, *, met: set[tuple[int, int]],
         blocked: set[tuple[int, int]], group_size: int,
         mix_departments: bool = False) -> tuple[list[list[tuple[int, ...]]], MatchIndex]:
    """`rounds` rounds of groups, and the index that explains each pair's score."""
    intents = catalogue(event)
    vocabulary = InterestVocabulary()  # shared, so interests are canonicalized once for both
    weights = departments_service.weights_for(event)
    blocked = blocked | departments_service.keep_apart(event, people, mix_departments=mix_departments)
    try:
        groups = plan_rounds(people, rounds, met=met, blocked=blocked, group_size=group_size,
                             intents=intents, vocabulary=vocabulary, weights=weights)
    except MatchingError as exc:  # InfeasibleError included: e.g. one participant, or all pairs met
        raise Conflict(f"No seating satisfies the constraints: {exc}.",
                       errors={"mix_departments" if mix_departments else "participants": [str(exc)]}) from None
    return groups, MatchIndex(people, intents=intents, vocabulary=vocabulary, weights=weights)


def _reason(data: dict[str, Any]) -> dict[str, Any]:
    # As in suggestions: the pair's ids and tag codes are left out, tuples become lists.
    for key in ("offered_by", "offered_to", "tag"):
        data.pop(key, None)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def partners(index: MatchIndex, group: tuple[int, ...], me: int, event: Event | None = None) -> list[dict[str, Any]]:
    """Each partner of `me` at the table, with the pair's score and reasons from `me`'s side."""
    found = []
    for other in group:
        if other != me:
            match = index.score(me, other)
            reasons = [r.to_dict() for r in match.reasons]
            if event is not None:  # unit names the event keeps off cards are left out
                reasons = [departments_service.redact(r, event) for r in reasons]
            found.append({"attendee_id": other, "score": round(match.score, 4),
                          "icebreaker": departments_service.icebreaker(match, event) if event else match.icebreaker,
                          "reasons": [_reason(r) for r in reasons]})
    return found


def tables_for(groups: list[tuple[int, ...]], tables: list[tuple[str, int | None]]) -> list[int]:
    """Table number (1-based, into `tables` of (label, capacity)) for each group; the largest groups
    take the largest tables. 409 when there are too few tables or none seats a group."""
    if len(groups) > len(tables):
        raise Conflict(f"{len(groups)} groups need {len(groups)} tables; the session has {len(tables)}.",
                       errors={"tables": [f"At least {len(groups)} needed."]})
    by_capacity = sorted(range(len(tables)), key=lambda t: (-(tables[t][1] or 99), t))
    by_size = sorted(range(len(groups)), key=lambda g: (-len(groups[g]), g))
    assigned = [0] * len(groups)
    for g, t in zip(by_size, by_capacity):
        capacity = tables[t][1]
        if capacity is not None and capacity < len(groups[g]):
            raise Conflict(f"A group of {len(groups[g])} fits no table left.",
                           errors={"tables": [f"A table for {len(groups[g])} is needed."]})
        assigned[g] = t + 1
    return assigned


def csv_safe(value: Any) -> str:
    """A cell spreadsheets show as text: a leading = + - @ tab or CR would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
