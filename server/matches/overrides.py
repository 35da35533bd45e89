"""Organizers' corrections of an event's interest vocabulary: merge two tags, or split a spelling out.

Overrides become the alias table of the event's `InterestVocabulary` (see `index_cache`), so
suggestions, reasons and the console's report all go through matching's one canonicalization.
A split aliases the spelling to a label of its own (`SPLIT_SUFFIX`), which matching keeps apart
from every other tag because an alias hit is exact and comes before the curated and fuzzy steps.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from matching import InterestVocabulary, MatchingError, normalize_interest
from server import matching_inputs
from server.access import Caller
from server.errors import NotFound, ValidationFailed
from server.events import service as events_service
from server.extensions import db
from server.matches.models import InterestOverride

KINDS = ("merge", "split")
SPLIT_SUFFIX = " (kept apart)"
MAX_SPELLING = 120


def aliases(*, event_id: int) -> dict[str, str]:
    """The event's overrides as matching's alias table: {spelling: canonical text}."""
    rows = db.session.execute(db.select(InterestOverride).where(InterestOverride.event_id == event_id)).scalars()
    return {row.spelling: row.target if row.kind == "merge" else row.spelling + SPLIT_SUFFIX for row in rows}


def list_overrides(*, caller: Caller) -> list[InterestOverride]:
    """The event's overrides, oldest first (organizers only)."""
    event_id = caller.event_id
    return list(db.session.execute(db.select(InterestOverride).where(InterestOverride.event_id == event_id)
                                   .order_by(InterestOverride.id)).scalars())


def _clean(field: str, text: str) -> str:
    text = " ".join((text or "").split())
    if not text or not normalize_interest(text):
        raise ValidationFailed(field, "Give an interest with a letter or a digit.")
    if len(text) > MAX_SPELLING:
        raise ValidationFailed(field, f"At most {MAX_SPELLING} characters.")
    return text


def set_override(*, caller: Caller, kind: str, spelling: str, target: str = "") -> InterestOverride:
    """Merge `spelling` into `target`'s tag, or split it out; replaces an earlier override of it."""
    event_id = caller.event_id
    if kind not in KINDS:
        raise ValidationFailed("kind", "Choose merge or split.")
    spelling = _clean("spelling", spelling)
    target = _clean("target", target) if kind == "merge" else ""
    if kind == "merge" and normalize_interest(target) == normalize_interest(spelling):
        raise ValidationFailed("target", "Name another interest to merge into.")
    try:
        InterestVocabulary(aliases={**aliases(event_id=event_id), spelling: target or spelling + SPLIT_SUFFIX})
    except MatchingError as exc:
        raise ValidationFailed("spelling", str(exc)) from None
    row = db.session.execute(db.select(InterestOverride).where(
        InterestOverride.event_id == event_id, InterestOverride.spelling == spelling)).scalar_one_or_none()
    if row is None:
        row = InterestOverride(event_id=event_id, spelling=spelling, created_by=caller.account_id)
        db.session.add(row)
    row.kind, row.target = kind, target
    events_service.bump_revision(event_id=event_id)  # every worker rebuilds its index with the new table
    db.session.commit()
    return row


def remove_override(*, caller: Caller, override_id: int) -> None:
    """Forget one override; the vocabulary decides that spelling again."""
    event_id = caller.event_id
    row = db.session.get(InterestOverride, override_id)
    if row is None or row.event_id != event_id:
        raise NotFound("No such override in this event.", errors={"override_id": ["Unknown override."]})
    db.session.delete(row)
    events_service.bump_revision(event_id=event_id)
    db.session.commit()


def vocabulary_report(*, caller: Caller, limit: int = 200) -> dict[str, Any]:
    """The event's interests as matching groups them (with the overrides): tags by how many people
    hold them, each with its spellings and why they were merged, and acronyms left ambiguous."""
    event_id = caller.event_id
    held = [[t for t in row["interests"] or () if normalize_interest(t)]
            for row in matching_inputs.matching_rows(event_id=event_id)]
    vocabulary = InterestVocabulary(aliases=aliases(event_id=event_id))
    tags = iter(vocabulary.canonicalize_many([t for texts in held for t in texts]))
    counts: Counter[int] = Counter()
    for texts in held:
        counts.update({next(tags) for _ in texts})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], vocabulary.label(item[0])))[:limit]
    groups = [{**vocabulary.explain(tag), "people": people} for tag, people in ranked]
    return {"tags": groups, "ambiguous_acronyms": vocabulary.ambiguous_acronyms()}
