"""Event-wide canonicalization of raw interests to integer tag ids.

:class:`InterestVocabulary` resolves a raw string in four steps, stopping at the first hit:
exact (raw-string cache, then canonical/variant key) -> alias tables (organizer aliases first,
then the curated acronym/synonym table) -> fuzzy against every known key with rapidfuzz ``ratio``
on token-sorted keys (:func:`matching.normalize.fuzzy_accepts`) -> a new tag. Tag ids are dense
ints in creation order and never change meaning, so the server may store them.

The fuzzy step compares a new key with the existing tags *and* with curated phrases not seen yet,
so typos of curated phrases land on the curated tag even when they arrive first. A tag's key is the
key that created it (for the bulk path, the most frequent spelling), so greedy order matters; the
bulk path makes it independent of input order by processing keys by descending count, ties by key.
Words of tags seen at least three times join the "real word" dictionary that stops the fuzzy step
from merging "product management" into "project management"-like pairs.
"""

from collections import Counter

import numpy as np
from rapidfuzz import fuzz, process

from . import normalize as nz
from .errors import MatchingError

__all__ = ["InterestVocabulary", "group_interests"]

_LEARN_AT = 3
_CHUNK = 2048


class InterestVocabulary:
    """Incremental raw-interest -> tag-id canonicalizer for one event (not thread-safe).

    Costs: a cached raw string is one dict lookup; a new raw string is O(len) for normalization plus,
    when its key is unknown, one rapidfuzz ``extract`` over all known forms (~1 ms per 30k tags).
    :meth:`canonicalize_many` dedupes first and batches the fuzzy step with ``cdist`` on both cores.
    Deterministic: the same call sequence yields the same ids; ties between equally close fuzzy
    targets go to the smaller key.
    """

    def __init__(self, *, aliases=None):
        self._keys, self._labels, self._hits = [], [], []
        self._key_tag, self._raw_tag, self._aliases = {}, {}, {}
        self._words = set(nz.DICTIONARY)
        self._learned = set()
        self._forms = list(nz._CHOICE_FORMS)
        self._targets = list(nz._CHOICE_TARGETS)
        for alias, canonical in sorted((aliases or {}).items()):
            self.add_alias(alias, canonical)

    def __len__(self):
        return len(self._keys)

    def label(self, tag):
        """Display form of ``tag``: the curated label, the organizer's canonical text, or the first
        raw spelling that created the tag."""
        return self._labels[tag]

    def key(self, tag):
        """Canonical key of ``tag`` (as :func:`matching.normalize_interest` would spell it)."""
        return self._keys[tag]

    def lookup(self, text):
        """Tag id of ``text`` if it resolves to an existing tag without fuzzy search, else None."""
        tag = self._raw_tag.get(text)
        if tag is None:
            tag = self._key_tag.get(nz.resolve(nz.basic_key(text), self._aliases))
        return tag

    def add_alias(self, alias, canonical):
        """Make raw ``alias`` resolve to the tag of ``canonical`` (created if new); returns its id.

        Existing tag ids keep their meaning: text that already produced another tag maps to the
        canonical tag from now on, so re-canonicalize stored profiles to apply the alias to them.
        """
        akey, ckey = nz.basic_key(alias), nz.resolve(nz.basic_key(canonical), self._aliases)
        if not akey or not ckey:
            raise MatchingError("alias and canonical interest must not be blank")
        tag = self._key_tag.get(ckey)
        if tag is None:
            tag = self._new_tag(ckey, " ".join(canonical.split()))
        self._aliases[akey] = ckey
        self._raw_tag.clear()
        return tag

    def tag_for(self, text):
        """Tag id of one raw interest, creating a tag when nothing matches. Blank text raises."""
        tag = self._raw_tag.get(text)
        if tag is None:
            key = self._key(text)
            tag = self._key_tag.get(key)
            if tag is None:
                form = nz.fuzzy_form(key)
                scored = process.extract(
                    form, self._forms, scorer=fuzz.ratio, score_cutoff=nz.PREFILTER_CUTOFF,
                    limit=8,
                )
                target = nz.best_fuzzy(form, scored, self._targets, self._words)
                tag = self._tag_of_key(target or key, text)
                self._key_tag[key] = tag
            self._raw_tag[text] = tag
        self._hit(tag, 1)
        return tag

    def tags_for(self, texts):
        """``[tag_for(t) for t in texts]`` (incremental, in input order)."""
        return [self.tag_for(t) for t in texts]

    def canonicalize_many(self, texts):
        """Bulk :meth:`tags_for` for imports: one tag id per text, aligned with ``texts``.

        Raw strings are deduped; unknown keys are resolved by descending count (ties by key) in
        chunks of 2,048, each compared to all known forms with one ``rapidfuzz.process.cdist`` call
        and then among its own leftovers, so the result does not depend on input order. Roughly
        O(D * T / 100M) seconds for D distinct unknown keys and T known forms.
        """
        texts = list(texts)
        if not all(isinstance(t, str) for t in texts):
            raise MatchingError("interests must be strings")
        raw_count = Counter(texts)
        key_of, key_count, first_raw = {}, Counter(), {}
        # Most common spelling first (ties by text) so labels do not depend on input order.
        for raw, n in sorted(raw_count.items(), key=lambda item: (-item[1], item[0])):
            if raw not in self._raw_tag:
                key = key_of[raw] = self._key(raw)
                key_count[key] += n
                first_raw.setdefault(key, raw)
        pending = sorted(
            (k for k in key_count if k not in self._key_tag), key=lambda k: (-key_count[k], k)
        )
        for start in range(0, len(pending), _CHUNK):
            self._bulk_chunk(pending[start:start + _CHUNK], key_count, first_raw)
        for raw, key in key_of.items():
            self._raw_tag[raw] = self._key_tag[key]
        hits = Counter()
        for raw, n in raw_count.items():
            hits[self._raw_tag[raw]] += n
        for tag in sorted(hits):
            self._hit(tag, hits[tag])
        return [self._raw_tag[t] for t in texts]

    def to_dict(self):
        """JSON-ready state; :meth:`from_dict` restores a vocabulary that resolves identically."""
        variants = {k: t for k, t in self._key_tag.items() if self._keys[t] != k}
        return {
            "version": 1, "keys": list(self._keys), "labels": list(self._labels),
            "hits": list(self._hits), "variants": variants, "aliases": dict(self._aliases),
            "learned": sorted(self._learned),
        }

    @classmethod
    def from_dict(cls, data):
        """Inverse of :meth:`to_dict`. Raises :class:`MatchingError` on an unknown version."""
        if data.get("version") != 1:
            raise MatchingError(f"unsupported vocabulary version {data.get('version')!r}")
        vocab = cls()
        for key, label in zip(data["keys"], data["labels"]):
            vocab._new_tag(key, label)
        vocab._hits = [int(h) for h in data["hits"]]
        vocab._key_tag.update({k: int(t) for k, t in data["variants"].items()})
        vocab._aliases.update(data["aliases"])
        vocab._learned.update(data["learned"])
        vocab._words.update(data["learned"])
        return vocab

    # -- internals -------------------------------------------------------------------------------

    def _key(self, text):
        key = nz.resolve(nz.basic_key(text), self._aliases)
        if not key:
            raise MatchingError(f"blank interest {text!r}")
        return key

    def _new_tag(self, key, label):
        tag = len(self._keys)
        self._keys.append(key)
        self._labels.append(nz.CURATED_LABELS.get(key, label))
        self._hits.append(0)
        self._key_tag[key] = tag
        if key not in nz.CURATED_LABELS:
            self._forms.append(nz.fuzzy_form(key))
            self._targets.append(key)
        return tag

    def _tag_of_key(self, key, raw):
        tag = self._key_tag.get(key)
        return tag if tag is not None else self._new_tag(key, " ".join(raw.split()))

    def _hit(self, tag, n):
        before = self._hits[tag]
        self._hits[tag] = before + n
        if before < _LEARN_AT <= before + n:
            self._learn(self._keys[tag])

    def _learn(self, key):
        words = key.split()
        self._learned.update(words)
        self._words.update(words)

    def _bulk_chunk(self, keys, key_count, first_raw):
        forms = [nz.fuzzy_form(k) for k in keys]
        targets = [None] * len(keys)
        for row, scored in _candidates(forms, self._forms):
            targets[row] = nz.best_fuzzy(forms[row], scored, self._targets, self._words)
        left = [i for i, t in enumerate(targets) if t is None]
        centers = set()
        for pos, scored in _candidates([forms[i] for i in left], [forms[i] for i in left], left):
            scored = [s for s in scored if s[2] in centers and s[2] != left[pos]]
            i = left[pos]
            targets[i] = nz.best_fuzzy(forms[i], scored, keys, self._words)
            if targets[i] is None:
                centers.add(i)
        for i, key in enumerate(keys):
            tag = self._tag_of_key(targets[i] or key, first_raw[key])
            self._key_tag[key] = tag
            if targets[i] is None and key_count[key] >= _LEARN_AT:
                self._learn(key)


def _candidates(queries, choices, ids=None):
    """Yield ``(row, [(choice, score, id), ...])`` for every query, in row order, from one cdist.

    With ``ids`` the rows are processed in order and ``id`` is ``ids[col]``, which lets the caller
    keep only choices already declared centers (greedy in order)."""
    if not queries or not choices:
        yield from ((r, []) for r in range(len(queries)))
        return
    scores = process.cdist(
        queries, choices, scorer=fuzz.ratio, score_cutoff=nz.PREFILTER_CUTOFF,
        dtype=np.uint8, workers=-1,
    )
    rows, cols = np.nonzero(scores)
    bounds = np.searchsorted(rows, np.arange(len(queries) + 1))
    for r in range(len(queries)):
        cs = cols[bounds[r]:bounds[r + 1]]
        yield r, [(choices[c], int(scores[r, c]), ids[c] if ids else c) for c in cs]


def group_interests(texts):
    """One integer label per text; equal labels mean the same interest.

    Labels are 0, 1, 2... in order of first appearance; texts are resolved incrementally in input
    order with a fresh :class:`InterestVocabulary`. Blank texts each get a label of their own.
    O(n) plus the fuzzy step for unknown keys.
    """
    vocab, labels, relabel = InterestVocabulary(), [], {}
    for text in texts:
        group = ("blank", len(labels)) if not nz.basic_key(text) else vocab.tag_for(text)
        labels.append(relabel.setdefault(group, len(relabel)))
    return labels
