"""Top-k candidate graph of a whole event, the input of round planning.

For every slot the k best partners by pair score; ties by a fixed hash of the pair (deterministic,
see ``_tie_key``). Up to :data:`EXACT_LIMIT` profiles each row is exact: one ``bincount`` over the event
(O(N) per row, so O(N^2) in all, about 0.3 s at 5,000). Beyond it a posting longer than ``cap``
contributes only the ``cap`` slots around the query slot (a window in slot order), and rows are
summed over the union of touched slots: O(features * cap) per row, so 100k rows take seconds. The
windowed scores of pairs sharing several popular features can be underestimated; the planner then
re-scores the edges it keeps exactly.
"""

import numpy as np

__all__ = ["candidate_graph", "EXACT_LIMIT"]

EXACT_LIMIT = 20_000


def candidate_graph(index, k, *, cap=256):
    """``(nbr, w)``: int64/float64 arrays of shape (N, k); ``nbr`` is -1 where a row has fewer
    than k positive-score partners. Slots must be 0..N-1 (a freshly built index)."""
    n = len(index)
    k = max(1, min(k, n - 1))
    nbr = np.full((n, k), -1, dtype=np.int64)
    w = np.zeros((n, k))
    exact = n <= EXACT_LIMIT
    for s in range(n):
        if exact:
            scores = index._scores(s)
            if scores is None:
                continue
            scores[s] = 0.0
            cand = np.flatnonzero(scores > 0)
            vals = scores[cand]
        else:
            cand, vals = _windowed_row(index, s, cap)
        if len(cand) > k:
            part = np.argpartition(-vals, k - 1)[:k]
            keep = vals >= vals[part].min()
            cand, vals = cand[keep], vals[keep]
        order = np.lexsort((_tie_key(s, cand), -vals))[:k]
        nbr[s, :len(order)] = cand[order]
        w[s, :len(order)] = vals[order]
    return nbr, w


def _tie_key(s, cand):
    # A fixed hash of the pair, not the slot: equal-score partners then spread over the event
    # instead of piling onto the smallest ids, which starves the assignment of useful edges.
    x = (cand.astype(np.uint64) * np.uint64(2654435761) + np.uint64(s) * np.uint64(40503))
    return (x ^ (x >> np.uint64(13))) * np.uint64(2246822519) & np.uint64(0xFFFFFFFF)


def _windowed_row(index, s, cap):
    arrays, ws = index.query_features(s)
    if not arrays:
        return np.empty(0, dtype=np.int64), np.empty(0)
    parts, lens = [], []
    for post in arrays:
        if len(post) > cap:
            pos = int(np.searchsorted(post, s))
            start = max(0, min(pos - cap // 2, len(post) - cap))
            post = post[start:start + cap]
        parts.append(post)
        lens.append(len(post))
    idx = np.concatenate(parts)
    wts = np.repeat(np.asarray(ws), lens)
    cand, inverse = np.unique(idx, return_inverse=True)
    vals = np.bincount(inverse, weights=wts)
    wts = index.weights
    ind, org = index._ind[cand], index._org[cand]
    if wts.cross_industry and index._ind[s] >= 0:
        vals = vals + wts.cross_industry * ((ind >= 0) & (ind != index._ind[s]))
    if index._org[s] >= 0:
        vals = np.where(org == index._org[s], vals * wts.same_organization, vals)
    keep = (cand != s) & (vals > 0)
    return cand[keep].astype(np.int64), np.round(vals[keep], 9)
