"""Leading verbs a vocabulary uses interchangeably, learned from the vocabulary itself.

WordNet does not know every synonymy of a field's own phrasing ("operate / use a band saw",
"make sense of / understand written Greek"). A vocabulary that writes many of its objects with
both verbs shows it: :class:`Usage` keeps, per leading verb, the objects of two or more content
words it leads (single-word objects say little: "read / write Danish"), and calls two verbs
interchangeable when their object sets overlap enough, measured relative to their sizes (cosine:
shared / sqrt(|A| |B|)), never by a raw count alone. A small vocabulary rarely holds the evidence,
so it stays as strict as WordNet alone.

The evidence is a set of distinct (verb, object) pairs, so it does not depend on the order keys
arrive in; :meth:`matching.InterestVocabulary.canonicalize_many` observes a whole batch before
resolving any of it. Verbs WordNet records as different acts (antonyms, one causing or entailing
the other: "teach / learn", "hire / fire") are never interchangeable, and curated topic words are
never verbs here (:func:`matching.phrases.verb_object`), so the curated near misses stay apart.
"""

import math

from . import phrases as ph

__all__ = ["Usage", "MIN_SHARED", "MIN_COSINE", "MIN_RATIO"]

#: Objects two verbs must share before their usage says anything.
MIN_SHARED = 3
#: Overlap of the two verbs' object sets, relative to their sizes (cosine).
MIN_COSINE = 0.1
#: A tie counts only if at least this fraction of the strongest tie of either verb.
MIN_RATIO = 0.5


class Usage:
    """Per-vocabulary evidence: leading verb stem -> the specific objects it leads (not
    thread-safe). :meth:`observe` is O(len(key)); :meth:`interchangeable` is O(min(|A|, |B|))
    once each verb's strongest tie is known (O(objects x verbs per object) per verb, cached
    until new evidence arrives)."""

    def __init__(self):
        self.objects = {}  # verb stem -> set of object match keys of 2+ stems
        self.verbs = {}  # object match key -> set of verb stems leading it
        self._best = {}  # verb stem -> cosine of its strongest tie (cleared on new evidence)

    def observe(self, key):
        """Count ``key``'s leading verb and object as evidence, if it has a specific object."""
        vo = ph.verb_object(key)
        if vo is not None and ph.specific(vo[1]):
            objects = self.objects.setdefault(vo[0], set())
            if vo[1] not in objects:
                objects.add(vo[1])
                self.verbs.setdefault(vo[1], set()).add(vo[0])
                self._best.clear()

    def interchangeable(self, a, b):
        """True when verb stems ``a`` and ``b`` lead enough of the same objects in this
        vocabulary, their tie is among the strongest either has, and WordNet does not record
        them as different acts. Symmetric."""
        tie = self._cosine(a, b)
        return (tie > 0 and tie >= MIN_RATIO * max(self._strongest(a), self._strongest(b))
                and not ph.different_acts(a, b))

    def _cosine(self, a, b):
        oa, ob = self.objects.get(a), self.objects.get(b)
        if not oa or not ob or a == b or len(oa) < MIN_SHARED or len(ob) < MIN_SHARED:
            return 0.0
        small, big = (oa, ob) if len(oa) <= len(ob) else (ob, oa)
        shared = sum(1 for o in small if o in big)
        tie = shared / math.sqrt(len(oa) * len(ob))
        return tie if shared >= MIN_SHARED and tie >= MIN_COSINE else 0.0

    def _strongest(self, verb):
        # A verb tied far more strongly to another one ("understand" to "make sense of") than
        # to this one is a different act sharing some objects ("correspond in / understand
        # written Greek"): ties are judged relative to each verb's strongest.
        best = self._best.get(verb)
        if best is None:
            others = {v for o in self.objects.get(verb, ()) for v in self.verbs[o]} - {verb}
            best = self._best[verb] = max((self._cosine(verb, v) for v in sorted(others)), default=0.0)
        return best
