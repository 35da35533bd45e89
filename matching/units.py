"""Where people sit in an organization: department, team and office names made comparable.

People write the same department many ways ("Eng", "Engineering", "engineering dept"), so a unit
name goes through the interest pipeline (:func:`matching.normalize_interest`: folding, plurals,
the curated acronym table, fuzzy look-up of curated phrases) after the words that only say *what
kind* of unit it is ("dept", "team", "office", "division"...) are dropped. A few abbreviations that
are common for units but not for interests ("fin", "nyc") are expanded first.

Keys are stateless (the same text gives the same key in every event and process), memoized, and
cost O(len(text)) plus one cached fuzzy look-up. A team is only the same team inside the same
department: :func:`team_key` pairs both keys.
"""

from collections import Counter
from dataclasses import replace
from functools import lru_cache

from .errors import MatchingError
from .normalize import basic_key, normalize_interest

__all__ = ["unit_key", "team_key", "unit_labels", "same_unit_pairs", "SCOPES", "scope_weights"]

#: The networking scopes an event may choose (see :func:`scope_weights`).
SCOPES = ("open", "cross_company", "cross_department")

# Words that name the kind of unit, not the unit: "Engineering Department" is "Engineering".
_FILLER = frozenset(
    "dept dep department division div team squad group unit office site hub org organisation "
    "organization function bu the of".split()
)
# Unit-specific abbreviations, applied per word before the interest pipeline.
_UNIT_ABBREVIATIONS = {
    "fin": "finance", "eng": "engineering", "engg": "engineering", "mktg": "marketing",
    "ops": "operations", "nyc": "new york", "ny": "new york", "sf": "san francisco",
    "la": "los angeles", "lisboa": "lisbon", "munchen": "munich", "muenchen": "munich",
    "koln": "cologne", "wien": "vienna", "praha": "prague", "sre": "site reliability",
}


@lru_cache(maxsize=1 << 14)
def unit_key(text):
    """Canonical key of a department, team or office name; "" for blank or filler-only text."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise MatchingError(f"unit name must be a string, not {type(text).__name__}")
    words = basic_key(text).split()
    kept = [_UNIT_ABBREVIATIONS.get(w, w) for w in words if w not in _FILLER] or words
    if not kept:
        return ""
    phrase = " ".join(kept)
    return normalize_interest(phrase) or phrase


def team_key(department, team):
    """Key of a team: its department's key and its own ("" when the team is blank)."""
    own = unit_key(team)
    return f"{unit_key(department)}/{own}" if own else ""


def unit_labels(names):
    """Canonical key -> label for the given raw names: each key's most written spelling (ties:
    the alphabetically first), so "Engineering" x3 and "eng" x1 are shown as "Engineering".
    O(len(names))."""
    spellings = {}
    for name in names:
        key = unit_key(name)
        if key:
            spellings.setdefault(key, Counter())[name.strip()] += 1
    return {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in spellings.items()}


def same_unit_pairs(profiles, *, unit):
    """Id pairs of profiles in one ``unit`` ("team" or "department"): the pairs that seating
    keeps apart. O(N + pairs returned)."""
    if unit not in ("team", "department"):
        raise MatchingError("unit must be 'team' or 'department'")
    members = {}
    for p in profiles:
        key = team_key(p.department, p.team) if unit == "team" else unit_key(p.department)
        if key:
            members.setdefault(key, []).append(p.id)
    return {(a, b) for ids in members.values() for i, a in enumerate(ids) for b in ids[i + 1:]}


def scope_weights(scope, weights):
    """The :class:`matching.Weights` an event with networking ``scope`` uses, from its ``weights``.

    ``open`` returns ``weights`` unchanged. ``cross_company`` divides colleagues' scores by 10
    (same_organization 0.1 at most). ``cross_department`` lifts the colleague penalty (everyone is
    a colleague inside one organization), zeroes pairs of one team (never suggested), divides pairs
    of one department by 5 and adds 1.0 for another department and 0.5 for another office.
    """
    if scope == "open":
        return weights
    if scope == "cross_company":
        return replace(weights, same_organization=min(weights.same_organization, 0.1))
    if scope == "cross_department":
        return replace(weights, same_organization=1.0, same_team=0.0, same_department=0.2,
                       cross_department=1.0, cross_office=0.5)
    raise MatchingError(f"unknown networking scope {scope!r}; one of {', '.join(SCOPES)}")
