"""Words a vocabulary uses interchangeably, learned from the vocabulary itself.

WordNet does not know every synonymy of a field's own phrasing ("operate / use a band saw",
"make sense of / understand written Greek", "standards / regulations of a trade"). A vocabulary
that writes many of its phrases both ways shows it. :class:`Usage` keeps two kinds of evidence:
per leading verb, the objects of two or more content words it leads (single-word objects say
little: every language is read and written), and per noun, the other stems (two or more) of the
phrases it appears in. Two words are interchangeable when their context sets overlap enough,
measured relative to their sizes (cosine: shared / sqrt(|A| |B|), with at least
:data:`MIN_SHARED` shared), and when that tie is among the strongest either word has
(:data:`MIN_RATIO`): "understand" tied far more to "make sense of" than to "correspond in" on
written languages is a different act from the latter. A small vocabulary rarely holds the
evidence, so it stays as strict as WordNet alone. Two words written on about as many contexts as
each other (neither on :data:`MIN_SPREAD` times the other's) are parallel roles on one set of
things ("hosting / attending" meetups, "building / using" apps), never interchangeable: a
paraphrase is the rarer word on part of a broader one's contexts. Parallel roles also veto a
looser WordNet sense between two verbs (:meth:`Usage.parallel_verbs`).

The evidence is a set of distinct (word, context) pairs, so it does not depend on the order keys
arrive in; :meth:`matching.InterestVocabulary.canonicalize_many` observes a whole batch before
resolving any of it. Verbs WordNet records as different acts (antonyms, one causing or entailing
the other: "teach / learn", "hire / fire") and verbs naming a goal of the catalogue ("hiring",
"investing", "selling") are never interchangeable, and curated topic words are never verbs or
nouns here (:mod:`matching._thesaurus`), so the curated near misses stay apart.
"""

import math

from . import phrases as ph

__all__ = ["Usage", "Ties", "MIN_SHARED", "MIN_COSINE", "MIN_RATIO", "MIN_SPREAD"]

#: Contexts two words must share before their usage says anything.
MIN_SHARED = 3
#: Overlap of the two words' context sets, relative to their sizes (cosine).
MIN_COSINE = 0.1
#: A tie counts only if at least this fraction of the strongest tie of either word.
MIN_RATIO = 0.4
#: The word with more contexts must have at least this many times the other's (see :meth:`Ties.tie`).
MIN_SPREAD = 1.25


class Ties:
    """Evidence of one kind: word -> the contexts it appears in, and back (not thread-safe).
    :meth:`tie` is O(min(|A|, |B|)) once each word's strongest tie is known (O(contexts x words
    per context) per word, cached until new evidence arrives)."""

    def __init__(self, min_shared):
        self.min_shared = min_shared
        self.contexts = {}  # word stem -> set of contexts (match keys of 2+ stems)
        self.words = {}  # context -> set of word stems seen in it
        self._best = {}  # word stem -> cosine of its strongest tie (cleared on new evidence)

    def add(self, word, context):
        contexts = self.contexts.setdefault(word, set())
        if context not in contexts:
            contexts.add(context)
            self.words.setdefault(context, set()).add(word)
            self._best.clear()

    def tie(self, a, b):
        """True when ``a`` and ``b`` share enough contexts (cosine) and their tie is among the
        strongest either has. Symmetric."""
        tie = self._cosine(a, b)
        return tie > 0 and tie >= MIN_RATIO * max(self._strongest(a), self._strongest(b))

    def _cosine(self, a, b):
        ca, cb = self.contexts.get(a), self.contexts.get(b)
        if not ca or not cb or a == b or len(ca) < self.min_shared or len(cb) < self.min_shared:
            return 0.0
        # Two words written on about as many contexts as each other are the parallel ways
        # people take part in one set of things ("hosting / attending / sponsoring" meetups,
        # "building / using" apps), not one act written two ways: a paraphrase shows as the
        # rarer word on part of a broader one's contexts ("make sense of / understand").
        if _as_many(ca, cb):
            return 0.0
        small, big = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
        shared = sum(1 for c in small if c in big)
        tie = shared / math.sqrt(len(ca) * len(cb))
        return tie if shared >= self.min_shared and tie >= MIN_COSINE else 0.0

    def parallel(self, a, b):
        """True when ``a`` and ``b`` are written on mostly the same contexts (cosine >= 0.5,
        :data:`MIN_SHARED` or more) and neither on :data:`MIN_SPREAD` times as many as the
        other: the signature of parallel roles rather than of a paraphrase. Symmetric."""
        ca, cb = self.contexts.get(a, ()), self.contexts.get(b, ())
        if not ca or not cb or a == b or not _as_many(ca, cb):
            return False
        shared = len(ca & cb)
        return shared >= self.min_shared and shared >= 0.5 * math.sqrt(len(ca) * len(cb))

    def _strongest(self, word):
        # A word tied far more strongly to another one ("understand" to "make sense of") than
        # to this one is a different thing sharing some contexts ("correspond in / understand
        # written Greek"): ties are judged relative to each word's strongest.
        best = self._best.get(word)
        if best is None:
            others = {w for c in self.contexts.get(word, ()) for w in self.words[c]} - {word}
            best = max((self._cosine(word, w) for w in sorted(others)), default=0.0)
            self._best[word] = best
        return best


def _as_many(ca, cb):
    """True when neither context set has :data:`MIN_SPREAD` times as many contexts as the other."""
    return max(len(ca), len(cb)) < MIN_SPREAD * min(len(ca), len(cb))


class Usage:
    """What one vocabulary teaches: leading verbs used on the same objects, and nouns used with
    the same other words (not thread-safe). :meth:`observe` is O(len(key))."""

    def __init__(self):
        self.verbs, self.nouns = Ties(MIN_SHARED), Ties(MIN_SHARED)

    def observe(self, key):
        """Count ``key``'s leading verb with its object, and each of its nouns with its other
        stems, as evidence when that object or those other stems are two or more."""
        vo = ph.verb_object(key)
        if vo is not None and ph.specific(vo[1]):
            self.verbs.add(vo[0], vo[1])
        for rest, noun in ph.swaps(key):
            if " " in rest:
                self.nouns.add(noun, rest)

    def interchangeable(self, a, b):
        """True when verb stems ``a`` and ``b`` lead enough of the same objects in this
        vocabulary, their tie is among the strongest either has, neither names a goal of the
        catalogue, and WordNet does not record them as different acts. Symmetric."""
        return (ph.goal_verbs().isdisjoint((a, b)) and self.verbs.tie(a, b)
                and not ph.different_acts(a, b))

    def parallel_verbs(self, a, b):
        """True when this vocabulary writes verb stems ``a`` and ``b`` as parallel roles on
        one set of objects (:meth:`Ties.parallel`): a looser WordNet relation between them
        ("organizing / joining", "using / maintaining") is then another sense. Symmetric."""
        return self.verbs.parallel(a, b)

    def same_noun(self, a, b):
        """True when noun stems ``a`` and ``b`` appear with enough of the same other words in
        this vocabulary, and their tie is among the strongest either has. Symmetric."""
        return self.nouns.tie(a, b)
