"""Top-k candidate graph of a whole event, the input of round planning.

For every slot the k best partners by pair score; ties by a fixed hash of the pair (deterministic,
see ``_tie_key``). Up to :data:`EXACT_LIMIT` profiles rows are exact, computed by blocks of rows
as ``Q @ A.T`` (query weights x holders): popular features through a dense BLAS product, the long
tail through a sparse one, then a row-wise ``argpartition``; O(N^2) in all, 0.2 s at 5,000.
Beyond it a posting longer than ``cap``
contributes only ``cap`` holders: the posting is sorted by a signature of the popular features each
holder has, and the window is taken around the signature the query wants (see ``_Windows``), so it
holds the people sharing most of the query's other popular features. Rows are summed over the union
of touched slots: O(features * cap) per row. Scores of pairs outside a window are missed, so large
events get a good rather than exact candidate graph.
"""

import numpy as np
from scipy.sparse import csr_matrix

from .unit_terms import adjust

__all__ = ["candidate_graph", "EXACT_LIMIT"]

EXACT_LIMIT = 20_000


def candidate_graph(index, k, *, cap=1024):
    """``(nbr, w)``: int64/float64 arrays of shape (N, k); ``nbr`` is -1 where a row has fewer
    than k positive-score partners. Slots must be 0..N-1 (a freshly built index)."""
    n = len(index)
    k = max(1, min(k, n - 1))
    nbr = np.full((n, k), -1, dtype=np.int64)
    w = np.zeros((n, k))
    if n <= EXACT_LIMIT:
        _exact(index, k, nbr, w)
        return nbr, w
    windows = _Windows(index, cap)
    for s in range(n):
        cand, vals = _windowed_row(index, s, windows)
        if len(cand) > k:
            part = np.argpartition(-vals, k - 1)[:k]
            keep = vals >= vals[part].min()
            cand, vals = cand[keep], vals[keep]
        order = np.lexsort((_tie_key(s, cand), -vals))[:k]
        nbr[s, :len(order)] = cand[order]
        w[s, :len(order)] = vals[order]
    return nbr, w


class _Windows:
    """Long postings sorted by a *signature*: one bit per popular feature held (complementary
    goals in the highest bits, then tags from the rarest), so that the ``cap`` holders around the
    signature a query *wants* share most of its other popular features."""

    def __init__(self, index, cap):
        self.cap, self._sorted = cap, {}
        keys = [("g", g) for g in range(index.goal_count)]
        keys += [("t", t) for t in range(len(index.vocabulary))]
        df = {key: len(index.postings(key)) for key in keys}
        popular = [key for key in keys if df[key] > cap]
        popular.sort(key=lambda key: (key[0] != "g", df[key], key))
        self.bit = {key: np.uint64(1) << np.uint64(62 - i) for i, key in enumerate(popular[:63])}
        self.sig = np.zeros(len(index.codes()[0]), dtype=np.uint64)
        for key, bit in self.bit.items():
            self.sig[index.postings(key)] |= bit

    def window(self, key, post, want):
        if key not in self._sorted:
            order = np.argsort(self.sig[post], kind="stable")
            self._sorted[key] = (post[order], self.sig[post][order])
        slots, sigs = self._sorted[key]
        pos = int(np.searchsorted(sigs, want))
        start = max(0, min(pos - self.cap // 2, len(slots) - self.cap))
        return slots[start:start + self.cap]


def _matrices(index):
    """Holder matrix A (slot x feature, 0/1) and query matrix Q (slot x feature, weights) such
    that base scores are Q @ A.T; features are tags, then goals."""
    n, tags = len(index), len(index.vocabulary)
    rows, cols, qrows, qcols, qvals = [], [], [], [], []
    for s in range(n):
        for t in index.slot_tags(s):
            rows.append(s)
            cols.append(t)
            qrows.append(s)
            qcols.append(t)
            qvals.append(index.weights.interest * index.idf(t))
        for g in index.slot_goals(s):
            rows.append(s)
            cols.append(tags + g)
            for c in index.complements(g):
                qrows.append(s)
                qcols.append(tags + c)
                qvals.append(index.weights.goal)
    shape = (n, tags + index.goal_count)
    a = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    q = csr_matrix((qvals, (qrows, qcols)), shape=shape)  # duplicates add up, as in suggest
    return a, q


def _exact(index, k, nbr, w):
    n = len(index)
    a, q = _matrices(index)
    df = np.asarray(a.sum(axis=0)).ravel()
    # The most held features as a dense product (BLAS), the long tail as a sparse one.
    by_df = np.argsort(-df, kind="stable")
    popular = np.sort(by_df[:64][df[by_df[:64]] > max(16, n // 200)])
    rare = np.setdiff1d(np.arange(a.shape[1]), popular)
    # Ties: two extra dense columns add 1e-11 * cos(theta_i - phi_j), a deterministic jitter far
    # below the 1e-9 rounding step whose order differs from row to row, so equal partners spread
    # over the event instead of piling onto the same people.
    theta = np.arange(n) * 2.399963229728653
    phi = np.arange(n) * 0.6180339887498949 * 2 * np.pi
    a_pop = np.hstack([a[:, popular].toarray(), np.cos(phi)[:, None], np.sin(phi)[:, None]])
    q_pop = np.hstack([q[:, popular].toarray(), 1e-11 * np.cos(theta)[:, None],
                       1e-11 * np.sin(theta)[:, None]])
    a_rare_t, q_rare = a[:, rare].T.tocsr(), q[:, rare].tocsr()
    ind, org = (codes[:n] for codes in index.codes())
    members = {}
    for s, o in enumerate(org.tolist()):
        if o >= 0:
            members.setdefault(o, []).append(s)
    members = {o: np.array(m) for o, m in members.items()}
    wts = index.weights
    known = ind >= 0
    block = max(64, 4_000_000 // n)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        scores = q_pop[lo:hi] @ a_pop.T
        tail = (q_rare[lo:hi] @ a_rare_t).tocoo()
        np.add.at(scores, (tail.row, tail.col), tail.data)
        if wts.cross_industry:
            bi = ind[lo:hi, None]
            bonus = bi != ind[None, :]
            bonus &= known[None, :]
            bonus &= bi >= 0
            bonus &= scores > 1e-9
            scores += wts.cross_industry * bonus
        scores = adjust(wts, index.unit_codes()[:, lo:hi, None], index.unit_codes()[:, None, :n], scores)
        for r in range(hi - lo):
            o = org[lo + r]
            if o >= 0 and wts.same_organization != 1:
                scores[r, members[o]] *= wts.same_organization
            scores[r, lo + r] = -1.0
        part = np.argpartition(scores, n - k, axis=1)[:, n - k:]
        vals = np.take_along_axis(scores, part, axis=1)
        order = np.argsort(-vals, axis=1, kind="stable")
        part = np.take_along_axis(part, order, axis=1)
        vals = np.round(np.take_along_axis(vals, order, axis=1), 9)
        nbr[lo:hi] = np.where(vals > 0, part, -1)
        w[lo:hi] = np.where(vals > 0, vals, 0.0)


def _tie_key(s, cand):
    # A fixed hash of the pair, not the slot: equal-score partners then spread over the event
    # instead of piling onto the smallest ids, which starves the assignment of useful edges.
    x = (cand.astype(np.uint64) * np.uint64(2654435761) + np.uint64(s) * np.uint64(40503))
    return (x ^ (x >> np.uint64(13))) * np.uint64(2246822519) & np.uint64(0xFFFFFFFF)


def _windowed_row(index, s, windows):
    feats = index.features(s)
    if not feats:
        return np.empty(0, dtype=np.int64), np.empty(0)
    want = np.uint64(0)
    for key, _post, _w in feats:
        want |= windows.bit.get(key, np.uint64(0))
    parts, lens, ws = [], [], []
    for key, post, weight in feats:
        if len(post) > windows.cap:
            post = windows.window(key, post, want)
        parts.append(post)
        lens.append(len(post))
        ws.append(weight)
    idx = np.concatenate(parts)
    wts = np.repeat(np.asarray(ws), lens)
    cand, inverse = np.unique(idx, return_inverse=True)
    vals = np.bincount(inverse, weights=wts)
    wts = index.weights
    all_ind, all_org = index.codes()
    ind, org = all_ind[cand], all_org[cand]
    if wts.cross_industry and all_ind[s] >= 0:
        vals = vals + wts.cross_industry * ((ind >= 0) & (ind != all_ind[s]))
    units = index.unit_codes()
    vals = adjust(wts, units[:, s], units[:, cand], vals)
    if all_org[s] >= 0:
        vals = np.where(org == all_org[s], vals * wts.same_organization, vals)
    keep = (cand != s) & (vals > 0)
    return cand[keep].astype(np.int64), np.round(vals[keep], 9)
