"""Word-level views of a canonical key: matching key (stems), glued form, initialisms, parentheses.

These turn a readable key from :func:`matching.normalize.basic_key` into the forms the vocabulary
compares. All are pure, deterministic and O(len(key)) (initialism variants are O(2^k) for k stop
words, k <= 3 in practice); the stemmer is Snowball English (PyStemmer), so no data is downloaded.
"""

import re
from functools import lru_cache

import Stemmer

__all__ = [
    "STOP_WORDS", "stems", "match_key", "glued", "initialisms", "spells", "is_acronym_like",
    "split_parenthetical",
]

#: Function words dropped from the matching key ("management of remote teams").
STOP_WORDS = frozenset(
    "a an the of and or for to in on at by with from into as about via vs versus its their our "
    "your my his her this that these those using based".split()
)
# Snowball conflates these with a different topic ("production" -> "product", "physical" ->
# "physic", "marketing" -> "market"): they keep their own stem.
_OWN_STEM = {"production": "production", "productions": "production", "physical": "physical",
             "marketing": "marketing", "marketings": "marketing"}
# British -> American spelling before stemming, so "organisation" meets "organization".
_SPELLING = [
    (re.compile(r"^([a-z]{3,})is(e|es|ed|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^([a-z]{3,})ys(e|es|ed|ing|er|ers)$"), r"\1yz\2"),
    (re.compile(r"^([a-z]{3,})our(s|ed|ing|ite|ites|able)?$"), r"\1or\2"),
    (re.compile(r"^([a-z]{3,}[bt])re(s)?$"), r"\1er\2"),
    (re.compile(r"^([a-z]{3,})ogue(s)?$"), r"\1og\2"),
]
_DIGIT_WORDS = {"2": ("to", "two"), "4": ("for", "four"), "3": ("three",)}
# Expanded abbreviations go back to the short form when glued ("HR tech" -> "hr technology" -> "hrtech").
_GLUE_SHORT = {"technology": "tech"}
_STEMMER = Stemmer.Stemmer("english")
_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z0-9])[A-Z0-9]{2,6}s?$|^(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9]{2,6}$")
_PAREN = re.compile(r"^([^()]+?)\s*\(([^()]+)\)\s*$")


@lru_cache(maxsize=1 << 16)
def _stem(token):
    own = _OWN_STEM.get(token)
    if own:
        return own
    if not token.isalpha():
        return token
    for pattern, repl in _SPELLING:
        token = pattern.sub(repl, token)
    return _STEMMER.stemWord(token)


def stems(key):
    """Stems of the content words of ``key`` in order (all words when every word is a stop word)."""
    words = key.split()
    content = [w for w in words if w not in STOP_WORDS] or words
    return [_stem(w) for w in content]


@lru_cache(maxsize=1 << 18)
def match_key(key):
    """Sorted distinct stems of ``key``: equal matching keys differ only by inflection, spelling,
    function words or word order ("remote team management" = "management of remote teams")."""
    return " ".join(sorted(set(stems(key))))


def glued(key):
    """``key`` without spaces or function words, for compounds ("prop tech" = "proptech")."""
    words = [_GLUE_SHORT.get(w, w) for w in key.split()]
    return "".join(w for w in words if w not in STOP_WORDS) or "".join(words)


def initialisms(key):
    """Acronyms the words of ``key`` can spell: one letter per content word, function words
    optional, "to"/"for" also as "2"/"4". Empty unless 2-6 content words."""
    words = key.split()
    content = [w for w in words if w not in STOP_WORDS]
    if not 2 <= len(content) <= 6 or len(words) > 9 or any(not w[0].isalpha() for w in content):
        return frozenset()
    out = {""}
    for w in words:
        options = {w[0]} | {d for d, ws in _DIGIT_WORDS.items() if w in ws}
        if w in STOP_WORDS:
            options.add("")
        out = {prefix + o for prefix in out for o in options}
    return frozenset(a for a in out if 2 <= len(a) <= 6)


def spells(short, long):
    """True when the single token ``short`` is an initialism of the key ``long``."""
    return " " not in short and short in initialisms(long)


def is_acronym_like(raw):
    """True for raw text that looks written as an acronym: "OKRs", "D2C", "ESG" (not "art")."""
    return bool(_ACRONYM.match(raw.strip()))


def split_parenthetical(text):
    """``(outside, inside)`` for "X (Y)", else None."""
    m = _PAREN.match(text)
    return (m.group(1), m.group(2)) if m else None
