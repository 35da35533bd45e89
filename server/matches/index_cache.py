"""Per-process suggestion indexes, kept in step with the database by the event revision.

Every worker holds its own `MatchIndex` per event. A request reads the event's revision (one
column of a row it loads anyway); when it moved, the worker patches its index with the attendees
whose `matching_revision` is newer than the one it holds, and drops those who left. Nothing here
must be shared between workers: the database is the truth, this is a cache of it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import orjson

from matching import InterestVocabulary, MatchIndex, Weights
from server.matching_inputs import catalogue, matchable, organization_of, profile_of
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
    aliases_key: tuple = ()  # the organizers' vocabulary overrides the index was built with
    lock: threading.Lock = field(default_factory=threading.Lock)
    cards: dict[int, orjson.Fragment] = field(default_factory=dict)  # attendee id -> public profile as JSON

    def card(self, attendee_id: int) -> orjson.Fragment:
        """The public profile as JSON, serialized once per version of the profile."""
        found = self.cards.get(attendee_id)
        if found is None:
            found = self.cards[attendee_id] = orjson.Fragment(orjson.dumps(self.public[attendee_id]))
        return found

    def colleagues(self, attendee_id: int) -> set[int]:
        org = self.org_of.get(attendee_id)
        return {a for a, o in self.org_of.items() if o and o == org} if org else set()


# Keyed by (event id, creation time): SQLite may hand a deleted event's id to a new one.
_indexes: dict[tuple, EventIndex] = {}
_registry_lock = threading.Lock()


def _build(revision: int, catalogue_key: tuple, rows: list[dict[str, Any]], aliases_key: tuple = (),
           weights: Weights | None = None) -> EventIndex:
    metrics.INDEX_BUILDS.labels("full").inc()
    rows = [r for r in rows if matchable(r)]
    vocabulary = InterestVocabulary(aliases=dict(aliases_key))
    built = EventIndex(revision, catalogue_key, MatchIndex([profile_of(r) for r in rows], vocabulary=vocabulary,
                                                           weights=weights, intents=catalogue(catalogue_key)),
                       aliases_key=aliases_key)
    for row in rows:
        _remember(built, row)
    return built


def _remember(cache: EventIndex, row: dict[str, Any]) -> None:
    cache.public[row["id"]] = row["public"]
    cache.cards.pop(row["id"], None)
    cache.account_of[row["id"]] = row["account_id"]
    cache.attendee_of[row["account_id"]] = row["id"]
    cache.org_of[row["id"]] = organization_of(row)


def _forget(cache: EventIndex, attendee_id: int) -> None:
    cache.public.pop(attendee_id, None)
    cache.cards.pop(attendee_id, None)
    cache.org_of.pop(attendee_id, None)
    account = cache.account_of.pop(attendee_id, None)
    if account is not None:
        cache.attendee_of.pop(account, None)
    if attendee_id in cache.index:
        cache.index.remove(attendee_id)


def current(*, event_key: tuple, revision: int, load_catalogue, load_all, load_changed, load_ids,
            load_aliases=dict, weights: Weights | None = None) -> EventIndex:
    """The index for the event at `revision`, built, patched or reused.

    `load_catalogue()` -> the goal catalogue as (key, label, complements) tuples (its edits bump
    the revision, so it is read only when the revision moved); `load_all()` -> every attendee row;
    `load_changed(since)` -> rows changed after revision `since`; `load_ids()` -> ids of all
    attendees now in the event; `load_aliases()` -> the organizers' {spelling: canonical} overrides
    (their edits bump the revision too; a change rebuilds, since tags already made cannot be re-cut).
    """
    with _registry_lock:
        cache = _indexes.get(event_key)
    if cache is not None and cache.revision == revision:
        return cache
    catalogue_key = tuple(load_catalogue())
    aliases_key = tuple(sorted(load_aliases().items()))
    if (cache is None or cache.catalogue_key != catalogue_key or cache.aliases_key != aliases_key
            or cache.revision > revision):
        cache = _build(revision, catalogue_key, load_all(), aliases_key, weights)
    else:
        with cache.lock:
            if cache.revision != revision:
                changed = load_changed(cache.revision)
                if len(changed) > PATCH_LIMIT:
                    cache = _build(revision, catalogue_key, load_all(), aliases_key, weights)
                else:
                    _patch(cache, changed, set(load_ids()))
                    cache.revision = revision
    with _registry_lock:
        # Keys extend (event id, creation time) with settings the index depends on (the networking
        # scope): an index built under the event's old settings is never asked for again.
        for stale in [k for k in _indexes if k[:2] == event_key[:2] and k != event_key]:
            del _indexes[stale]
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
