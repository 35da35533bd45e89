"""Fair exposure: in a 1,000-attendee event, how unevenly are people shown in suggestion lists?

    .venv/bin/python bench/suggestion_fairness.py [--attendees 1000] [--rounds 3]

Every attendee asks for 10 suggestions `--rounds` times through the real endpoint (Flask test
client, SQLite file), and in the first round sends an intro to their top suggestion (so popular
people collect pending requests). Run twice: with exposure damping (as served) and without it
(exposure ignored). Prints, per run, how many lists the average attendee appears in, the most
shown attendee, their ratio to the average, and the share of attendees shown at least once.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from suggestions_http import seed  # noqa: E402

from server import create_app  # noqa: E402
from server.matches import exposure, index_cache  # noqa: E402


def simulate(*, attendees: int, rounds: int, damped: bool) -> dict[str, float]:
    workdir = tempfile.mkdtemp(prefix="rapport-fair-")
    app = create_app({"DATABASE_URL": f"sqlite:///{workdir}/fair.db", "SECRET_KEY": "bench",
                      "MAIL_BACKEND": "memory", "RATELIMIT_ENABLED": False})
    event_id, tokens = seed(app, attendees, attendees)
    index_cache.clear()
    exposure.reset()
    exposure.FLUSH_SECONDS = 0.0  # count every impression at once: the simulation has no wall clock
    original_snapshot = exposure.snapshot
    if not damped:
        exposure.snapshot = lambda *, event_id: {}
    client = app.test_client()
    shown: Counter[int] = Counter()
    order = list(range(len(tokens)))
    try:
        for round_no in range(rounds):
            random.Random(round_no).shuffle(order)  # who opens the app first changes every round
            for i in order:
                headers = {"Authorization": f"Bearer {tokens[i]}"}
                items = client.get(f"/api/v1/events/{event_id}/suggestions?limit=10", headers=headers).json["items"]
                shown.update(s["attendee"]["id"] for s in items)
                if round_no == 0 and items:
                    client.post(f"/api/v1/events/{event_id}/intros",
                                json={"to_attendee_id": items[0]["attendee"]["id"]}, headers=headers)
    finally:
        exposure.snapshot = original_snapshot
    counts = [shown.get(a, 0) for a in range(1, attendees + 1)]
    average = statistics.mean(counts)
    return {"average": average, "max": max(counts), "ratio": max(counts) / average,
            "p99": sorted(counts)[int(0.99 * len(counts))],
            "shown_at_least_once": sum(1 for c in counts if c) / len(counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for damped in (True, False):
        r = simulate(attendees=args.attendees, rounds=args.rounds, damped=damped)
        label = "with exposure damping" if damped else "without damping     "
        print(f"{label}: lists per attendee avg={r['average']:.1f} p99={r['p99']} max={r['max']} "
              f"max/avg={r['ratio']:.1f} shown at least once={r['shown_at_least_once']:.1%}")


if __name__ == "__main__":
    main()
