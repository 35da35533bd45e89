"""Pair score with its explanation.

score(a, b) = (interest * sum(idf(t) for shared tags t)
               + goal * #complementary goal pairs
               + cross_industry * [industries differ and the first two terms are > 0]
               + cross_department * [departments differ and the first two terms are > 0]
               + cross_office * [offices differ and the first two terms are > 0])
              * (same_organization if both name the same organization else 1)
              * (same_department if both are in one department else 1)
              * (same_team if both are in one team of that department else 1)

Departments, teams and offices are compared by :func:`matching.units.unit_key`. With the default
weights the unit terms are neutral (0 bonus, factor 1), so events that do not use them score as
before; :func:`matching.units.scope_weights` sets them for a networking scope.

It is symmetric, non-negative, and linear in the shared features, which is what lets
:class:`matching.MatchIndex` compute it for a whole event with one sparse product. ``idf(t)`` is
``1 + ln((1 + N) / (1 + df(t)))`` over an event of N profiles when document frequencies are known
(:class:`MatchIndex`), else 1.
"""

import math
from dataclasses import KW_ONLY, dataclass
from functools import lru_cache

from .errors import MatchingError
from .intents import INTENTS
from .reasons import (
    ComplementaryGoal, CrossIndustry, Match, SameOrganization, SharedInterest, icebreaker,
)
from .unit_terms import unit_reasons
from .normalize import basic_key
from .vocabulary import InterestVocabulary

__all__ = ["Profile", "Weights", "score_pair", "idf", "org_key", "explain", "explain_side"]

_ORG_SUFFIXES = frozenset("inc ltd llc gmbh corp corporation co sa ag plc limited company".split())


@dataclass(frozen=True)
class Profile:
    """One attendee as the matcher sees them.

    ``interests`` are raw strings (canonicalized with a shared :class:`InterestVocabulary`, or a
    throwaway one) or int tag ids of the vocabulary passed alongside; blank strings are ignored.
    ``goals`` are intent keys of the catalogue in use. ``id`` is an int or a str (one kind per
    event: ids are compared to break ties). Lists are stored as tuples, so profiles hash.
    """

    id: int | str
    interests: tuple = ()
    goals: tuple = ()
    organization: str | None = None
    industry: str | None = None
    department: str | None = None
    team: str | None = None
    office: str | None = None

    def __post_init__(self):
        if isinstance(self.id, bool) or not isinstance(self.id, (int, str)):
            raise MatchingError(f"profile id must be an int or a str, not {self.id!r}")
        for name in ("interests", "goals"):
            value = getattr(self, name)
            if isinstance(value, (str, bytes)):
                raise MatchingError(f"profile {name} must be a list, not a single string")
            object.__setattr__(self, name, tuple(value))
        if any(isinstance(i, bool) or not isinstance(i, (str, int)) for i in self.interests):
            raise MatchingError("interests must be strings or int tag ids")


@dataclass(frozen=True)
class Weights:
    """Tunable weights (see the module docstring for the formula)."""

    interest: float = 1.0
    goal: float = 3.0
    cross_industry: float = 0.5
    same_organization: float = 0.25
    exposure_alpha: float = 0.5
    _: KW_ONLY
    cross_department: float = 0.0
    cross_office: float = 0.0
    same_department: float = 1.0
    same_team: float = 1.0

    def __post_init__(self):
        for name in ("interest", "goal", "cross_industry", "exposure_alpha", "cross_department",
                     "cross_office"):
            if not getattr(self, name) >= 0:
                raise MatchingError(f"weight {name} must be >= 0")
        for name in ("same_organization", "same_department", "same_team"):
            if not 0 <= getattr(self, name) <= 1:
                raise MatchingError(f"{name} is a multiplier in [0, 1]")

    @property
    def uses_units(self):
        """True when departments, teams or offices change any score (not the defaults)."""
        return bool(self.cross_department or self.cross_office or self.same_department != 1
                    or self.same_team != 1)


def idf(df, n):
    """Smoothed inverse document frequency of a tag held by ``df`` of ``n`` profiles."""
    return 1.0 + math.log((1.0 + n) / (1.0 + df))


@lru_cache(maxsize=1 << 16)  # called for every pair explained; an event has few distinct names
def org_key(name):
    """Comparable organization/industry key: folded, legal suffixes dropped ("ACME, Inc." -> "acme")."""
    if not name:
        return ""
    words = basic_key(name).split()
    kept = [w for w in words if w not in _ORG_SUFFIXES]
    return " ".join(kept or words)


def explain_side(profile, tags, intents):
    """What :func:`explain` reads of one side, which depends on that side alone: its words by tag
    and its goals' intents by key. An index computes it once per profile and passes it as ``sides``."""
    words = _words(profile.interests, tags)
    goals = sorted({intents[g].key: intents[g] for g in profile.goals}.items())
    return words, [intent for _key, intent in goals]


def explain(a, tags_a, b, tags_b, *, weights, intents, idf_of, label_of, sides=None):
    """Match of ``b`` as seen by ``a`` given each side's tag per interest (None = ignored).

    O(|interests| + |goals|^2). Reasons are ordered by weight descending, ties by kind then label,
    so the result is deterministic. ``sides``: both sides' :func:`explain_side`, when precomputed.
    """
    (words_a, ga), (words_b, gb) = sides or (explain_side(a, tags_a, intents), explain_side(b, tags_b, intents))
    reasons, base = [], 0.0
    for tag in sorted(words_a.keys() & words_b.keys()):
        w = weights.interest * idf_of(tag)
        base += w
        reasons.append(SharedInterest(tag, label_of(tag), words_a[tag], words_b[tag], round(w, 6)))
    for mine in ga:
        for theirs in gb:
            if intents.complementary(mine.key, theirs.key):
                base += weights.goal
                reasons.append(ComplementaryGoal(
                    mine.key, theirs.key, mine.phrase, theirs.phrase, mine.offer, theirs.offer, b.id, a.id,
                    weights.goal,
                ))
    ia, ib = org_key(a.industry), org_key(b.industry)
    if base > 0 and ia and ib and ia != ib and weights.cross_industry > 0:
        base += weights.cross_industry
        reasons.append(CrossIndustry(a.industry, b.industry, weights.cross_industry))
    if weights.uses_units:
        base = unit_reasons(a, b, base, weights, reasons)
    oa = org_key(a.organization)
    if oa and oa == org_key(b.organization) and (weights.same_organization != 1 or not weights.uses_units):
        base *= weights.same_organization
        reasons.append(SameOrganization(b.organization, weights.same_organization))
    reasons.sort(key=lambda r: (-r.weight, r.kind, getattr(r, "label", "")))
    score = round(base, 9)
    return Match(b.id, score, tuple(reasons), icebreaker(reasons), score)


def _words(interests, tags):
    out = {}
    for text, tag in zip(interests, tags):
        if tag is not None and isinstance(text, str):
            words = out.setdefault(tag, [])
            if text.strip() not in words:
                words.append(text.strip())
        elif tag is not None:
            out.setdefault(tag, [])
    return {t: tuple(w) for t, w in out.items()}


def score_pair(a, b, *, weights=None, vocabulary=None, intents=None, idf=None):
    """Score and reasons for profiles ``a`` and ``b``, as seen by ``a`` (``profile_id`` is b's).

    Without ``vocabulary`` the raw interests of both sides are canonicalized together in a fresh
    :class:`InterestVocabulary` (order-independent, so the score is symmetric); with one, it is used
    and may grow. ``idf`` is an optional mapping tag -> weight (default 1 for every tag). Cost is
    dominated by canonicalization: O(total interest length) plus fuzzy look-ups for new keys.
    """
    weights = weights or Weights()
    intents = intents or INTENTS
    vocab = vocabulary if vocabulary is not None else InterestVocabulary()
    tags_a, tags_b = _tags(vocab, a.interests + b.interests, len(a.interests))
    weights_of = (lambda t: float(idf.get(t, 1.0))) if idf is not None else (lambda t: 1.0)
    return explain(
        a, tags_a, b, tags_b, weights=weights, intents=intents, idf_of=weights_of,
        label_of=vocab.label,
    )


def _tags(vocab, interests, split):
    raw = [i for i in interests if isinstance(i, str) and basic_key(i)]
    found = dict(zip(raw, vocab.canonicalize_many(raw)))
    tags = []
    for item in interests:
        if isinstance(item, int):
            if not 0 <= item < len(vocab):
                raise MatchingError(f"tag id {item} is not in the vocabulary")
            tags.append(item)
        else:
            tags.append(found.get(item))
    return tags[:split], tags[split:]
