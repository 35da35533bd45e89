"""Benchmark: speed-networking rounds, time per round and weight vs the optimum.

    .venv/bin/python -m bench.matching_rounds            # 200, 1,000, 5,000
    .venv/bin/python -m bench.matching_rounds --full     # also 100,000

Reference for round 1 (no constraints yet): networkx's exact ``max_weight_matching`` up to 200
people; the assignment relaxation (``linear_sum_assignment`` on the dense score matrix, halved),
an upper bound of the optimum, up to 5,000; beyond, the weaker bound sum_i max_j score(i, j) / 2.
Ratios against an upper bound understate the real ratio.
"""

import argparse
import itertools
import os
import time

import networkx as nx
import numpy as np
from scipy.optimize import linear_sum_assignment

from bench.synthetic import event
from matching import MatchIndex, plan_rounds, round_weight


def check(plan, ids):
    seen = set()
    for groups in plan:
        assert sorted(x for g in groups for x in g) == sorted(ids), "someone not seated once"
        for g in groups:
            for a, b in itertools.combinations(g, 2):
                assert frozenset((a, b)) not in seen, "repeat"
                seen.add(frozenset((a, b)))


def reference(index, n):
    if n <= 200:
        graph = nx.Graph()
        for s in range(n):
            cand, vals = index.slot_scores(s) or ((), ())
            graph.add_weighted_edges_from((s, int(c), float(v)) for c, v in zip(cand, vals) if c > s)
        matching = nx.max_weight_matching(graph)
        return sum(graph[a][b]["weight"] for a, b in matching), "networkx exact"
    if n <= 5000:
        dense = np.zeros((n, n))
        for s in range(n):
            found = index.slot_scores(s)
            if found:
                dense[s, found[0]] = found[1]
        np.fill_diagonal(dense, -1e9)
        rows, cols = linear_sum_assignment(dense, maximize=True)
        return dense[rows, cols].sum() / 2, "assignment bound"
    best = sum(m[0].score for s in range(n) if (m := index.suggest(s, k=1)))
    return best / 2, "sum of row maxima / 2"


def run(n, rounds, seed, with_reference):
    ev = event(n, seed=seed)
    ids = [p.id for p in ev.profiles]
    start = time.perf_counter()
    one = plan_rounds(ev.profiles, 1)
    first = time.perf_counter() - start
    start = time.perf_counter()
    plan = plan_rounds(ev.profiles, rounds)
    several = time.perf_counter() - start
    check(plan, ids)
    assert plan[0] == one[0]
    index = MatchIndex(ev.profiles)
    got = round_weight(index, plan[0])
    line = (f"n={n:>7,} one round={first:.2f}s {rounds} rounds={several:.2f}s "
            f"({several / rounds:.2f}s/round) round-1 weight={got:.1f}")
    if with_reference:
        start = time.perf_counter()
        best, kind = reference(index, n)
        line += f" reference={best:.1f} ({kind}, {time.perf_counter() - start:.0f}s) ratio={got / best:.4f}"
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="include 100,000 attendees")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="*", help="override the sizes to run")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")
    sizes = args.sizes or (200, 1_000, 5_000) + ((100_000,) if args.full else ())
    for n in sizes:
        run(n, args.rounds, args.seed, not args.no_reference)


if __name__ == "__main__":
    main()
