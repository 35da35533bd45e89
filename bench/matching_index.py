"""Benchmark: canonicalization accuracy, index build time/memory, suggest latency, precision@10.

    .venv/bin/python -m bench.matching_index              # 1k and 10k
    .venv/bin/python -m bench.matching_index --full       # also 100k
"""

import argparse
import gc
import os
import platform
import random
import time
import tracemalloc
from collections import Counter, defaultdict

import numpy as np

from bench.synthetic import event
from matching import MatchIndex


def accuracy(index, ev):
    """Share of mentions whose tag is the main tag of their true phrase and holds mostly it."""
    tags = [t for p in ev.profiles for t in index._tags[index._slot[p.id]]]
    by_phrase, by_tag = defaultdict(Counter), defaultdict(Counter)
    for tag, phrase in zip(tags, ev.truth):
        by_phrase[phrase][tag] += 1
        by_tag[tag][phrase] += 1
    main_tag = {ph: c.most_common(1)[0][0] for ph, c in by_phrase.items()}
    main_phrase = {t: c.most_common(1)[0][0] for t, c in by_tag.items()}
    ok = sum(main_tag[ph] == t and main_phrase[t] == ph for t, ph in zip(tags, ev.truth))
    return ok / len(tags)


def run(n, queries, seed):
    ev = event(n, seed=seed)
    gc.collect()
    start = time.perf_counter()
    index = MatchIndex(ev.profiles)
    build = time.perf_counter() - start
    acc = accuracy(index, ev)
    del index
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = MatchIndex(ev.profiles)
    memory = (tracemalloc.get_traced_memory()[0] - before) / 2**20
    tracemalloc.stop()
    truth = MatchIndex(ev.clean)
    rng = random.Random(seed)
    ids = rng.sample(range(n), min(queries, n))
    lat, cpu, strict, tolerant = [], [], [], []
    for pid in ids:
        t0, c0 = time.perf_counter(), time.thread_time()
        got = index.suggest(pid, k=10)
        lat.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        want = truth.suggest(pid, k=10)
        if not want:
            continue
        got_ids, want_ids = [m.profile_id for m in got], {m.profile_id for m in want}
        strict.append(len(want_ids.intersection(got_ids)) / len(want_ids))
        # Tie-tolerant: a result is relevant if its true score reaches the true 10th score.
        floor = want[-1].score - 1e-9
        tolerant.append(sum(truth.score(pid, g).score >= floor for g in got_ids) / len(want_ids))
    lat_ms, cpu_ms = np.array(lat) * 1000, np.array(cpu) * 1000
    tags = len(index.vocabulary)
    print(f"n={n:>7,} tags={tags:>6,} accuracy={acc:.4f} build={build:.2f}s "
          f"memory={memory:.1f}MB suggest p50={np.percentile(lat_ms, 50):.2f}ms "
          f"p95={np.percentile(lat_ms, 95):.2f}ms (cpu p50={np.percentile(cpu_ms, 50):.2f}ms "
          f"p95={np.percentile(cpu_ms, 95):.2f}ms) precision@10={np.mean(strict):.4f} "
          f"(tie-tolerant {np.mean(tolerant):.4f})", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="include 100k attendees")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    for n in (1_000, 10_000) + ((100_000,) if args.full else ()):
        run(n, args.queries, args.seed)


if __name__ == "__main__":
    main()
