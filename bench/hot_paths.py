"""The two hot paths of issue 17 point 5 in one process, without HTTP: wall and CPU time per request.

    .venv/bin/python bench/hot_paths.py [suggestions|me|send] [--requests 500] [--attendees 10000] [--profile]
    (prefix with scripts/with-postgres.sh for PostgreSQL: it sets RAPPORT_TEST_DATABASE_URL)

Requests go through the Flask test client (every hook, the real database, no gunicorn or load client),
one after another, so wall time minus CPU time is what the request waited for, mostly the database:
a figure that moves less with the machine's load than requests/s over HTTP. As under gunicorn, every
request writes its JSON log line (to /dev/null here) and its metrics to multiprocess files. `me` is
`GET /me`: what any signed-in request pays besides its own work. Prints the statements one request sends;
`--profile` adds cProfile's top functions (CPU time of this thread); `--parts` the CPU time of each part of
a request (authentication, ranking, reasons, JSON, hooks: bench/_parts.py).
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import itertools
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# As gunicorn.conf.py does, before prometheus_client is imported: metrics go to multiprocess files.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="rapport-metrics-"))

from sqlalchemy import event as sa_event  # noqa: E402

from bench import messaging_http, suggestions_http  # noqa: E402
from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402


def requests_for(what: str, app, attendees: int):
    """A function sending the i-th request and checking its status."""
    client = app.test_client()
    if what in ("suggestions", "me"):
        event_id, tokens = suggestions_http.seed(app, attendees, 300)
        path = f"/api/v1/events/{event_id}/suggestions?limit=10" if what == "suggestions" else "/api/v1/me"

        def one(i):
            response = client.get(path, headers={"Authorization": f"Bearer {tokens[i % len(tokens)]}"})
            assert response.status_code == 200, response.json
        return one
    pairs, ids = messaging_http.seed(app, 200), itertools.count()

    def one(i):
        token, _, conversation = pairs[i % len(pairs)]
        response = client.post(f"/api/v1/me/conversations/{conversation}/messages", headers={
            "Authorization": f"Bearer {token}"}, json={"text": "See you at the summit", "client_id": f"h{next(ids)}"})
        assert response.status_code == 201, response.json
    return one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["suggestions", "me", "send"])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--attendees", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--parts", action="store_true", help="CPU time of each part of a request")
    args = parser.parse_args()
    url = os.environ.get("RAPPORT_TEST_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "MAIL_BACKEND": "memory",
                      "RATELIMIT_ENABLED": False, **{k: int(v) for k, v in messaging_http.LIFTED.items()}})
    with app.app_context():
        db.drop_all()
        db.create_all()
    one = requests_for(args.what, app, args.attendees)
    with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):  # the request log's lines
        measure(app, one, args, url)


def measure(app, one, args, url: str) -> None:
    for i in range(20):  # indexes built, statements prepared
        one(i)
    sent: list[str] = []
    with app.app_context():
        sa_event.listen(db.engine, "before_cursor_execute", lambda *a: sent.append(a[2].split(None, 1)[0]))
    one(20)
    print(f"{args.what} on {url.split(':')[0]}: statements of one request: {' '.join(sent)}")
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(args.requests):
        one(i)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{args.requests} requests: {1000 * wall / args.requests:.2f} ms wall, {1000 * cpu / args.requests:.2f} ms "
          f"CPU per request; load average {os.getloadavg()[0]:.1f}")
    if args.parts:
        from bench import _parts

        _parts.install()
        cpu = time.thread_time()
        for i in range(args.requests):
            one(i)
        _parts.report(args.requests, time.thread_time() - cpu)
    if args.profile:
        profile = cProfile.Profile(time.thread_time)
        profile.runcall(lambda: [one(i) for i in range(args.requests)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
