"""Seating state shared by the round planner: constraints, pair weights, repair and trio steps."""

import itertools
from functools import lru_cache

import numpy as np

from .errors import InfeasibleError

__all__ = ["Seating", "to_trios", "EXACT_SMALL"]

#: Up to this many people a round is solved exactly (bitmask dynamic programme).
EXACT_SMALL = 12


class Seating:
    """Forbidden pairs (met, blocked, seated earlier) and exact pair weights by slot."""

    def __init__(self, n, index, forbidden, nbr, w):
        self.n, self.index, self.nbr, self.w = n, index, nbr, w
        self._forbidden = set(forbidden)
        self._forbidden_arr = None
        self._codes = np.empty(0, dtype=np.int64)
        self._vals = np.empty(0)
        self._extra = {}

    def code(self, i, j):
        return min(i, j) * self.n + max(i, j)

    def allowed(self, i, j):
        return i != j and self.code(i, j) not in self._forbidden

    def forbidden_mask(self, codes):
        if self._forbidden_arr is None:
            self._forbidden_arr = np.fromiter(self._forbidden, dtype=np.int64)
        return np.isin(codes, self._forbidden_arr)

    def allowed_matrix(self):
        """Dense N x N booleans of :meth:`allowed` (O(N^2) memory: for small events only)."""
        ok = np.ones((self.n, self.n), dtype=bool)
        codes = np.fromiter(self._forbidden, dtype=np.int64, count=len(self._forbidden))
        ok[codes // self.n, codes % self.n] = ok[codes % self.n, codes // self.n] = False
        np.fill_diagonal(ok, False)
        return ok

    def mark_met(self, group):
        for a in group:
            for b in group:
                if a < b:
                    self._forbidden.add(self.code(a, b))
        self._forbidden_arr = None

    def remember(self, lo, hi, vals):
        """Keep the candidate-graph weights (sorted by pair code) for :meth:`weight`."""
        self._codes, self._vals = lo * self.n + hi, vals

    def weight(self, i, j):
        """Pair score of slots i and j: candidate graph weight, else computed exactly."""
        c = self.code(i, j)
        pos = int(np.searchsorted(self._codes, c))
        if pos < len(self._codes) and self._codes[pos] == c:
            return float(self._vals[pos])
        if c not in self._extra:
            self._extra[c] = self.index.slot_score(i, j)
        return self._extra[c]

    def fill(self, pairs, left, nbr):
        """Seat ``left`` (sorted slots) around ``pairs``: greedy, any partner, swaps, one trio."""
        left_set, edges = set(left), []
        for u in left:
            for j, wt in zip(nbr[u], self.w[u]):
                if j >= 0 and int(j) in left_set and u < j and self.allowed(u, int(j)):
                    edges.append((-wt, u, int(j)))
        done = set()
        for _neg, a, b in sorted(edges):
            if a not in done and b not in done:
                pairs.append((a, b))
                done.update((a, b))
        rest = [u for u in left if u not in done]
        for pos, u in enumerate(rest):
            if u in done:
                continue
            for v in rest[pos + 1:]:
                if v not in done and self.allowed(u, v):
                    pairs.append((u, v))
                    done.update((u, v))
                    break
        rest = [u for u in rest if u not in done]
        while len(rest) >= 2:
            u, others = rest[0], rest[1:]
            if not self._swap_in(pairs, u, others):
                raise InfeasibleError("no seating avoids every blocked or already-met pair")
            rest = [x for x in rest if all(x not in p for p in pairs[-2:])]
        groups = [tuple(p) for p in pairs]
        if rest:
            self._join_trio(groups, rest[0])
        return groups

    def _swap_in(self, pairs, u, others):
        for idx, (a, b) in enumerate(pairs):
            for x in others:
                for p, q in ((a, b), (b, a)):
                    if self.allowed(u, p) and self.allowed(x, q):
                        pairs.pop(idx)
                        pairs.extend([(u, p), (x, q)])
                        return True
        return False

    def _join_trio(self, groups, u):
        near = {int(j) for j in self.nbr[u] if j >= 0}
        best, best_idx = None, None
        for idx, g in enumerate(groups):
            if len(g) == 2 and (g[0] in near or g[1] in near) and all(self.allowed(u, x) for x in g):
                gain = sum(self.weight(u, x) for x in g)
                if best is None or gain > best:
                    best, best_idx = gain, idx
        if best_idx is None:
            best_idx = next((i for i, g in enumerate(groups)
                             if all(self.allowed(u, x) for x in g)), None)
        if best_idx is None:
            self._trio_by_swap(groups, u)
            return
        groups[best_idx] = groups[best_idx] + (u,)

    def _trio_by_swap(self, groups, u):
        """``u`` pairs with ``a`` from some pair (a, b) and ``b`` joins another pair as a trio."""
        for idx, g in enumerate(groups):
            if len(g) != 2:
                continue
            for a, b in (g, g[::-1]):
                if not self.allowed(u, a):
                    continue
                for jdx, h in enumerate(groups):
                    if jdx != idx and len(h) == 2 and all(self.allowed(b, x) for x in h):
                        groups[idx], groups[jdx] = (u, a), h + (b,)
                        return
        raise InfeasibleError("the odd person out cannot join any group without a repeat")

    def exact_small(self, group_size=2):
        """Best seating of a small round by dynamic programming over subsets.

        ``group_size=2``: pairs and one trio if odd; ``3``: trios plus one pair (n % 3 == 2) or
        one quartet (n % 3 == 1). Ties keep the first found (lowest slots first).
        """
        n, full = self.n, (1 << self.n) - 1
        w = [[self.weight(i, j) if self.allowed(i, j) else None for j in range(n)]
             for i in range(n)]
        base = group_size
        special = (3 if n % 2 else None) if base == 2 else {0: None, 1: 4, 2: 2}[n % 3]

        def group_weight(g):
            total = 0.0
            for a, b in itertools.combinations(g, 2):
                if w[a][b] is None:
                    return None
                total += w[a][b]
            return total

        @lru_cache(maxsize=None)
        def best(mask, need_special):
            if mask == full:
                return (0.0, ()) if not need_special else None
            i = (~mask & (mask + 1)).bit_length() - 1
            free = [j for j in range(i + 1, n) if not mask >> j & 1 and w[i][j] is not None]
            top = None
            for size, flag in ((base, need_special), (special, False)):
                if size is None or (size == special and not need_special and size != base):
                    continue
                for rest in itertools.combinations(free, size - 1):
                    g = (i,) + rest
                    gw = group_weight(g)
                    if gw is None:
                        continue
                    bits = mask
                    for x in g:
                        bits |= 1 << x
                    sub = best(bits, flag)
                    if sub is not None and (top is None or sub[0] + gw > top[0]):
                        top = (sub[0] + gw, (g,) + sub[1])
            return top

        result = best(0, special is not None)
        if result is None:
            raise InfeasibleError("no seating avoids every blocked or already-met pair")
        return list(result[1])


def to_trios(seat, groups, nbr):
    """Turn a round of pairs (and one trio) into groups of three; see :mod:`matching.rounds`."""
    t, r = divmod(seat.n, 3)
    pairs, singles = [], []
    for g in groups:
        if len(g) == 2:
            pairs.append(tuple(g))
        else:
            a, b = max(((x, y) for x in g for y in g if x < y), key=lambda p: (seat.weight(*p), -p[0], -p[1]))
            pairs.append((a, b))
            singles.extend(x for x in g if x not in (a, b))
    pairs.sort(key=lambda p: (-seat.weight(*p), p))
    keep = t + (1 if r == 2 else 0)
    cores = [list(p) for p in pairs[:keep]]
    for p in pairs[keep:]:
        singles.extend(p)
    singles.sort()
    core_of = {m: ci for ci, c in enumerate(cores) for m in c}
    options = []
    for x in singles:
        for ci in sorted({core_of[int(j)] for j in nbr[x] if j >= 0 and int(j) in core_of}):
            a, b = cores[ci]
            if seat.allowed(x, a) and seat.allowed(x, b):
                options.append((-(seat.weight(x, a) + seat.weight(x, b)), x, ci))
    capacity = t
    placed, used = set(), set()
    for _neg, x, ci in sorted(options):
        if x not in placed and ci not in used and len(used) < capacity:
            cores[ci].append(x)
            placed.add(x)
            used.add(ci)
    for x in singles:
        if x in placed:
            continue
        ci = next((ci for ci, c in enumerate(cores) if ci not in used and len(used) < capacity
                   and all(seat.allowed(x, m) for m in c)), None)
        if ci is None:
            ci = next((ci for ci, c in enumerate(cores) if len(c) == 3
                       and all(seat.allowed(x, m) for m in c)), None) if r == 1 else None
            if ci is None:
                ci = _bump(seat, cores, used, capacity, x)
            if ci is None:
                raise InfeasibleError("cannot form groups of three without a repeat")
        else:
            used.add(ci)
        cores[ci].append(x)
        placed.add(x)
    return [tuple(c) for c in cores]


def _bump(seat, cores, used, capacity, x):
    """Seat ``x`` in a core whose single ``y`` can move to a free core; return that core."""
    for ci in sorted(used):
        core = cores[ci]
        if len(core) != 3 or not all(seat.allowed(x, m) for m in core[:2]):
            continue
        y = core[2]
        for cj, other in enumerate(cores):
            if cj not in used and len(other) == 2 and all(seat.allowed(y, m) for m in other):
                core.pop()
                other.append(y)
                used.add(cj)
                return ci
    return None
