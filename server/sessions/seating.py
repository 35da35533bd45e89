"""Speed-networking plans: attendee rows in, `matching.plan_rounds` groups out, groups at tables.

Rows become `matching` inputs (and reasons become JSON) in `server.matching_inputs`, as for
suggestions. Pure functions over plain data plus the catalogue's read; the sessions service does access
and storage.
"""
from __future__ import annotations

from typing import Any

from matching import InterestVocabulary, MatchIndex, MatchingError, Profile, plan_rounds
from server import matching_inputs
from server.departments import service as departments_service
from server.errors import Conflict
from server.events.models import Event


def plan(event: Event, people: list[Profile], rounds: int, *, met: set[tuple[int, int]],
         blocked: set[tuple[int, int]], group_size: int,
         mix_departments: bool = False) -> tuple[list[list[tuple[int, ...]]], MatchIndex]:
    """`rounds` rounds of groups, and the index that explains each pair's score."""
    intents = matching_inputs.catalogue(matching_inputs.intent_rows(event=event))
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


def partners(index: MatchIndex, group: tuple[int, ...], me: int, event: Event) -> list[dict[str, Any]]:
    """Each partner of `me` at the table, with the pair's score and reasons from `me`'s side."""
    found = []
    for other in group:
        if other != me:
            match = index.score(me, other)
            found.append({"attendee_id": other, "score": round(match.score, 4),
                          "icebreaker": departments_service.icebreaker(match, event),
                          "reasons": [matching_inputs.reason(r, event=event) for r in match.reasons]})
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

