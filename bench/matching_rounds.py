"""Benchmark: speed-networking rounds, time per round and weight vs the optimum.

    .venv/bin/python -m bench.matching_rounds            # 200, 1,000, 5,000
    .venv/bin/python -m bench.matching_rounds --full     # also 100,000
    .venv/bin/python -m bench.matching_rounds --every-round   # sparse events of 50-500, every round

Reference for round 1 (no constraints yet): networkx's exact ``max_weight_matching`` up to 200
people; the assignment relaxation (``linear_sum_assignment`` on the dense score matrix, halved),
an upper bound of the optimum, up to 5,000; beyond, the weaker bound sum_i max_j score(i, j) / 2.
Ratios against an upper bound understate the real ratio.

``--every-round``: events from ``tests/matching/conftest.py``'s ``make_profiles`` (0-4 of 16
topics: many people share nothing with anyone), every round of a 3-round plan against networkx's
``max_weight_matching`` over the positive pairs still allowed, and the plan's CPU time.
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


def every_round(cases, rounds):
    from tests.matching.conftest import make_profiles

    for n, seed in cases:
        profiles = make_profiles(n, seed=seed)
        index = MatchIndex(profiles)
        start = time.process_time()
        plan = plan_rounds(profiles, rounds)
        cpu = time.process_time() - start
        check(plan, [p.id for p in profiles])
        scores = {(a, b): index.slot_score(a, b) for a, b in itertools.combinations(range(n), 2)}
        met, ratios = set(), []
        for groups in plan:
            graph = nx.Graph()
            graph.add_weighted_edges_from((a, b, s) for (a, b), s in scores.items()
                                          if s > 0 and frozenset((a, b)) not in met)
            best = sum(graph[a][b]["weight"] for a, b in nx.max_weight_matching(graph))
            ratios.append(round_weight(index, groups) / best)
            met.update(frozenset(p) for g in groups for p in itertools.combinations(g, 2))
        print(f"n={n} seed={seed} rounds: {' / '.join(f'{r:.4f}' for r in ratios)} "
              f"plan CPU {cpu:.2f}s (load {os.getloadavg()[0]:.1f})", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="include 100,000 attendees")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="*", help="override the sizes to run")
    parser.add_argument("--every-round", action="store_true", help="sparse events vs networkx, every round")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")
    if args.every_round:
        cases = [(n, seed) for n, seed in ((50, 50), (120, 2), (200, 3), (250, 9), (300, 4), (300, 11),
                                           (400, 8), (400, 12), (500, 7), (500, 13))
                 if not args.sizes or n in args.sizes]
        every_round(cases, args.rounds)
        return
    sizes = args.sizes or (200, 1_000, 5_000) + ((100_000,) if args.full else ())
    for n in sizes:
        run(n, args.rounds, args.seed, not args.no_reference)


if __name__ == "__main__":
    main()
