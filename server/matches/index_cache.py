"""Per-process suggestion indexes, kept in step with the database by the event revision.

Every worker holds its own `MatchIndex` per event. A request reads the event's revision (one
column of a row it loads anyway); when it moved, the worker patches its index with the attendees
whose `matching_revision` is newer than the one it holds, and drops those who left. Nothing here
must be shared between workers: the database is the truth, this is a cache of it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

from matching import INTENTS, Intent, MatchIndex, Profile, make_catalogue
from matching.score import org_key
from server.observability import metrics

# Beyond this many changed rows a rebuild is cheaper than patching one by one.
PATCH_LIMIT = 2000


@dataclass
class EventIndex:
    revision: int
    catalogue_key: tuple
    index: MatchIndex
    public: dict[int, dict[str, Any]] = field(default_factory=dict)  # attendee id -> public profile
    account_of: dict[int, int] = field(default_factory=dict)  # attendee id -> account id
    attendee_of: dict[int, int] = field(default_factory=dict)  # account id -> attendee id
    org_of: dict[int, str] = field(default_factory=dict)  # attendee id -> organization key
    lock: threading.Lock = field(default_factory=threading.Lock)

    def colleagues(self, attendee_id: int) -> set[int]:
        org = self.org_of.get(attendee_id)
        return {a for a, o in self.org_of.items() if o and o == org} if org else set()


# Keyed by (event id, creation time): SQLite may hand a deleted event's id to a new one.
_indexes: dict[tuple, EventIndex] = {}
_registry_lock = threading.Lock()


def matchable(row: dict[str, Any]) -> bool:
    """The row's person takes part in suggestions."""
    return bool(row["discoverable"] and row["open_to_matching"])


def profile_of(row: dict[str, Any]) -> Profile:
    """A matching Profile from a row of `attendees_service.matching_rows`."""
    return Profile(row["id"], row["interests"] or (), row["goals"] or (), row["company"] or None,
                   row["industry"] or None)


def _catalogue(intents: list[tuple[str, str, tuple[str, ...]]]):
    # Default goals keep matching's phrasing ("they bring funding"); custom ones use their label.
    return make_catalogue([
        replace(INTENTS[key], complements=complements)
        if key in INTENTS and INTENTS[key].label == label else Intent(key, label, complements)
        for key, label, complements in intents
    ])


def _build(revision: int, catalogue_key: tuple, rows: list[dict[str, Any]]) -> EventIndex:
    metrics.INDEX_BUILDS.labels("full").inc()
    rows = [r for r in rows if matchable(r)]
    built = EventIndex(revision, catalogue_key, MatchIndex([profile_of(r) for r in rows],
                                                           intents=_catalogue(list(catalogue_key))))
    for row in rows:
        _remember(built, row)
    return built


def _remember(cache: EventIndex, row: dict[str, Any]) -> None:
    cache.public[row["id"]] = row["public"]
    cache.account_of[row["id"]] = row["account_id"]
    cache.attendee_of[row["account_id"]] = row["id"]
    cache.org_of[row["id"]] = org_key(row["company"] or "")


def _forget(cache: EventIndex, attendee_id: int) -> None:
    cache.public.pop(attendee_id, None)
    cache.org_of.pop(attendee_id, None)
    account = cache.account_of.pop(attendee_id, None)
    if account is not None:
        cache.attendee_of.pop(account, None)
    if attendee_id in cache.index:
        cache.index.remove(attendee_id)


def current(*, event_key: tuple, revision: int, load_catalogue, load_all, load_changed, load_ids) -> EventIndex:
    """The index for the event at `revision`, built, patched or reused.

    `load_catalogue()` -> the goal catalogue as (key, label, complements) tuples (its edits bump
    the revision, so it is read only when the revision moved); `load_all()` -> every attendee row;
    `load_changed(since)` -> rows changed after revision `since`; `load_ids()` -> ids of all
    attendees now in the event.
    """
    with _registry_lock:
        cache = _indexes.get(event_key)
    if cache is not None and cache.revision == revision:
        return cache
    catalogue_key = tuple(load_catalogue())
    if cache is None or cache.catalogue_key != catalogue_key or cache.revision > revision:
        cache = _build(revision, catalogue_key, load_all())
    else:
        with cache.lock:
            if cache.revision != revision:
                changed = load_changed(cache.revision)
                if len(changed) > PATCH_LIMIT:
                    cache = _build(revision, catalogue_key, load_all())
                else:
                    _patch(cache, changed, set(load_ids()))
                    cache.revision = revision
    with _registry_lock:
        _indexes[event_key] = cache
    return cache


def _patch(cache: EventIndex, changed: list[dict[str, Any]], present: set[int]) -> None:
    metrics.INDEX_BUILDS.labels("patch").inc()
    for gone in [a for a in cache.public if a not in present]:
        _forget(cache, gone)
    for row in changed:
        _forget(cache, row["id"])
        if matchable(row):
            cache.index.add(profile_of(row))
            _remember(cache, row)


def clear() -> None:
    """Forget every index (tests; a worker also rebuilds on its own when revisions move)."""
    with _registry_lock:
        _indexes.clear()
