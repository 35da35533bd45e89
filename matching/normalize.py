"""Raw interest text -> canonical key.

Pipeline (each step is deterministic and cheap):

1. *fold*: Unicode NFKD with combining marks dropped ("Économie" -> "economie"), casefold,
   tech spellings kept apart before punctuation goes ("C++" -> "cpp", "C#" -> "csharp",
   ".NET" -> "dotnet", "Node.js" -> "nodejs"), "&" -> "and", every other non-alphanumeric run
   (hyphens, underscores, slashes, dots) -> one space.
2. *singularize* each token with a few suffix rules ("companies" -> "company"), skipping
   acronyms and words in :data:`matching._curated.NO_SINGULAR`.
3. *aliases*: the whole phrase is looked up in the curated alias/acronym table ("ml" ->
   "machine learning"); then unambiguous abbreviations inside the phrase are expanded
   ("ml engineering", "product mgmt") and the table is consulted again.
4. *fuzzy* (only :func:`normalize_interest` and :class:`InterestVocabulary`): a key that is not
   known is compared with known keys using rapidfuzz ``ratio`` on token-sorted strings. A match
   needs an Indel distance within :func:`max_indel` of the longer string (0 below 6 characters, so
   "java"/"jave", "swift"/"shift" or "ai"/"ar" never merge) and must not swap one real word for another
   (``product`` vs ``project`` management): see :func:`fuzzy_accepts`. ``WRatio``,
   ``partial_ratio`` and ``token_set_ratio`` are not used: they score "java" vs "javascript" or a
   phrase vs its superset as near-identical.

Steps 1-3 give :func:`basic_key`/:func:`resolve`; :func:`normalize_interest` adds step 4 against the
curated vocabulary only, so it is stateless. Costs: O(len(text)) for 1-3; step 4 is one
rapidfuzz ``extract`` over ~600 curated forms (about 20 us), memoized.
"""

import os
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from ._curated import COMMON_WORDS, NO_SINGULAR, PHRASES, TOKEN_ABBREVIATIONS
from ._thesaurus import english_words, name_synsets
from .errors import MatchingError
from .phrases import (
    glued, light_object, match_key, same_noun_swap, same_skill, spells, split_parenthetical, stems,
)

__all__ = [
    "basic_key", "resolve", "fuzzy_form", "max_indel", "fuzzy_accepts", "best_fuzzy",
    "normalize_interest", "same_interest", "same_compound", "interest_similarity", "same_thing",
    "parenthetical_short", "curated_choices",
    "CURATED_LABELS", "CURATED_ALIASES", "DICTIONARY", "PREFILTER_CUTOFF",
]

_SPECIAL = [
    (re.compile(r"c\s*\+\s*\+"), " cpp "),
    (re.compile(r"(?<![a-z0-9])([cf])\s*#"), r" \1sharp "),
    (re.compile(r"(?<![a-z0-9])\.net\b"), " dotnet "),
    (re.compile(r"\b([a-z0-9]+)\.js\b"), r" \1js "),
    (re.compile(r"&"), " and "),
    (re.compile(r"['\u2019`]"), ""),
]
_HAS_SPECIAL = re.compile(r"[+#.&'\u2019`]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PLURAL_ES = ("sses", "shes", "ches", "xes", "zes")
_KEEP_S = ("ss", "us", "is")

#: rapidfuzz ``ratio`` below which no pair can pass :func:`max_indel` (used to prefilter).
PREFILTER_CUTOFF = 79.0


def _singular(token):
    if token in NO_SINGULAR or len(token) <= 3 or not token.isalpha() or token.endswith("js"):
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(_PLURAL_ES):
        return token[:-2]
    if token.endswith("s") and not token.endswith(_KEEP_S):
        return token[:-1]
    return token


def basic_key(text):
    """Fold, strip punctuation and singularize ``text`` (steps 1-2). O(len(text)), memoized."""
    if not isinstance(text, str):
        raise MatchingError(f"interest must be a string, not {type(text).__name__}")
    return _basic_key(text)


@lru_cache(maxsize=1 << 18)
def _basic_key(text):
    if "(" in text and (parts := split_parenthetical(text)):
        outside, inside = _basic_key(parts[0]), _basic_key(parts[1])
        if outside and inside and same_thing(outside, inside):
            return max(outside, inside, key=lambda k: (len(k.split()), k))
    return _fold(text)


def same_thing(a, b):
    """True when keys ``a`` and ``b`` are an acronym and its expansion, or curated synonyms."""
    return spells(a, b) or spells(b, a) or resolve(a) == resolve(b)


def parenthetical_short(text):
    """The other form of an "X (Y)" text whose parts name one thing (its key), else None."""
    parts = split_parenthetical(text) if "(" in text else None
    if not parts:
        return None
    outside, inside = _basic_key(parts[0]), _basic_key(parts[1])
    if outside and inside and same_thing(outside, inside):
        return min(outside, inside, key=lambda k: (len(k.split()), k))
    return None


def _fold(text):
    if text.isascii():
        s = text.lower()
    else:
        s = unicodedata.normalize("NFKD", text)
        s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    if _HAS_SPECIAL.search(s):
        for pattern, repl in _SPECIAL:
            s = pattern.sub(repl, s)
    return " ".join(_singular(t) for t in _NON_ALNUM.sub(" ", s).split())


def _expand(key):
    return " ".join(_ABBREV.get(t, t) for t in key.split())


def resolve(key, aliases=None):
    """Apply alias tables to a :func:`basic_key` (step 3); ``aliases`` are consulted first."""
    for table in (aliases, CURATED_ALIASES):
        if table and key in table:
            return table[key]
    expanded = _expand(key)
    for table in (aliases, CURATED_ALIASES):
        if table and expanded in table:
            return table[expanded]
    # Inflections and word order of a curated phrase ("neural networking" -> "deep learning"),
    # then its compound glued or split ("e-sports" -> "esports").
    found = _CURATED_STEMS.get(match_key(expanded))
    if found is None and " " in expanded:
        joined = glued(expanded)
        found = CURATED_ALIASES.get(joined) or (joined if joined in CURATED_LABELS else None)
    return found or expanded


def fuzzy_form(key):
    """Token-sorted key: the string the fuzzy step compares, so word order does not matter."""
    return " ".join(sorted(key.split()))


def max_indel(length):
    """Largest Indel distance (1 per insertion/deletion, 2 per substitution) accepted as a typo."""
    if length < 6:
        return 0
    if length <= 8:
        return 2
    if length <= 14:
        return 3
    return 4 if length <= 24 else 6


def fuzzy_accepts(query, candidate, dictionary):
    """True when fuzzy forms ``query`` and ``candidate`` are one interest spelled differently.

    Rejects distances over :func:`max_indel` (of the longer form, with the shorter at least 6
    characters), a different word count (compounds and function words are the matching key's job),
    *real-word swaps* (every differing token, on both sides, is a known word of ``dictionary``:
    "product management" vs "project management") and differing words that are not typos of each
    other word by word ("written persian" vs "written russian").
    """
    if query == candidate:
        return True
    if min(len(query), len(candidate)) < 6:
        return False
    if Indel.distance(query, candidate) > max_indel(max(len(query), len(candidate))):
        return False
    q, c = query.split(), candidate.split()
    if len(q) != len(c):
        return False
    if len(q) == 1:
        only_q, only_c = q, c
    else:
        cq, cc = Counter(q), Counter(c)
        only_q, only_c = list((cq - cc).elements()), list((cc - cq).elements())
    if only_q and all(t in dictionary for t in only_q) and all(t in dictionary for t in only_c):
        return False
    return _word_typos(only_q, only_c)


def _word_typos(words_q, words_c):
    """Each differing word is a typo of one on the other side ("persian" is no typo of "russian";
    two different English words are none of each other either: "hiring" / "firing")."""
    for w in words_q:
        if not any(Indel.distance(w, x) <= _word_indel(max(len(w), len(x))) and not _two_words(w, x)
                   for x in words_c):
            return False
    return True


def _two_words(a, b):
    # Two names are one as spellings of one synset ("romani" / "romany") or as a name and its
    # derivative ("austria" / "austrian", "germany" / "german": one starts with the other);
    # "austria" / "australia" and "javanese" / "japanese" start alike but name different things.
    names = name_synsets()
    if a in names and b in names and not (a.startswith(b) or b.startswith(a)):
        return names[a].isdisjoint(names[b])
    # Words of one family or spelling start alike ("creating" / "creation", "mold" / "mould");
    # "hiring" / "firing" and "danish" / "spanish" differ from the start.
    known = english_words()
    if a not in known or b not in known:
        return False
    return len(os.path.commonprefix((a, b))) < max(3, min(len(a), len(b)) // 2)


def _word_indel(length):
    # One more than a whole phrase of that length: singular/plural folding can add an edit.
    return 0 if length < 4 else max(2, max_indel(length) + 1)


def best_fuzzy(form, scored, targets, dictionary):
    """Pick the target of the best acceptable ``(choice_form, score, index)``; ties by target key."""
    ok = [(-score, targets[i], choice) for choice, score, i in scored]
    for _neg, target, choice in sorted(ok):
        if fuzzy_accepts(form, choice, dictionary):
            return target
    return None


def _build():
    labels, aliases = {}, {}

    def put(alias_key, key, label):
        if alias_key and alias_key != key and aliases.setdefault(alias_key, key) != key:
            raise MatchingError(f"curated alias {alias_key!r} of {label!r} is ambiguous")

    for label, alias_texts in PHRASES.items():
        raw = basic_key(label)
        key = _expand(raw)
        if key in labels:
            raise MatchingError(f"curated phrase {label!r} duplicates {labels[key]!r}")
        labels[key] = label
        put(raw, key, label)
        for alias in alias_texts:
            put(basic_key(alias), key, label)
            put(_expand(basic_key(alias)), key, label)
    return labels, aliases


_ABBREV = {k: basic_key(v) for k, v in TOKEN_ABBREVIATIONS.items()}
_CURATED_STEMS = {}
CURATED_LABELS, CURATED_ALIASES = _build()


def _curated_stems():
    found = {}
    for form, key in (*CURATED_ALIASES.items(), *((k, k) for k in CURATED_LABELS)):
        # One word alone is the stemmer's riskiest guess ("securities" is not "security").
        if " " in form:
                found.setdefault(match_key(form), set()).add(key)
    # A matching key shared by two curated phrases decides nothing.
    return {m: next(iter(keys)) for m, keys in found.items() if len(keys) == 1}


_CURATED_STEMS.update(_curated_stems())
DICTIONARY = frozenset(COMMON_WORDS) | frozenset(
    t for k in (*CURATED_LABELS, *CURATED_ALIASES) for t in k.split()
)
# Fuzzy targets: curated keys and alias keys long enough to be typo-corrected ("kubernets").
_CHOICES = sorted(
    ({fuzzy_form(a): k for a, k in CURATED_ALIASES.items() if len(a) >= 5}
     | {fuzzy_form(k): k for k in CURATED_LABELS}).items()
)
_CHOICE_FORMS = [f for f, _ in _CHOICES]
_CHOICE_TARGETS = [k for _, k in _CHOICES]


def curated_choices():
    """``(forms, targets)``: new lists of the curated fuzzy forms and the key each stands for,
    aligned, for a vocabulary to extend with its own tags."""
    return list(_CHOICE_FORMS), list(_CHOICE_TARGETS)


@lru_cache(maxsize=1 << 16)
def normalize_interest(text):
    """Canonical key of one raw interest; equal keys mean the same interest.

    "ML", "Machine-Learning" and "machine learnig" all give ``"machine learning"``; unknown phrases
    give their folded, singularized form. Stateless and memoized; see the module docstring for the
    steps. Raises :class:`MatchingError` for non-strings; blank text gives ``""``.
    """
    key = resolve(basic_key(text))
    if not key or key in CURATED_LABELS:
        return key
    form = fuzzy_form(key)
    scored = process.extract(
        form, _CHOICE_FORMS, scorer=fuzz.ratio, score_cutoff=PREFILTER_CUTOFF, limit=8
    )
    return best_fuzzy(form, scored, _CHOICE_TARGETS, DICTIONARY) or key


def same_interest(a, b):
    """True when raw interests ``a`` and ``b`` name the same interest. Symmetric.

    Equal :func:`normalize_interest` keys, equal matching keys (inflection, spelling, function
    words, word order, first-sense synonyms: :func:`matching.phrases.match_key`), the same
    compound glued or split ("PropTech" / "prop tech"), a light verb and its act named by a noun
    ("carrying out site inspections" / "inspecting sites"), one object led by related verbs ("operate
    / use drones": :func:`matching.phrases.same_skill`), one noun for a synonym with another word
    in common ("voice assistants / helpers": :func:`matching.phrases.same_noun_swap`), or keys
    within typo distance.
    """
    ka, kb = normalize_interest(a), normalize_interest(b)
    if not ka or not kb:
        return False
    related = not (ka in CURATED_LABELS and kb in CURATED_LABELS)  # the table tells them apart
    return (ka == kb or match_key(ka) == match_key(kb) or same_compound(ka, kb)
            or light_object(ka) == match_key(kb) or light_object(kb) == match_key(ka)
            or related and (same_skill(ka, kb) or same_noun_swap(ka, kb))
            or fuzzy_accepts(fuzzy_form(ka), fuzzy_form(kb), DICTIONARY))


def same_compound(a, b):
    """True when keys ``a`` and ``b`` differ only by spaces between words (6+ letters glued)."""
    ga = glued(a)
    return len(ga) >= 6 and ga == glued(b)


def interest_similarity(a, b, *, vocabulary=None):
    """Similarity in [0, 1]: 1.0 when :func:`same_interest`, else 0.9 times the idf-weighted
    Jaccard overlap of the two keys' stems, so a shared rare word counts more than a shared common
    one and no distinct pair reaches a same-interest score. ``vocabulary`` (an
    :class:`~matching.InterestVocabulary`) supplies the idf; without it every stem weighs 1.
    Symmetric; O(words).
    """
    if same_interest(a, b):
        return 1.0
    ka, kb = normalize_interest(a), normalize_interest(b)
    if not ka or not kb:
        return 0.0
    sa, sb = set(stems(ka)), set(stems(kb))
    weight = vocabulary.stem_idf if vocabulary is not None else (lambda _stem: 1.0)
    union = sum(weight(x) for x in sa | sb)
    return round(0.9 * sum(weight(x) for x in sa & sb) / union, 6) if union else 0.0
