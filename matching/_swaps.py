"""Local improvement of one round's pairs by partner swaps (2-opt on a matching).

For pairs (a, b) and (c, d) where c is one of a's candidate partners, the round is re-paired as
(a, c)+(b, d) or (a, d)+(b, c) when that is allowed and strictly heavier. Repeated until no swap
gains or ``passes`` sweeps are done. Each sweep is O(N * k) weight look-ups (scores outside the
candidate graph are computed once and cached by :class:`matching._seating.Seating`); it lifts the
assignment + repair result of :mod:`matching.rounds` from ~0.98 to >= 0.99 of the exact optimum on
events of 50-500 people. Deterministic: slots and candidates are visited in order.
"""

import numpy as np

__all__ = ["improve_pairs", "MAX_PEOPLE"]

#: Larger rounds skip the swaps: the weights outside the candidate graph would cost too much.
MAX_PEOPLE = 2000
_GAIN = 1e-9


def improve_pairs(seat, groups, nbr, *, passes=6):
    """Return ``groups`` with its pairs improved by swaps; trios and larger groups are kept."""
    n = seat.n
    if n > MAX_PEOPLE:
        return groups
    mate = np.full(n, -1, dtype=np.int64)
    kept = []
    for g in groups:
        if len(g) == 2:
            mate[g[0]], mate[g[1]] = g[1], g[0]
        else:
            kept.append(g)
    weight, allowed = seat.weight, seat.allowed

    def option(x, y, u, v):
        return weight(x, y) + weight(u, v) if allowed(x, y) and allowed(u, v) else -np.inf

    for _ in range(passes):
        changed = False
        for a in range(n):
            for c in nbr[a].tolist():
                b = int(mate[a])
                if c < 0 or b < 0 or c in (a, b) or mate[c] < 0:
                    continue
                d = int(mate[c])
                now = weight(a, b) + weight(c, d)
                with_c, with_d = option(a, c, b, d), option(a, d, b, c)
                if max(with_c, with_d) <= now + _GAIN:
                    continue
                x, y = (c, d) if with_c >= with_d else (d, c)  # a meets x, b meets y
                mate[a], mate[x], mate[b], mate[y] = x, a, y, b
                changed = True
        if not changed:
            break
    pairs = [(a, int(mate[a])) for a in range(n) if mate[a] > a]
    return pairs + kept
