"""Goal catalogue: what attendees come for, and which goals complement which.

An :class:`Intent` is one goal; its ``complements`` name the goals it pairs well with. A
:class:`IntentCatalogue` validates that every complement exists and closes the relation under
symmetry (declaring ``raising_funds -> investing`` implies ``investing -> raising_funds``), so the
complementary-goal part of a score is symmetric. :data:`INTENTS` is the default catalogue.
"""

import re
from functools import lru_cache
from dataclasses import dataclass, replace

from .errors import MatchingError, UnknownIntentError

__all__ = ["Intent", "IntentCatalogue", "make_catalogue", "normalize_goal", "INTENTS"]

_GOAL_SEP = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Intent:
    """One goal. ``phrase`` completes "you are ..." and ``offer`` what this side brings to a
    complementary partner ("investing" offers "funding" to someone "raising funds")."""

    key: str
    label: str
    complements: tuple[str, ...] = ()
    phrase: str = ""
    offer: str = ""

    def __post_init__(self):
        object.__setattr__(self, "key", normalize_goal(self.key))
        object.__setattr__(self, "complements", tuple(normalize_goal(c) for c in self.complements))
        if not self.phrase:
            object.__setattr__(self, "phrase", self.label.lower())
        if not self.offer:
            object.__setattr__(self, "offer", self.phrase)


def normalize_goal(key):
    """Goal keys are case- and separator-insensitive: "Raising funds" -> "raising_funds"."""
    if not isinstance(key, str) or not key.strip():
        raise MatchingError(f"goal must be a non-blank string, not {key!r}")
    return _normalize_goal(key)


@lru_cache(maxsize=4096)
def _normalize_goal(key):
    return _GOAL_SEP.sub("_", key.strip().casefold())


class IntentCatalogue:
    """Immutable set of intents with a symmetric complement relation.

    Lookups are O(1); :meth:`complements` returns a sorted tuple, so iteration order (and every
    reason built from it) is deterministic. Raises :class:`MatchingError` for duplicate keys or
    complements that name no intent.
    """

    def __init__(self, intents):
        intents = list(intents)
        by_key = {}
        for intent in intents:
            if intent.key in by_key:
                raise MatchingError(f"duplicate intent {intent.key!r}")
            by_key[intent.key] = intent
        pairs = set()
        for intent in intents:
            for other in intent.complements:
                if other not in by_key:
                    raise MatchingError(f"intent {intent.key!r} complements unknown {other!r}")
                pairs.update({(intent.key, other), (other, intent.key)})
        self._intents = {
            k: replace(i, complements=tuple(sorted(o for a, o in pairs if a == k)))
            for k, i in sorted(by_key.items())
        }

    def __getitem__(self, key):
        try:
            return self._intents[normalize_goal(key)]
        except KeyError:
            raise UnknownIntentError(f"unknown goal {key!r}") from None

    def __contains__(self, key):
        try:
            return normalize_goal(key) in self._intents
        except MatchingError:
            return False

    def __iter__(self):
        return iter(self._intents.values())

    def __len__(self):
        return len(self._intents)

    def keys(self):
        """Intent keys, sorted."""
        return tuple(self._intents)

    def complements(self, key):
        """Sorted keys of the goals complementing ``key``."""
        return self[key].complements

    def complementary(self, a, b):
        """True when goal ``a`` complements goal ``b`` (symmetric)."""
        return self[b].key in self[a].complements

    def extend(self, intents):
        """A new catalogue with ``intents`` added (or replacing same-key intents)."""
        merged = {i.key: i for i in self._intents.values()}
        merged.update({i.key: i for i in intents})
        return IntentCatalogue(merged.values())


def make_catalogue(intents, *, base=None):
    """Catalogue of ``intents`` (Intent objects or ``(key, label, complements)`` tuples), added to
    ``base`` when given (e.g. ``base=INTENTS`` to extend the defaults)."""
    items = [i if isinstance(i, Intent) else Intent(*i) for i in intents]
    return base.extend(items) if base is not None else IntentCatalogue(items)


INTENTS = IntentCatalogue([
    Intent("raising_funds", "Raising funds", ("investing",), "raising funds",
           "an investment opportunity"),
    Intent("investing", "Investing", (), "investing", "funding"),
    Intent("seeking_mentor", "Seeking a mentor", ("mentoring",), "looking for a mentor",
           "curiosity and a fresh perspective"),
    Intent("mentoring", "Mentoring", (), "offering mentoring", "mentorship"),
    Intent("hiring", "Hiring", ("job_seeking",), "hiring", "a job"),
    Intent("job_seeking", "Looking for a job", (), "looking for a job", "their skills"),
    Intent("selling", "Selling", ("buying",), "selling", "a product or service"),
    Intent("buying", "Buying", (), "looking to buy", "a customer's budget"),
    Intent("finding_cofounder", "Finding a co-founder", ("finding_cofounder",),
           "looking for a co-founder", "a potential co-founder"),
    Intent("partnering", "Partnering", ("partnering",), "looking for partners", "a partnership"),
    Intent("learning", "Learning", ("sharing_expertise",), "here to learn", "good questions"),
    Intent("sharing_expertise", "Sharing expertise", (), "sharing expertise", "expertise"),
    Intent("meeting_peers", "Meeting peers", ("meeting_peers",), "meeting peers", "peer exchange"),
])
