"""Fast top-k suggestions over a whole event.

Interests are canonicalized once, at ingest, into tag ids of an :class:`InterestVocabulary`; each
profile takes a *slot*. Two inverted indexes map tag -> slots and goal -> slots. A query for slot
``q`` gathers the postings of q's tags (weighted ``interest * idf``, idf from live document
frequencies, so patches never need a rebuild) and of the goals *complementary* to q's goals
(weighted ``goal``), and sums them per slot with one ``numpy.bincount``: cost O(sum of those
posting lengths + N), which is a sparse matrix-vector product done without building the matrix.
Very popular tags ("networking" held by 30% of 100k people) are not capped: a 30k posting costs
about 30 us in ``bincount``, and capping would drop real candidates. Industry/organization terms
are vectorized over the candidates; exposure damping divides by ``1 + alpha * log1p(exposure)``;
the top k come from ``argpartition`` and ties are broken by profile id ascending. Reasons are built
only for the k results (:func:`matching.score.explain`), so the list scores equal
:func:`matching.score_pair` with the index's idf.
"""

import numpy as np

from .errors import MatchingError, UnknownProfileError
from .intents import INTENTS
from .normalize import basic_key
from .postings import Postings
from .score import Weights, explain, explain_side, idf, org_key
from .unit_terms import adjust, unit_codes
from .vocabulary import InterestVocabulary

__all__ = ["MatchIndex"]

# A feature is "popular" (pruned by its bound, see suggest) above max(MIN, N // SHARE) holders.
_POPULAR_MIN = 512
_POPULAR_SHARE = 64
# Events from this size on count popular holders before summing a high-floor dense pass (see _dense).
_COUNT_MIN = 20_000


class MatchIndex:
    """Suggestion index over profiles; ``add``/``update``/``remove`` patch it in O(features * df).

    Not thread-safe: patch under a lock or per process. Memory is dominated by the postings
    (4 bytes per interest and goal) and per-slot tag tuples (~100 bytes per profile).
    """

    def __init__(self, profiles=(), *, vocabulary=None, weights=None, intents=None):
        self.vocabulary = vocabulary if vocabulary is not None else InterestVocabulary()
        self.weights = weights or Weights()
        self.intents = intents or INTENTS
        self._goal_id = {k: i for i, k in enumerate(self.intents.keys())}
        self._complements = [
            [self._goal_id[c] for c in self.intents.complements(k)] for k in self.intents.keys()
        ]
        self._codes = {}
        self._slot, self._profiles, self._tags, self._goals = {}, [], [], []
        self._free = []
        self._ind = np.empty(0, dtype=np.int32)
        self._org = np.empty(0, dtype=np.int32)
        self._units = np.empty((3, 0), dtype=np.int32)  # department, team, office codes per slot
        self._rank, self._rank_dirty = np.empty(0, dtype=np.int64), False
        self._by_id = None  # (int ids sorted, their slots), made with the ranks
        self._bitmaps = {}  # membership of popular features, made on first use, then patched
        self._damp_cache = None  # (exposure mapping, its slot-aligned damping), see _damping
        self._sides = {}  # slot -> explain_side(...), made when the slot is first explained
        self._idf = {}  # tag -> idf while no profile is added or removed
        self._bulk(list(profiles))

    # -- queries ---------------------------------------------------------------------------------

    def __len__(self):
        return len(self._slot)

    def __contains__(self, profile_id):
        return profile_id in self._slot

    def ids(self):
        """Profile ids held, sorted."""
        return sorted(self._slot)

    def get(self, profile_id):
        """The stored :class:`Profile`; raises :class:`UnknownProfileError`."""
        return self._profiles[self._slot_of(profile_id)]

    def idf(self, tag):
        """Current idf weight of ``tag`` in this event (remembered until the next patch)."""
        found = self._idf.get(tag)
        if found is None:
            found = self._idf[tag] = idf(self._tag_post.df(tag), len(self._slot))
        return found

    def score(self, a_id, b_id):
        """Match of ``b_id`` as seen by ``a_id`` (equals :func:`score_pair` with this index's idf)."""
        return self._explain(self._slot_of(a_id), self._slot_of(b_id), 1.0)

    def suggest(self, profile_id, k=10, *, exclude=(), exposure=None):
        """Top ``k`` matches for ``profile_id``, best first; only people with a positive score.

        ``exclude`` ids are never returned (nor the person themself). ``exposure`` maps id ->
        how swamped that person already is (pending requests, impressions); the ranking score is
        ``score / (1 + weights.exposure_alpha * log1p(exposure))``. Ties on the ranking score are
        broken by id ascending. O(sum of postings touched + N + |exposure| + k log k), where a
        large event's dense pass touches only the rare postings and counts popular holders in bytes
        (:meth:`_dense`); the
        |exposure| term is paid once per mapping object: passing the same (unmodified) mapping
        again reuses its conversion until a profile is added or removed, so pass a new mapping
        when the counts change.
        """
        q = self._slot_of(profile_id)
        if k <= 0:
            return []
        feats = self.features(q)
        if not feats:
            return []
        drop = [q] + [self._slot[pid] for pid in exclude if pid in self._slot]
        damp = self._damping(exposure) if exposure else None
        limit = max(_POPULAR_MIN, len(self._slot) // _POPULAR_SHARE)
        feats.sort(key=lambda f: (len(f[1]), f[0]))
        rare = [f for f in feats if len(f[1]) <= limit]
        popular = feats[len(rare):]
        # Probe: people reached through rare features (or, without any, a slice of the shortest
        # posting), scored exactly. Anyone else holds popular features only, so scores at most
        # `bound`; if k probed people beat it they are the top k (MaxScore-style pruning).
        probe = rare or [(feats[0][0], feats[0][1][:limit], feats[0][2])]
        cand, score = self._sum_probe(q, probe, popular if rare else feats[1:])
        cand, score, rank = self._filter(cand, score, drop, damp)
        bound = sum(f[2] for f in popular) + self._max_bonus(q)
        above = rank > bound + 1e-9
        if rare and np.count_nonzero(above) >= k:
            return self._finish(q, cand[above], score[above], rank[above], k)
        # Otherwise the probe's k-th rank is a floor: only base scores within the industry bonus
        # of it can make the top k, which keeps the dense pass's candidate set small.
        floor = np.partition(rank, len(rank) - k)[len(rank) - k] if len(rank) >= k else 0.0
        cand, score = self._dense(q, rare, popular, floor=floor - self._max_bonus(q) - 1e-9)
        return self._finish(q, *self._filter(cand, score, drop, damp), k)

    # -- patches ---------------------------------------------------------------------------------

    def add(self, profile):
        """Insert a new profile (its id must be new); its raw interests join the vocabulary."""
        if profile.id in self._slot:
            raise MatchingError(f"profile {profile.id!r} is already indexed; use update()")
        tags = self._canonical(profile, self.vocabulary.tags_for)
        self._insert(profile, tags)

    def update(self, profile):
        """Replace the profile with the same id (or add it): O(old + new features * df)."""
        if profile.id in self._slot:
            self.remove(profile.id)
        self.add(profile)

    def remove(self, profile_id):
        """Drop a profile; raises :class:`UnknownProfileError` when absent."""
        s = self._slot_of(profile_id)
        for t in set(t for t in self._tags[s] if t is not None):
            self._tag_post.remove(t, s)
            self._set_bit(("t", t), s, False)
        for g in self._goals[s]:
            self._goal_post.remove(g, s)
            self._set_bit(("g", g), s, False)
        del self._slot[profile_id]
        self._profiles[s], self._tags[s], self._goals[s] = None, (), ()
        self._sides.pop(s, None)
        self._ind[s] = self._org[s] = -1
        self._units[:, s] = -1
        self._free.append(s)
        self._damp_cache = None
        self._idf = {}
        self._rank_dirty = True  # the id arrays still hold it

    # -- internals -------------------------------------------------------------------------------

    def _slot_of(self, profile_id):
        try:
            return self._slot[profile_id]
        except (KeyError, TypeError):
            raise UnknownProfileError(f"unknown profile {profile_id!r}") from None

    def _canonical(self, profile, canon):
        raw = [i for i in profile.interests if isinstance(i, str) and basic_key(i)]
        found = dict(zip(raw, canon(raw)))
        tags = []
        for item in profile.interests:
            if isinstance(item, int):
                if not 0 <= item < len(self.vocabulary):
                    raise MatchingError(f"tag id {item} is not in the vocabulary")
                tags.append(item)
            else:
                tags.append(found.get(item))
        return tuple(tags)

    def _goal_ids(self, profile):
        return tuple(sorted({self._goal_id[self.intents[g].key] for g in profile.goals}))

    def _code(self, kind, name):
        return self._key_code(kind, org_key(name))

    def _key_code(self, kind, key):
        return self._codes.setdefault((kind, key), len(self._codes)) if key else -1

    def _bulk(self, profiles):
        raw = [i for p in profiles for i in p.interests if isinstance(i, str) and basic_key(i)]
        found = dict(zip(raw, self.vocabulary.canonicalize_many(raw)))
        n = len(profiles)
        self._ind = np.full(max(n, 16), -1, dtype=np.int32)
        self._org = np.full(max(n, 16), -1, dtype=np.int32)
        self._units = np.full((3, max(n, 16)), -1, dtype=np.int32)
        ts, tf, gs, gf = [], [], [], []
        for s, p in enumerate(profiles):
            if p.id in self._slot:
                raise MatchingError(f"duplicate profile id {p.id!r}")
            tags = self._canonical(p, lambda texts: [found[t] for t in texts])
            self._place(s, p, tags)
            for t in set(t for t in tags if t is not None):
                ts.append(s)
                tf.append(t)
            for g in self._goals[s]:
                gs.append(s)
                gf.append(g)
        self._tag_post = Postings.build(ts, tf, len(self.vocabulary))
        self._goal_post = Postings.build(gs, gf, len(self._goal_id))
        self._rank_dirty = True

    def _place(self, s, profile, tags):
        if s == len(self._profiles):
            self._profiles.append(None)
            self._tags.append(())
            self._goals.append(())
        if s >= len(self._ind):
            extra = max(16, len(self._ind) // 2)
            grow = np.full(extra, -1, dtype=np.int32)
            self._ind, self._org = np.concatenate([self._ind, grow]), np.concatenate([self._org, grow])
            self._units = np.concatenate([self._units, np.full((3, extra), -1, dtype=np.int32)], axis=1)
            for key, bits in self._bitmaps.items():
                self._bitmaps[key] = np.concatenate([bits, np.zeros(extra, dtype=bool)])
        self._slot[profile.id] = s
        self._profiles[s], self._tags[s], self._goals[s] = profile, tags, self._goal_ids(profile)
        self._ind[s] = self._code("industry", profile.industry)
        self._org[s] = self._code("organization", profile.organization)
        self._units[:, s] = unit_codes(profile, self._key_code)

    def _insert(self, profile, tags):
        s = self._free.pop() if self._free else len(self._profiles)
        self._place(s, profile, tags)
        for t in set(t for t in tags if t is not None):
            self._tag_post.add(t, s)
            self._set_bit(("t", t), s, True)
        for g in self._goals[s]:
            self._goal_post.add(g, s)
            self._set_bit(("g", g), s, True)
        self._rank_dirty = True
        self._damp_cache = None
        self._idf = {}

    def _set_bit(self, key, s, value):
        bits = self._bitmaps.get(key)
        if bits is not None:
            bits[s] = value

    def _ranks(self):
        # Slot -> rank of its id, and (int ids) the ids sorted with their slots: vectorized, since a
        # patch of a 100,000-person event would otherwise sort in Python before the next query.
        if self._rank_dirty:
            slots = np.fromiter(self._slot.values(), dtype=np.int64, count=len(self._slot))
            ids = _int_array(self._slot.keys(), len(self._slot))
            if ids is not None:
                order = np.argsort(ids, kind="stable")
            else:
                keys = list(self._slot)
                order = np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)
            rank = np.full(len(self._profiles), len(self._profiles), dtype=np.int64)
            rank[slots[order]] = np.arange(len(order))
            self._by_id = (ids[order], slots[order]) if ids is not None else None
            self._rank, self._rank_dirty = rank, False
        return self._rank

    def features(self, s):
        """``[(key, postings, weight)]`` whose weighted sum is slot ``s``'s score row (no bonuses):
        its tags weighted ``interest * idf`` and the goals complementing its goals; ``key`` is
        ``("t", tag)`` or ``("g", goal)`` (see :meth:`postings`)."""
        feats, n = [], len(self._slot)
        for t in self.slot_tags(s):
            post = self._tag_post.get(t)
            feats.append((("t", t), post, self.weights.interest * idf(len(post), n)))
        for g in self._goals[s]:
            for c in self._complements[g]:
                feats.append((("g", c), self._goal_post.get(c), self.weights.goal))
        return feats

    # -- read-only views for whole-event algorithms (matching.candidates, matching.rounds) -------

    @property
    def goal_count(self):
        """Number of goal ids (goals of :attr:`intents`, in its order)."""
        return len(self._complements)

    def slot_profile(self, s):
        """The profile at slot ``s`` (None for a removed one)."""
        return self._profiles[s]

    def slot_score(self, a, b):
        """Pair score of slots ``a`` and ``b``: :meth:`score` by slot."""
        return self._explain(a, b, 1.0).score

    def slot_scores(self, s, *, floor=0.0):
        """``(slots, scores)`` of everyone with a positive score for slot ``s`` (``s`` included
        when it shares a feature with itself) and a base score above ``floor``, or None.
        O(postings touched + N)."""
        feats = self.features(s)
        if not feats:
            return None
        idx = np.concatenate([f[1] for f in feats])
        w = np.repeat(np.array([f[2] for f in feats]), [len(f[1]) for f in feats])
        dense = np.bincount(idx, weights=w, minlength=len(self._profiles))
        cand = np.flatnonzero(dense > max(floor, 0.0))
        return self._bonus(s, cand, dense[cand].astype(float, copy=False))

    def slot_tags(self, s):
        """Sorted distinct tag ids of slot ``s``."""
        return sorted(set(t for t in self._tags[s] if t is not None))

    def slot_goals(self, s):
        """Goal ids of slot ``s``."""
        return self._goals[s]

    def complements(self, g):
        """Goal ids complementing goal id ``g``."""
        return self._complements[g]

    def postings(self, key):
        """Slots holding ``key``, ``("t", tag)`` or ``("g", goal)``: an int array, or None."""
        return (self._tag_post if key[0] == "t" else self._goal_post).get(key[1])

    def codes(self):
        """``(industry, organization)``: int32 arrays of codes by slot (-1 unknown); views, do not
        write to them."""
        return self._ind, self._org

    def unit_codes(self):
        """Department, team and office codes by slot: an int array of shape (3, slots), -1 unknown;
        a view, do not write to it."""
        return self._units

    def _bitmap(self, key, post):
        bits = self._bitmaps.get(key)
        if bits is None:
            bits = self._bitmaps[key] = np.zeros(len(self._ind), dtype=bool)
            bits[post] = True
        return bits

    def _sum_probe(self, s, probe, popular):
        idx = np.concatenate([f[1] for f in probe])
        w = np.repeat(np.array([f[2] for f in probe]), [len(f[1]) for f in probe])
        cand, inverse = np.unique(idx, return_inverse=True)
        vals = np.bincount(inverse, weights=w).astype(float, copy=False)
        for key, post, weight in popular:
            vals += weight * self._bitmap(key, post)[cand]
        return self._bonus(s, cand, vals)

    def _dense(self, s, rare, popular, *, floor):
        """:meth:`slot_scores` of slot ``s`` (its features split as in :meth:`suggest`) without summing
        every popular posting when ``floor`` is high: a base score above it needs at least ``need``
        popular features (the heaviest ``need - 1`` do not reach it), so the holders are counted in a
        byte per slot (one pass over each popular feature's bitmap) and only those holding ``need`` or
        more, plus the holders of rare features, are scored. At 100,000 people a query's popular
        postings hold ~100,000 entries and ~100 people pass; the count costs a fraction of the sum."""
        floor, weights = max(floor, 0.0), np.cumsum(sorted((f[2] for f in popular), reverse=True))
        need = int(np.searchsorted(weights, floor - 1e-9, side="right")) + 1  # heaviest sums can pass
        if need <= 2 or len(popular) > 255 or len(self._slot) < _COUNT_MIN:  # summing is as cheap
            return self.slot_scores(s, floor=floor)
        bitmaps = [self._bitmap(key, post) for key, post, _w in popular]
        held = np.zeros(len(self._ind), dtype=np.uint8)
        for bits in bitmaps:
            held += bits.view(np.uint8)
        others = np.flatnonzero(held >= need)
        if len(others) > len(self._slot) // 8:  # too many pass after all
            return self.slot_scores(s, floor=floor)
        if rare:  # their holders, whatever popular features they have
            cand, inverse = np.unique(np.concatenate([f[1] for f in rare]), return_inverse=True)
            vals = np.bincount(inverse, weights=np.repeat([f[2] for f in rare], [len(f[1]) for f in rare]))
            others = np.setdiff1d(others, cand, assume_unique=True)
            cand, vals = np.concatenate([cand, others]), np.concatenate([vals, np.zeros(len(others))])
        else:
            cand, vals = others, np.zeros(len(others))
        for bits, (_key, _post, weight) in zip(bitmaps, popular):
            vals += weight * bits[cand]
        keep = vals > floor
        return self._bonus(s, cand[keep], vals[keep])

    def _max_bonus(self, s):
        w = self.weights
        return ((w.cross_industry if self._ind[s] >= 0 else 0.0)
                + (w.cross_department if self._units[0, s] >= 0 else 0.0)
                + (w.cross_office if self._units[2, s] >= 0 else 0.0))

    def _damping(self, exposure):
        cached = self._damp_cache
        if cached is not None and cached[0] is exposure:
            return cached[1]
        self._damp_cache = (exposure, self._convert_exposure(exposure))
        return self._damp_cache[1]

    def _convert_exposure(self, exposure):
        self._ranks()
        ids = _int_array(exposure.keys(), len(exposure)) if self._by_id is not None else None
        counts = _float_array(exposure.values(), len(exposure)) if ids is not None else None
        if counts is not None:  # int ids and numbers: O(|exposure| log N) in numpy
            known_ids, known_slots = self._by_id
            if not len(known_ids):
                return None
            pos = np.minimum(np.searchsorted(known_ids, ids), len(known_ids) - 1)
            hit = (known_ids[pos] == ids) & (counts > 0)
            slots, counts = known_slots[pos[hit]], counts[hit]
            if not len(slots):
                return None
            order = np.argsort(slots)
            return slots[order], 1.0 + self.weights.exposure_alpha * np.log1p(counts[order])
        pairs = sorted(
            (self._slot[pid], float(c)) for pid, c in exposure.items()
            if pid in self._slot and c and c > 0
        )
        if not pairs:
            return None
        slots = np.array([p[0] for p in pairs])
        return slots, 1.0 + self.weights.exposure_alpha * np.log1p([p[1] for p in pairs])

    def _filter(self, cand, score, drop, damp):
        keep = ~np.isin(cand, drop) if len(drop) > 1 else cand != drop[0]
        cand, score = cand[keep], score[keep]
        rank = score
        if damp is not None:
            slots, factor = damp
            pos = np.minimum(np.searchsorted(slots, cand), len(slots) - 1)
            hit = slots[pos] == cand
            rank = score.copy()
            rank[hit] /= factor[pos[hit]]
        return cand, score, rank

    def _finish(self, q, cand, score, rank, k):
        if len(cand) > k:
            top = np.argpartition(-rank, k - 1)[:k]
            # Everything within rounding of the k-th score competes on id below.
            sel = np.flatnonzero(rank >= rank[top].min() - 1e-9)
            cand, score, rank = cand[sel], score[sel], rank[sel]
        order = np.lexsort((self._ranks()[cand], -np.round(rank, 9)))[:k]
        return [self._explain(q, int(c), float(rank[i] / score[i]))
                for i, c in zip(order, cand[order])]

    def _bonus(self, s, cand, vals):
        if self.weights.cross_industry and self._ind[s] >= 0:
            ind = self._ind[cand]
            vals += self.weights.cross_industry * ((ind >= 0) & (ind != self._ind[s]))
        vals = adjust(self.weights, self._units[:, s], self._units[:, cand], vals)
        if self._org[s] >= 0 and self.weights.same_organization != 1:
            vals[self._org[cand] == self._org[s]] *= self.weights.same_organization
        keep = vals > 0
        return cand[keep], vals[keep]

    def _side(self, s):
        side = self._sides.get(s)
        if side is None:
            side = self._sides[s] = explain_side(self._profiles[s], self._tags[s], self.intents)
        return side

    def _explain(self, a, b, damp):
        m = explain(
            self._profiles[a], self._tags[a], self._profiles[b], self._tags[b],
            weights=self.weights, intents=self.intents, idf_of=self.idf,
            label_of=self.vocabulary.label, sides=(self._side(a), self._side(b)),
        )
        return type(m)(m.profile_id, m.score, m.reasons, m.icebreaker, round(float(m.score * damp), 9))


def _int_array(values, count):
    """``values`` (re-iterable) as an int64 array, or None unless every one is an int (str ids)."""
    if not all(type(v) is int for v in values):  # numpy would read "12" as 12
        return None
    try:
        return np.fromiter(values, dtype=np.int64, count=count)
    except OverflowError:
        return None


def _float_array(values, count):
    try:
        return np.fromiter(values, dtype=float, count=count)
    except (TypeError, ValueError):
        return None
