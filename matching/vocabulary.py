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
from ._links import Links
from .errors import MatchingError
from .phrases import is_acronym_like

__all__ = ["InterestVocabulary", "group_interests"]

_LEARN_AT = 3
_MAX_SPELLINGS = 64  # per tag, for explain(): a handful of spellings explain a merge
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
        self._links, self._spellings = Links(), {}
        self._forms, self._targets = nz.curated_choices()
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
            key = nz.resolve(nz.basic_key(text), self._aliases)
            tag = self._key_tag.get(key)
            if tag is None and key:
                found = self._links.find(key, acronym_like=is_acronym_like(text),
                                         curated=key in nz.CURATED_LABELS)
                tag = found[0] if found else None
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
            key, how = self._key(text)
            tag = self._key_tag.get(key)
            if tag is None:
                self._links.usage.observe(key)
                tag = self._link(key, text)
                if tag is None:
                    form = nz.fuzzy_form(key)
                    scored = process.extract(
                        form, self._forms, scorer=fuzz.ratio, score_cutoff=nz.PREFILTER_CUTOFF,
                        limit=8,
                    )
                    target = nz.best_fuzzy(form, scored, self._targets, self._words)
                    tag = self._join(key, self._tag_of_key(target or key, text), "fuzzy", text)
            self._seen(text, key, how, tag)
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
                key_count[key[0]] += n
                first_raw.setdefault(key[0], raw)
        pending = sorted(
            (k for k in key_count if k not in self._key_tag), key=lambda k: (-key_count[k], k)
        )
        # The whole batch is evidence of which words it uses interchangeably before any key of
        # it is resolved, and its keys that write one object with related words are grouped
        # first, so neither what is learned nor what is merged depends on the order of the batch.
        for key in pending:
            self._links.usage.observe(key)
        self._links.plan([k for k in pending if k not in nz.CURATED_LABELS])
        # Acronyms last, so every expansion of this batch is known when they are resolved.
        acronyms = [k for k in pending if " " not in k and is_acronym_like(first_raw[k])]
        if acronyms:
            skip = set(acronyms)
            pending = [k for k in pending if k not in skip] + acronyms
        for start in range(0, len(pending), _CHUNK):
            self._bulk_chunk(pending[start:start + _CHUNK], key_count, first_raw)
        for raw, (key, how) in key_of.items():
            self._seen(raw, key, how, self._key_tag[key])
        hits = Counter()
        for raw, n in raw_count.items():
            hits[self._raw_tag[raw]] += n
        for tag in sorted(hits):
            self._hit(tag, hits[tag])
        return [self._raw_tag[t] for t in texts]

    def explain(self, tag):
        """Why ``tag`` groups what it groups: its label and key, and every spelling seen with the
        reason it joined (exact, curated, alias, parenthetical, initialism, stem, compound,
        synonym, usage: words this vocabulary uses interchangeably, fuzzy), in first-seen order.
        O(spellings of the tag)."""
        if not 0 <= tag < len(self._keys):
            raise MatchingError(f"tag id {tag} is not in the vocabulary")
        spelled = self._spellings.get(tag, {})
        return {
            "tag": tag, "label": self._labels[tag], "key": self._keys[tag],
            "aliases": [{"text": t, "reason": r} for t, r in spelled.items()],
        }

    def ambiguous_acronyms(self):
        """``{acronym: [labels of the tags it could stand for]}``: acronyms not merged with any
        expansion because more than one phrase of the vocabulary fits their initials."""
        return self._links.ambiguities(self.label)

    def stem_idf(self, stem):
        """Smoothed idf of a word stem over this vocabulary's tags (for graded relatedness)."""
        return self._links.idf(stem, len(self._keys))

    def to_dict(self):
        """JSON-ready state; :meth:`from_dict` restores a vocabulary that resolves identically."""
        variants = {k: t for k, t in self._key_tag.items() if self._keys[t] != k}
        links = self._links
        return {
            "version": 2, "keys": list(self._keys), "labels": list(self._labels),
            "hits": list(self._hits), "variants": variants, "aliases": dict(self._aliases),
            "learned": sorted(self._learned), "acronyms": sorted(links.acronym),
            "why": dict(links.why), "ambiguous": dict(links.ambiguous),
            "spellings": {str(t): s for t, s in sorted(self._spellings.items())},
        }

    @classmethod
    def from_dict(cls, data):
        """Inverse of :meth:`to_dict` (also reads version 1). Raises :class:`MatchingError` on an
        unknown version."""
        if data.get("version") not in (1, 2):
            raise MatchingError(f"unsupported vocabulary version {data.get('version')!r}")
        vocab = cls()
        for key, label in zip(data["keys"], data["labels"]):
            vocab._new_tag(key, label)
        vocab._hits = [int(h) for h in data["hits"]]
        acronyms = set(data.get("acronyms", ()))
        for key, tag in data["variants"].items():
            vocab._key_tag[key] = int(tag)
            vocab._links.register(key, int(tag), acronym_like=key in acronyms)
        for key in acronyms:
            vocab._links.register(key, vocab._key_tag[key], acronym_like=True)
        vocab._links.why.update(data.get("why", {}))
        vocab._links.ambiguous.update(data.get("ambiguous", {}))
        vocab._spellings = {int(t): dict(s) for t, s in data.get("spellings", {}).items()}
        vocab._aliases.update(data["aliases"])
        vocab._learned.update(data["learned"])
        vocab._words.update(data["learned"])
        return vocab

    # -- internals -------------------------------------------------------------------------------

    def _key(self, text):
        """``(key, how)``: the resolved key and why it differs from the folded text, if it does."""
        basic = nz.basic_key(text)
        key = nz.resolve(basic, self._aliases)
        if not key:
            raise MatchingError(f"blank interest {text!r}")
        how = None
        if "(" in text and nz.parenthetical_short(text):
            how = "parenthetical"
        elif key != basic:
            how = "alias" if self._aliases and key != nz.resolve(basic) else "curated"
        return key, how

    def _link(self, key, raw):
        found = self._links.find(key, acronym_like=is_acronym_like(raw),
                                 curated=key in nz.CURATED_LABELS)
        return None if found is None else self._join(key, found[0], found[1], raw)

    def _join(self, key, tag, reason, raw):
        """Make ``key`` resolve to ``tag`` because of ``reason``; returns ``tag``."""
        self._key_tag[key] = tag
        if self._keys[tag] != key:
            self._links.note(key, reason)
        self._links.register(key, tag, acronym_like=is_acronym_like(raw), typo=reason == "fuzzy")
        return tag

    def _seen(self, text, key, how, tag):
        self._raw_tag[text] = tag
        if how == "parenthetical":
            # The short form alone ("OKRs") now names this tag too.
            short = nz.parenthetical_short(text)
            if short not in self._key_tag:
                self._join(short, tag, "parenthetical", short.upper())
        spelled = self._spellings.setdefault(tag, {})
        if len(spelled) < _MAX_SPELLINGS:
            why = "parenthetical" if how == "parenthetical" else self._links.why.get(key, how)
            spelled.setdefault(" ".join(text.split()), why or "exact")

    def _new_tag(self, key, label):
        tag = len(self._keys)
        self._keys.append(key)
        self._labels.append(nz.CURATED_LABELS.get(key, label))
        self._hits.append(0)
        self._key_tag[key] = tag
        self._links.register(key, tag)
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
        keys = [k for k in keys if self._link(k, first_raw[k]) is None]
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
            raw = first_raw[key]
            # Keys of this chunk created tags above; a later one may be their inflection.
            if self._key_tag.get(targets[i] or key) is None and self._link(key, raw) is not None:
                continue
            tag = self._tag_of_key(targets[i] or key, raw)
            self._join(key, tag, "fuzzy", raw)
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

    Labels are 0, 1, 2... in order of first appearance; the texts are canonicalized together with
    :meth:`InterestVocabulary.canonicalize_many` in a fresh vocabulary, so the grouping does not
    depend on input order. Blank texts each get a label of their own. O(n) plus the fuzzy step for
    unknown keys.
    """
    texts = list(texts)
    vocab, labels, relabel = InterestVocabulary(), [], {}
    tags = iter(vocab.canonicalize_many([t for t in texts if nz.basic_key(t)]))
    for text in texts:
        group = ("blank", len(labels)) if not nz.basic_key(text) else next(tags)
        labels.append(relabel.setdefault(group, len(relabel)))
    return labels
