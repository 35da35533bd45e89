"""Merges an :class:`~matching.InterestVocabulary` learns beyond exact keys, and why each happened.

:class:`Links` indexes every key of the vocabulary by its matching key (stems), its glued form,
the object of its leading (or light) verb, its nouns and the initialisms its words spell, remembers
acronym-like keys, and gathers what the vocabulary teaches about words it uses interchangeably
(:class:`matching._usage.Usage`, reason "usage"). :meth:`Links.find` tells which
existing tag a new key joins without fuzzy search, with the reason; an acronym whose initials fit
two different tags joins neither and is reported as ambiguous. Every look-up is a dict probe, so
the cost per new key is O(len(key)) (plus 2^k initialism variants for k function words). Before a
batch is resolved, :meth:`Links.plan` groups its keys that write one object with mostly related
words, so the grouping does not depend on which of them arrives first.
"""

import math
from collections import Counter

from . import phrases as ph
from ._usage import Usage

__all__ = ["Links", "REASONS"]

#: Why a spelling joined its tag (see :meth:`matching.InterestVocabulary.explain`).
REASONS = ("exact", "curated", "alias", "parenthetical", "initialism", "stem", "compound", "synonym",
           "usage", "fuzzy")


class Links:
    """Indexes from key forms to tag ids, merge reasons and ambiguous acronyms (not thread-safe)."""

    def __init__(self):
        self.stem, self.glued, self.acronym = {}, {}, {}
        self.initials = {}  # acronym -> {tag: None}: tags whose words spell it (ordered set)
        self.why = {}  # key -> reason it joined a tag created by another key
        self.ambiguous = {}  # acronym -> sorted candidate tags
        self.stem_key = {}  # matching key -> the key that indexed it
        self.stem_df = Counter()  # tags per stem, for idf
        self.objects = {}  # match key of a verb's object -> {verb stem: tag}
        self.swaps = {}  # match key less one noun -> {noun stem: tag}
        self._unindexed = []  # (multi-word key, tag) not yet in `initials`
        self.usage = Usage()  # verbs and nouns this vocabulary uses interchangeably
        self.light = {}  # match key of a light verb's object -> tag ("perform hoist operations")
        self.planned = {}  # key of the batch being resolved -> (key leading its group, reason): plan

    def register(self, key, tag, *, acronym_like=False, typo=False):
        """Index ``key`` (a key of ``tag``, its own or a variant) so later keys can reach it;
        a ``typo`` variant is not indexed by its initials (its tag's own key already is)."""
        mk = ph.match_key(key)
        if mk not in self.stem:
            self.stem[mk] = tag
            self.stem_key[mk] = key
            self.stem_df.update(set(mk.split()))
        g = ph.glued(key)
        if len(g) >= 6:
            self.glued.setdefault(g, tag)
        if (vo := ph.verb_object(key)) is not None:
            self.objects.setdefault(vo[1], {}).setdefault(vo[0], tag)
        self.usage.observe(key)
        for rest, noun in ph.swaps(key):
            self.swaps.setdefault(rest, {}).setdefault(noun, tag)
        if (obj := ph.light_object(key)) is not None:
            self.light.setdefault(obj, tag)
        if " " in key and not typo:
            # Indexed by initials only once an acronym is looked up: most events have none.
            self._unindexed.append((key, tag))
        elif acronym_like and " " not in key:
            self.acronym.setdefault(key, tag)

    def find(self, key, *, acronym_like=False, curated=False):
        """``(tag, reason)`` of the existing tag ``key`` joins without fuzzy search, else None.
        A ``curated`` key is not related to others by verbs or nouns: the curated table tells
        its phrases apart ("augmented" / "extended reality")."""
        mk = ph.match_key(key)
        tag = self.stem.get(mk)
        if tag is not None:
            return tag, "synonym" if ph.by_thesaurus(key, self.stem_key[mk]) else "stem"
        g = ph.glued(key)
        if len(g) >= 6 and (tag := self.glued.get(g)) is not None:
            return tag, "compound"
        obj = ph.light_object(key)
        if (tag := self.stem.get(obj) if obj else self.light.get(mk)) is not None:
            return tag, "stem"
        if not curated and (vo := ph.verb_object(key)) is not None and vo[1] in self.objects:
            found = self._verb_swap(vo)
            if found is not None:
                return found
        if not curated and (found := self._swap(key)) is not None:
            return found
        if not curated and (lead := self.planned.get(key)) is not None:
            if (tag := self.stem.get(ph.match_key(lead[0]))) is not None:
                return tag, lead[1]
        if acronym_like and " " not in key:
            tag = self._expansion(key)
            if tag is not None:
                return tag, "initialism"
        if self.acronym and " " in key:
            self._index_initials()
            for short in sorted(ph.initialisms(key)):
                tag = self.acronym.get(short)
                if tag is not None and not set(self.initials.get(short, ())) - {tag}:
                    return tag, "initialism"
        return None

    def _verb_swap(self, vo):
        """``(tag, reason)`` of the one tag whose verbs on object ``vo[1]`` are mostly related
        to ``vo[0]`` (WordNet: "synonym"; this vocabulary's usage needed: "usage"), else None.
        Related to half the verbs of a tag or fewer ("teach" ~ "coach" ~ "drive"): not that
        tag, so no chain of two relations merges, while one weak tie among many strong ones
        does not block a join. Two such tags on one object: join neither."""
        verb, verbs, wide = vo[0], self.objects[vo[1]], ph.specific(vo[1])
        how = {}
        for other in verbs:
            if (reason := self._verb_relation(verb, other, wide)) is not None:
                how[other] = reason
        of = {}
        for v, t in verbs.items():
            of.setdefault(t, []).append(v)
        tags = [t for t in sorted({verbs[v] for v in how})
                if 2 * sum(v in how for v in of[t]) > len(of[t])]
        if len(tags) != 1:
            return None
        mine = of[tags[0]]
        return tags[0], "usage" if any(how.get(v) == "usage" for v in mine) else "synonym"

    def _verb_relation(self, verb, other, wide):
        """"synonym" (WordNet), "usage" (this vocabulary) or None: how verb stems ``verb`` and
        ``other`` are related on one object (``wide``: an object of two or more stems)."""
        if ph.related_verbs(verb, other) or (
                wide and ph.related_verbs(verb, other, wide=True)
                and not self.usage.parallel_verbs(verb, other)):
            return "synonym"
        return "usage" if self.usage.interchangeable(verb, other) else None

    def _noun_relation(self, a, b):
        """"synonym" (WordNet), "usage" (this vocabulary) or None: how noun stems ``a`` and ``b``
        are related in one place of a phrase."""
        if ph.related_nouns(a, b):
            return "synonym"
        return "usage" if self.usage.same_noun(a, b) else None

    def plan(self, keys):
        """Group the keys of one batch (in the order they will be resolved) that write one thing
        with related words, so each group joins one tag whatever order its keys arrive in: key by
        key, "maintain / control / manage contract administration" split when two tags already
        held related verbs. Per object, its leading verbs (and per rest of a phrase, its swapped
        nouns) are placed fewest relations first, each joining the one group most of whose words
        it is related to; a word that fits two groups ("using" apps, tied to "building" and to
        "maintaining" them) joins none, so no chain of single relations merges. Every key of the
        batch with the match key of a group's member belongs to it (a match key joins the first
        group that holds it), and the first of them leads: :meth:`find` sends the others to its
        tag. O(n) for n keys, plus O(k^3) per object for its k distinct words (a handful)."""
        self.planned = {}
        by_object, by_rest = {}, {}
        for key in keys:
            if (vo := ph.verb_object(key)) is not None:
                by_object.setdefault(vo[1], {}).setdefault(vo[0], key)
            for rest, noun in ph.swaps(key):
                if " " in rest:
                    by_rest.setdefault(rest, {}).setdefault(noun, key)
        group_of = {}  # match key -> (group number, reason it joins the group)
        plans = [(first_key, lambda a, b, wide=ph.specific(obj): self._verb_relation(a, b, wide))
                 for obj, first_key in by_object.items()]
        plans += [(first_key, self._noun_relation) for first_key in by_rest.values()]
        for first_key, relate in plans:
            for group in self._plan_groups(first_key, relate):
                number = len(group_of)
                for key, reason in group:
                    group_of.setdefault(ph.match_key(key), (number, reason))
        # A group is led by the batch's first key of any of its match keys: "contract
        # administration maintenance" before "control / maintain contract administration".
        lead_of = {}
        for key in keys:
            if (found := group_of.get(ph.match_key(key))) is not None:
                lead = lead_of.setdefault(found[0], key)
                if lead != key:
                    self.planned[key] = (lead, found[1])

    def _plan_groups(self, first_key, relate):
        """Groups of two or more ``[(key, reason), ...]`` of the words of ``first_key`` (word ->
        the batch's first key with it), by ``relate(a, b)`` -> "synonym" / "usage" / None."""
        words = list(first_key)
        if len(words) < 2:
            return []
        relation = {}
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if (reason := relate(a, b)) is not None:
                    relation.setdefault(a, {})[b] = relation.setdefault(b, {})[a] = reason
        related = lambda a, b: b in relation.get(a, ())  # noqa: E731
        groups = []
        for word in sorted(words, key=lambda w: (len(relation.get(w, ())), words.index(w))):
            fits = [g for g in groups if 2 * sum(related(word, w) for w in g) > len(g)]
            # Several fitting groups are one only when they are mostly related to each other
            # themselves; otherwise the word is a hub between different things and joins none.
            cross = [related(a, b) for i, g in enumerate(fits) for h in fits[i + 1:] for a in g for b in h]
            if fits and 2 * sum(cross) >= len(cross) + (1 if cross else 0):
                for g in fits[1:]:
                    fits[0] += g
                    groups.remove(g)
                fits[0].append(word)
            else:
                groups.append([word])
        return [[(first_key[w], "usage" if any(relation[w].get(x) == "usage" for x in g) else "synonym")
                 for w in g] for g in groups if len(g) > 1]

    def _swap(self, key):
        """``(tag, reason)`` of the one tag ``key`` reaches by a related noun in place of one of
        its own (WordNet: "synonym"; this vocabulary's usage needed: "usage"), among the tags
        whose nouns in that place are mostly related to it (no chains, as for verbs)."""
        found, usage = {}, set()
        for rest, noun in ph.swaps(key):
            nouns = self.swaps.get(rest, {})
            for other, tag in nouns.items():
                reason = self._noun_relation(noun, other)
                if reason is not None:
                    found.setdefault(tag, []).append((noun, nouns))
                    if reason == "usage":
                        usage.add(tag)
        tags = []
        for tag, places in sorted(found.items()):
            votes = [self._noun_relation(noun, other) is not None
                     for noun, nouns in places for other, t in nouns.items() if t == tag]
            if 2 * sum(votes) > len(votes):
                tags.append(tag)
        if len(tags) != 1:
            return None
        return tags[0], "usage" if tags[0] in usage else "synonym"

    def _index_initials(self):
        for key, tag in self._unindexed:
            for short in ph.initialisms(key):
                self.initials.setdefault(short, {})[tag] = None
        self._unindexed.clear()

    def _expansion(self, short):
        self._index_initials()
        tags = sorted(self.initials.get(short, ()))
        if len(tags) > 1:
            self.ambiguous[short] = tags
            return None
        return tags[0] if tags else None

    def note(self, key, reason):
        """Remember why variant ``key`` joined its tag (first reason wins)."""
        self.why.setdefault(key, reason)

    def idf(self, stem, n_tags):
        """Smoothed idf of ``stem`` over the vocabulary's tags (unknown stems weigh the most)."""
        return 1.0 + math.log((1.0 + n_tags) / (1.0 + self.stem_df.get(stem, 0)))

    def ambiguities(self, label_of):
        """``{acronym: [candidate labels]}`` for acronyms left unmerged because two tags fit."""
        self._index_initials()
        out = {}
        for short, tags in sorted(self.ambiguous.items()):
            current = sorted(self.initials.get(short, ()))
            if len(current) > 1 or len(tags) > 1:
                out[short] = [label_of(t) for t in sorted(set(tags) | set(current))]
        return out
