"""Word-level views of a canonical key: matching key (stems), glued form, initialisms, parentheses.

These turn a readable key from :func:`matching.normalize.basic_key` into the forms the vocabulary
compares. All are pure, deterministic and O(len(key)) (initialism variants are O(2^k) for k stop
words, k <= 3 in practice); the stemmer is Snowball English (PyStemmer) and the synonyms come from
the committed WordNet table (:mod:`matching._thesaurus`, read on first use), so no data is downloaded.
"""

import re
from functools import lru_cache

import Stemmer

from ._curated import COMMON_WORDS
from ._thesaurus import thesaurus_tables
from .intents import INTENTS

__all__ = [
    "STOP_WORDS", "stems", "match_key", "verb_object", "related_verbs", "different_acts",
    "goal_verbs", "specific", "same_skill", "light_object",
    "related_nouns", "swaps", "same_noun_swap", "by_thesaurus", "glued", "initialisms", "spells",
    "is_acronym_like", "split_parenthetical",
]

#: Function words dropped from the matching key ("management of remote teams").
STOP_WORDS = frozenset(
    "a an the of and or for to in on at by with from into as about via vs versus its their our "
    "your my his her this that these those".split()
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
    (re.compile(r"^(s?m)ould(s|ed|ing|er|ers)?$"), r"\1old\2"),
]
_DIGIT_WORDS = {"2": ("to", "two"), "4": ("for", "four"), "3": ("three",)}
_DIGIT_OF = {w: (d,) for d, ws in _DIGIT_WORDS.items() for w in ws}
# Expanded abbreviations go back to the short form when glued ("HR tech" -> "hr technology" -> "hrtech").
_GLUE_SHORT = {"technology": "tech"}
_STEMMER = Stemmer.Stemmer("english")
#: Generic head words that add nothing to a topic ("principles of electricity" = "electricity");
#: dropped from the matching key when another content word remains.
GENERIC_WORDS = frozenset(
    "principle principles basic basics fundamental fundamentals characteristic characteristics "
    "type types kind kinds concept concepts aspect aspects essential essentials skill skills "
    "field fields area areas study studies category categories variety varieties typology "
    "typologies sort sorts method methods technique techniques procedure procedures methodology "
    "methodologies approach approaches".split()
)
# Competence frames that lead a phrase and name no topic of their own: "knowledge of Python",
# "experience in fundraising", "show competency in written Portuguese", "ability to negotiate".
# A head counts only right before its preposition and with words after it, so "user experience"
# and "domain knowledge" keep theirs.
_FRAME_HEADS = {
    **dict.fromkeys("knowledge understanding command mastery grasp".split(), {"of"}),
    **dict.fromkeys("experience experienced expertise expert proficiency proficient competence "
                    "competency competencies competences competent skilled versed".split(),
                    {"in", "with", "at", "on"}),
    # Not "fluent in": being fluent in a language is speaking it, not the language itself.
    **dict.fromkeys("interest interested".split(), {"in"}),  # "interest on loans" is interest
    **dict.fromkeys("ability able capacity".split(), {"to"}),
    "capable": {"of"}, "familiar": {"with"}, "familiarity": {"with", "of"},
    "passionate": {"about"}, "passion": {"for"},
}
_FRAME_LEADS = frozenset("show shows showing demonstrate demonstrates demonstrating have has having "
                         "be being is".split())
# Words that say "some of" only before "of" ("a range of", "an array of").
_OF_HEADS = frozenset("range ranges array arrays selection selections set sets".split())
# Irregular forms the stemmer cannot relate to their verb.
_IRREGULAR = {
    "written": "write", "wrote": "write", "writing": "write", "spoken": "speak", "spoke": "speak",
    "speech": "speak", "built": "build", "taught": "teach", "sold": "sell", "bought": "buy",
    "drawn": "draw", "drew": "draw", "given": "give", "taken": "take", "chosen": "choose",
    "grown": "grow", "known": "know", "shown": "show", "held": "hold", "kept": "keep",
    "paid": "pay", "sent": "send", "spent": "spend", "understood": "understand", "led": "lead",
    # nominalizations Snowball stems apart from their verb
    "maintenance": "maintain", "analysis": "analyze", "analyses": "analyze",
    "administration": "administer", "description": "describe", "explanation": "explain",
    "decision": "decide", "decisions": "decide",
}
# Plain-English synonym sets of general action and method words (never topic words: "design" and
# "development", "marketing" and "management" stay apart). The first word stands for the set.
_SYNONYM_SETS = [
    "understand comprehend grasp", "use utilize utilise employ", "perform conduct execute undertake",
    "check inspect examine", "assess evaluate appraise", "supervise oversee superintend manage",
    "method technique procedure approach methodology", "law legislation statute",
]
_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z0-9])[A-Z0-9]{2,6}s?$|^(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9]{2,6}$")
_PAREN = re.compile(r"^([^()]+?)\s*\(([^()]+)\)\s*$")


def _plain_stem(token):
    own = _OWN_STEM.get(token)
    if own:
        return own
    if not token.isalpha():
        return token
    token = _IRREGULAR.get(token, token)
    for pattern, repl in _SPELLING:
        token = pattern.sub(repl, token)
    return _STEMMER.stemWord(token)


_SYNONYM_STEM = {
    _plain_stem(w): _plain_stem(words.split()[0]) for words in _SYNONYM_SETS for w in words.split()
}


def _topic_stems():
    # Stems of the near-miss topic words: "security" and the verb "secure" (a first-sense synonym
    # of "procure") share one, and "cyber security" is no "cyber procurement".
    return frozenset(_plain_stem(w) for w in COMMON_WORDS if w.isalpha())


@lru_cache(maxsize=1)
def _tables():
    """The WordNet tables in stems, built on first use (:class:`matching._thesaurus.Tables`)."""
    return thesaurus_tables(_plain_stem, canonical=_SYNONYM_STEM,
                            skip=STOP_WORDS | GENERIC_WORDS, own=frozenset(_OWN_STEM.values()),
                            fixed=_topic_stems())


@lru_cache(maxsize=1 << 16)
def _stem(token):
    stem = _plain_stem(token)
    if stem in _SYNONYM_STEM:
        return _SYNONYM_STEM[stem]
    return _tables().synonym.get(stem, stem)


@lru_cache(maxsize=1)
def _phrasal():
    """``{(stem of the verb, particle, ...): phrasal verb}`` of the thesaurus ("carried out")."""
    out = {}
    for token in _tables().phrasal:
        first, *rest = token.split("_")
        out[(_plain_stem(first), *rest)] = token
    return out


def _join_phrasal(words):
    # A leading phrasal verb is one verb ("carrying out audits" = "performing audits"); later in
    # a phrase such words are mostly a noun and its neighbours.
    table = _phrasal()
    for size in (3, 2):
        if len(words) > size:
            token = table.get((_plain_stem(words[0]), *words[1:size]))
            if token is not None:
                return [token, *words[size:]]
    return words


def stems(key, *, thesaurus=True):
    """Stems of the content words of ``key`` in order: a leading competence frame dropped
    ("knowledge of", "experience in"), a leading phrasal verb read as one word (unless
    ``thesaurus`` is False), function words dropped (all kept when nothing else is left),
    generic heads dropped, synonyms of general action words unified (and, unless
    ``thesaurus`` is False, first-sense WordNet synonyms: "repair" for "fix")."""
    words = _without_frame(key.split())
    words = _join_phrasal(words) if thesaurus else words
    content = [w for w in words if w not in STOP_WORDS] or words
    generic = GENERIC_WORDS | _generic_before_of(words)
    specific = [w for w in content if w not in generic] or content
    return [_stem(w) if thesaurus else _hand_stem(w) for w in specific]


def _without_frame(words):
    start = 1 if len(words) > 3 and words[0] in _FRAME_LEADS else 0
    if len(words) > start + 2 and words[start + 1] in _FRAME_HEADS.get(words[start], ()):
        return words[start + 2:]
    return words


def _generic_before_of(words):
    # "range of optical instruments" is the instruments; a "driving range" is no driving.
    return {w for w, nxt in zip(words, words[1:]) if nxt == "of" and w in _OF_HEADS}


def _hand_stem(token):
    stem = _plain_stem(token)
    return _SYNONYM_STEM.get(stem, stem)


def by_thesaurus(a, b):
    """True when keys ``a`` and ``b`` share a matching key only through WordNet synonyms."""
    return _hand_key(a) != _hand_key(b)


@lru_cache(maxsize=1 << 16)
def _hand_key(key):
    return frozenset(stems(key, thesaurus=False))


@lru_cache(maxsize=1 << 18)
def match_key(key):
    """Sorted distinct stems of ``key``: equal matching keys differ only by inflection, spelling,
    function words or word order ("remote team management" = "management of remote teams")."""
    return " ".join(sorted(set(stems(key))))


@lru_cache(maxsize=1 << 18)
def verb_object(key):
    """``(verb, object)`` of a key of 2+ content words led by a possible verb ("operate forklifts":
    the verb's stem, the match key of the rest), else None. Only the leading word: a verb later
    on is usually a noun of a compound ("process design")."""
    words = stems(key)
    if len(words) < 2 or words[0] not in _tables().wide:
        return None
    return words[0], " ".join(sorted(set(words[1:])))


def related_verbs(a, b, *, wide=False):
    """True when verb stems ``a`` and ``b`` are equal or share a frequent WordNet sense or a
    small family (:mod:`matching._thesaurus`): "use / operate / handle", not "teach / learn".
    ``wide`` also counts less frequent senses and larger families ("guard / tend"). Verbs
    WordNet records as different acts (one causes or entails the other) are never related."""
    tables = _tables()
    if a == b:
        return True
    # A goal's verb keeps its own role: related only by its frequent senses ("buy / purchase"),
    # never by a looser family ("investing in / founding startups": investor and founder).
    senses = tables.wide if wide and goal_verbs().isdisjoint((a, b)) else tables.verbs
    return not senses.get(a, frozenset()).isdisjoint(senses.get(b, ())) and not different_acts(a, b)


@lru_cache(maxsize=1)
def goal_verbs():
    """Stems of the goal catalogue's verbs ("hire", "invest", "sell", "mentor"...): what attendees
    come for are distinct roles whatever objects they are written on."""
    return frozenset(stems(intent.key.replace("_", " "))[0] for intent in INTENTS)


def different_acts(a, b):
    """True when WordNet records verb stems ``a`` and ``b`` as different acts (antonyms, or one
    causes or entails the other: "teach / learn", "hire / fire")."""
    return frozenset((a, b)) in _tables().apart


@lru_cache(maxsize=1 << 16)
def light_object(key):
    """Match key of the object of a leading light verb naming its act by a noun ("performing
    hoist operations" = "operating hoists": "hoist oper"), else None. The object needs two or
    more stems, the last (its head) a verb's: not "performing live music"."""
    words = stems(key)
    if len(words) < 3 or words[0] not in _light_verbs() or words[-1] not in _tables().wide:
        return None
    return " ".join(sorted(set(words[1:])))


@lru_cache(maxsize=1)
def _light_verbs():
    return frozenset(_stem(w) for w in ("perform", "carry_out", "do"))


def specific(obj):
    """True when the match key ``obj`` of a verb's object has two or more stems: such an object
    is specific enough for :func:`related_verbs` with ``wide`` ("operate / handle delivery drones"),
    a one-word object is not ("teach / learn English")."""
    return " " in obj


def same_skill(a, b):
    """True when keys ``a`` and ``b`` are one object led by related verbs ("run / operate a
    forklift"; less frequent senses count for an object of two or more words)."""
    va, vb = verb_object(a), verb_object(b)
    return (va is not None and vb is not None and va[1] == vb[1]
            and related_verbs(va[0], vb[0], wide=specific(va[1])))


def related_nouns(a, b):
    """True when stems ``a`` and ``b`` are nouns sharing one of their five most frequent WordNet
    senses ("assistant / helper"; not "danish / spanish", mere kinds of one thing)."""
    senses = _tables().nouns
    return a in senses and not senses[a].isdisjoint(senses.get(b, ()))


@lru_cache(maxsize=1 << 16)
def swaps(key):
    """``(rest, stem)`` for each distinct stem of ``key`` that has noun senses, where ``rest``
    is the sorted other stems (at least one): two keys with one ``rest`` and related nouns
    differ by one synonym ("voice assistants / helpers")."""
    distinct = sorted(set(stems(key)))
    if len(distinct) < 2:
        return ()
    nouns = _tables().nouns
    return tuple((" ".join(x for x in distinct if x != s), s) for s in distinct if s in nouns)


def same_noun_swap(a, b):
    """True when keys ``a`` and ``b`` differ by one related noun (:func:`related_nouns`)."""
    rest_b = dict(swaps(b))
    return any(rest in rest_b and related_nouns(s, rest_b[rest]) for rest, s in swaps(a))


@lru_cache(maxsize=1 << 18)
def glued(key):
    """``key`` without spaces or function words, for compounds ("prop tech" = "proptech")."""
    words = [_GLUE_SHORT.get(w, w) for w in key.split()]
    return "".join(w for w in words if w not in STOP_WORDS) or "".join(words)


@lru_cache(maxsize=1 << 16)
def initialisms(key):
    """Acronyms the words of ``key`` can spell: one letter per content word, function words
    optional, "to"/"for" also as "2"/"4". Empty unless 2-6 content words."""
    words = key.split()
    content = [w for w in words if w not in STOP_WORDS]
    if not 2 <= len(content) <= 6 or len(words) > 9 or any(not w[0].isalpha() for w in content):
        return frozenset()
    out = [""]
    for w in words:
        if w in STOP_WORDS:
            options = ("", w[0], *_DIGIT_OF.get(w, ()))
            out = list({prefix + o for prefix in out for o in options})
        elif w in _DIGIT_OF:
            out = [prefix + o for prefix in out for o in (w[0], *_DIGIT_OF[w])]
        else:
            out = [prefix + w[0] for prefix in out]
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
