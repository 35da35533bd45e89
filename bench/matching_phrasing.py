"""Benchmark: how well and how fast interests written in different words are grouped.

    .venv/bin/python -m bench.matching_phrasing                       # ESCO table + speed table
    .venv/bin/python -m bench.matching_phrasing --baseline DIR        # speed vs another matching/

ESCO table: ``group_interests`` over every label of the ESCO dev set (each group = the
alternative labels of one ESCO skill concept; ESCO, European Commission, CC BY 4.0), pairwise
precision and recall, with two rapidfuzz baselines in the same run (a pair is merged when its
score on lower-cased, token-sorted text, or ``token_set_ratio`` on lower-cased text, is >= 85) and,
when a baseline package is given, today's main. The groups are also split in halves by position
(even / odd) and each half is grouped on its own: similar figures on both say the result does not
hinge on a few groups. (The rules were chosen looking at misses over the whole dev set, so neither
half is a true hold-out; the held-out checks are the lead's.)

Speed table: the same workloads with this package and with the baseline package (default: the
tree extracted from main with ``git -C ../main archive e8c019d matching | tar -x -C
/tmp/matching_baseline``), interleaved, best of ``--repeat`` runs each, and the ratio new/old.
"""

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

import matching
from bench.synthetic import event

ESCO = Path(__file__).resolve().parents[2] / "shared" / "data" / "esco_dev_groups.json"


def load_package(directory, name="matching_baseline"):
    """Import the ``matching`` package found in ``directory`` under another module name."""
    init = Path(directory) / "matching" / "__init__.py"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def pairwise(pred, gold):
    """Pairwise precision and recall of a partition ``pred`` against ``gold`` (label lists)."""
    c2 = lambda n: n * (n - 1) // 2  # noqa: E731
    tp = sum(c2(n) for n in Counter(zip(pred, gold)).values())
    predicted = sum(c2(n) for n in Counter(pred).values())
    return tp / predicted if predicted else 1.0, tp / sum(c2(n) for n in Counter(gold).values())


def pairwise_threshold(strings, gold, scorer):
    """Precision and recall when every pair scoring >= 85 is merged (no transitivity)."""
    scores = process.cdist(strings, strings, scorer=scorer, dtype=np.uint8, workers=-1)
    g = np.asarray(gold)
    upper = np.triu(scores >= 85, 1)
    same = g[:, None] == g[None, :]
    tp = int((upper & same).sum())
    return tp / max(int(upper.sum()), 1), tp / int(np.triu(same, 1).sum())


def esco_table(baseline):
    data = json.loads(ESCO.read_text())
    halves = {"all": data["groups"], "even half": data["groups"][0::2],
              "odd half": data["groups"][1::2]}
    print(f"\nESCO dev set: {len(data['groups'])} groups, {sum(map(len, data['groups']))} labels "
          "(ESCO skills, European Commission, CC BY 4.0)")
    print("| set | method | precision | recall | F1 |\n|---|---|---|---|---|")
    for name, groups in halves.items():
        texts = [t for g in groups for t in g]
        gold = [i for i, g in enumerate(groups) for _ in g]
        rows = [("group_interests (this branch)", pairwise(matching.group_interests(texts), gold))]
        if baseline is not None:
            rows.append(("group_interests (main)", pairwise(baseline.group_interests(texts), gold)))
        if name == "all":
            sorted_low = [" ".join(sorted(t.lower().split())) for t in texts]
            rows.append(("rapidfuzz ratio >= 85", pairwise_threshold(sorted_low, gold, fuzz.ratio)))
            rows.append(("rapidfuzz token_set_ratio >= 85",
                         pairwise_threshold([t.lower() for t in texts], gold, fuzz.token_set_ratio)))
        for method, (p, r) in rows:
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"| {name} ({len(texts)} labels) | {method} | {p:.3f} | {r:.3f} | {f1:.3f} |")


def timed(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def suggest_p95(index, n, queries=1000):
    lat = []
    for pid in range(0, n, max(1, n // queries)):
        start = time.perf_counter()
        index.suggest(pid, k=10)
        lat.append(time.perf_counter() - start)
    return float(np.percentile(np.array(lat) * 1000, 95))


def speed_table(baseline, repeat):
    big, mid = event(100_000, seed=1), event(5_000, seed=2)
    raw = [i for p in big.profiles for i in p.interests][:100_000]
    packages = {"new": matching, "main": baseline}
    as_profiles = {
        name: (big.profiles if pkg is matching else [pkg.Profile(**vars(p)) for p in big.profiles],
               mid.profiles if pkg is matching else [pkg.Profile(**vars(p)) for p in mid.profiles])
        for name, pkg in packages.items()
    }
    results = {name: {} for name in packages}
    for _ in range(repeat):  # interleaved, so both see the same machine load
        for name, pkg in packages.items():
            profiles, five_k = as_profiles[name]
            r = results[name]
            r.setdefault("canonicalize 100k raw interests (s)", []).append(
                timed(lambda: pkg.InterestVocabulary().canonicalize_many(raw), 1))
            start = time.perf_counter()
            index = pkg.MatchIndex(profiles)
            r.setdefault("index build, 100k attendees (s)", []).append(time.perf_counter() - start)
            r.setdefault("suggest p95, 100k attendees (ms)", []).append(suggest_p95(index, len(profiles)))
            del index
            r.setdefault("plan_rounds(5,000 people, 1) (s)", []).append(
                timed(lambda: pkg.plan_rounds(five_k, 1), 1))
    targets = {"canonicalize": 1.5, "index build": 1.2, "suggest": 1.2, "plan_rounds": 1.5}
    print(f"\nSpeed ({len(raw):,} raw interests, {len(big.profiles):,} attendees; best of {repeat} "
          "interleaved runs)")
    print("| workload | main | this branch | ratio | target |\n|---|---|---|---|---|")
    for metric in results["new"]:
        old, new = min(results["main"][metric]), min(results["new"][metric])
        target = next(t for k, t in targets.items() if metric.startswith(k))
        print(f"| {metric} | {old:.3f} | {new:.3f} | {new / old:.2f}x | <= {target}x |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="/tmp/matching_baseline")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.2f}")
    baseline = load_package(args.baseline) if Path(args.baseline, "matching").is_dir() else None
    esco_table(baseline)
    if not args.skip_speed:
        if baseline is None:
            sys.exit(f"no baseline package under {args.baseline}")
        speed_table(baseline, args.repeat)


if __name__ == "__main__":
    main()
