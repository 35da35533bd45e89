"""Better rounds for events of up to 600 people: exact pairs from an integer programme, then swaps.

:func:`exact_groups` (up to :data:`EXACT_PEOPLE`): a maximum-weight matching on each person's 48
best allowed partners with a positive score, solved by HiGHS (``scipy.optimize.milp``, relative
gap 0.2%); up to :data:`SEAT_ALL_PEOPLE` it also seats everyone (people with fewer than 3 such
partners may sit with anyone allowed, at score 0), else ``seat.fill`` seats the people it leaves.
~0.3-1.5 s of CPU per round at 300-500 people (mostly the root node's cuts and heuristics).

:func:`improve_pairs` (up to :data:`MAX_PEOPLE`, local search on a matching): for pairs (a, b)
and (c, d) where c is one of a's ``width`` best partners, the round is re-paired as
(a, c)+(b, d) or (a, d)+(b, c) when that is allowed and strictly heavier; when no such swap is
left, three pairs are rotated (:func:`_rotations`). Repeated until nothing gains or ``passes``
sweeps are done. The pair scores come from one dense N x N matrix built once per plan (O(N^2)
memory: 3 MB at 600 people). After the fill step broke pairs to seat people nobody scores with,
this is what brings later rounds back to >= 0.99 of the exact optimum (see
:mod:`matching.rounds`). Deterministic: slots and partners are visited in order.
"""

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

__all__ = ["improve_pairs", "exact_groups", "MAX_PEOPLE", "EXACT_PEOPLE"]

#: Larger rounds skip the swaps: the dense score matrix would cost too much.
MAX_PEOPLE = 600
#: Up to this many people a round's pairs come from an integer programme (HiGHS, via scipy) on
#: each person's 48 best allowed partners with a positive score.
EXACT_PEOPLE = 600
#: Up to this many people the programme also seats everyone: ~0.3-0.9 s of CPU per round at 200
#: people, but ~8 s at 500, where seating the rest by the fill step and swaps measured as good.
SEAT_ALL_PEOPLE = 200
_GAIN = 1e-9
_GAP = 0.002
_NEEDY = 3


def _prepare(seat, width):
    if getattr(seat, "dense_scores", None) is not None:
        return
    # Every pair's score once (O(N^2) memory, fine below MAX_PEOPLE), and each person's `width`
    # best partners as the candidates of every round.
    n = seat.n
    dense = np.zeros((n, n))
    for s in range(n):
        found = seat.index.slot_scores(s)
        if found is not None:
            dense[s, found[0]] = found[1]
    np.fill_diagonal(dense, 0.0)
    seat.dense_scores = dense
    # Equal scores are common (few shared topics): ties go to the slots following each person's
    # own, so the lists of people who score alike do not all name the same lowest slots.
    after = (np.arange(n)[None, :] - np.arange(n)[:, None]) % n
    seat.swap_partners = np.lexsort((after, -dense))[:, :width].tolist()


def exact_groups(seat, nbr, *, width=48):
    """Best seating of this round: a maximum-weight matching on each person's ``width`` best
    allowed partners (positive scores only) from an integer programme, then ``seat.fill`` seats
    the people it leaves out. Deterministic (HiGHS MIP)."""
    _prepare(seat, width)
    n, dense, allowed = seat.n, seat.dense_scores, seat.allowed
    edges = {(min(a, c), max(a, c)) for a in range(n) for c in seat.swap_partners[a]
             if dense[a, c] > 0 and allowed(a, c)}
    # People with few scoring partners left must still sit with someone: the programme may seat
    # them with anyone allowed (at score 0) and seats everyone at once, instead of the fill step
    # breaking good pairs one at a time after it.
    pairs = []
    if n <= SEAT_ALL_PEOPLE:
        degree = np.bincount(np.array(sorted(edges), dtype=np.int64).ravel(), minlength=n)
        needy = [a for a in range(n) if degree[a] < _NEEDY]
        seated = edges | {(min(a, c), max(a, c)) for a in needy for c in range(n)
                          if c != a and allowed(a, c)}
        pairs = _matching(n, dense, seated, seated=n // 2)
    pairs = pairs or _matching(n, dense, edges)
    return seat.fill(pairs, _left(n, pairs), nbr)


def _left(n, pairs):
    used = {x for p in pairs for x in p}
    return [x for x in range(n) if x not in used]


def _matching(n, dense, edges, *, seated=None):
    """Pairs of a maximum-weight matching on ``edges`` (unordered slot pairs); with ``seated``,
    of one with exactly that many pairs ([] when there is none)."""
    if not edges:
        return []
    e = np.array(sorted(edges))
    m = len(e)
    incidence = csr_matrix((np.ones(2 * m), (np.r_[e[:, 0], e[:, 1]], np.r_[np.arange(m), np.arange(m)])),
                           shape=(n, m))
    constraints = [LinearConstraint(incidence, 0, 1)]
    if seated is not None:
        constraints.append(LinearConstraint(np.ones((1, m)), seated, seated))
    found = milp(-dense[e[:, 0], e[:, 1]], constraints=constraints, integrality=np.ones(m),
                 bounds=Bounds(0, 1), options={"mip_rel_gap": _GAP})
    if found.x is None:  # no such matching (or, without `seated`, not expected)
        return []
    return [tuple(map(int, x)) for x in e[found.x > 0.5]]


def improve_pairs(seat, groups, *, width=48, passes=8):
    """Return ``groups`` with its pairs improved by swaps; trios and larger groups are kept."""
    n = seat.n
    if n > MAX_PEOPLE:
        return groups
    _prepare(seat, width)
    weight, partners, ok = seat.dense_scores, seat.swap_partners, seat.allowed_matrix()
    mate = np.full(n, -1, dtype=np.int64)
    kept = []
    for g in groups:
        if len(g) == 2:
            mate[g[0]], mate[g[1]] = g[1], g[0]
        else:
            kept.append(g)

    def option(x, y, u, v):
        return weight[x, y] + weight[u, v] if ok[x, y] and ok[u, v] else -np.inf

    def two_opt():
        changed = False
        for a in range(n):
            for c in partners[a]:
                b = int(mate[a])
                if b < 0 or weight[a, c] <= 0 or c in (a, b) or mate[c] < 0:
                    continue
                d = int(mate[c])
                now = weight[a, b] + weight[c, d]
                with_c, with_d = option(a, c, b, d), option(a, d, b, c)
                if max(with_c, with_d) <= now + _GAIN:
                    continue
                x, y = (c, d) if with_c >= with_d else (d, c)  # a meets x, b meets y
                mate[a], mate[x], mate[b], mate[y] = x, a, y, b
                changed = True
        return changed

    partner_array = np.array(partners, dtype=np.int64)
    for _ in range(passes):
        # Swaps first (cheap); rotations of three pairs get out of the swaps' local optima.
        if not two_opt() and not _rotations(weight, ok, partner_array, mate):
            break
    pairs = [(a, int(mate[a])) for a in range(n) if mate[a] > a]
    return pairs + kept


def _rotations(weight, ok, partners, mate, *, depth=48):
    """One sweep of three-pair rotations: pairs (a, b), (c, d), (e, f) become (a, c), (d, e),
    (f, b) when that is allowed and heavier, c among a's partners and e among d's first ``depth``.
    Every candidate is scored at once (arrays of N x width x depth); the best move of each person
    is then applied, heaviest first, if none of its six people moved yet. Returns the count."""
    n = len(mate)
    a, b = np.arange(n), mate.copy()
    c = partners
    d = mate[c]
    e = partners[d.clip(0), :depth]
    f = mate[e]
    a3, b3, c3, d3 = a[:, None, None], b[:, None, None].clip(0), c[:, :, None], d[:, :, None].clip(0)
    gain = (weight[a[:, None], c][:, :, None] + weight[d3, e] + weight[f.clip(0), b3]
            - weight[a, b.clip(0)][:, None, None] - weight[c3, d3] - weight[e, f.clip(0)])
    valid = ((b[:, None, None] >= 0) & (d[:, :, None] >= 0) & (f >= 0)
             & (c3 != a3) & (c3 != b3) & (e != a3) & (e != b3) & (e != c3) & (e != d3)
             & ok[a3, c3] & ok[d3, e] & ok[f.clip(0), b3])
    flat = np.where(valid, gain, -np.inf).reshape(n, -1)
    best = flat.argmax(axis=1)
    top = flat[a, best]
    moved = np.zeros(n, dtype=bool)
    applied = 0
    for s in np.argsort(-top, kind="stable"):
        if top[s] <= _GAIN:
            break
        ci, ei = divmod(int(best[s]), e.shape[2])
        six = [int(s), int(b[s]), int(c[s, ci]), int(d[s, ci]), int(e[s, ci, ei]), int(f[s, ci, ei])]
        if moved[six].any():  # an earlier move changed one of these pairs
            continue
        sa, sb, sc, sd, se, sf = six
        mate[[sa, sc, sd, se, sf, sb]] = sc, sa, se, sd, sb, sf
        moved[six] = True
        applied += 1
    return applied
