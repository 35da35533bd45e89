"""Drain 10,000 webhook deliveries to a local receiver with one sender and time it.

    .venv/bin/python bench/webhooks_drain.py                               # SQLite file in a temp dir
    scripts/with-postgres.sh .venv/bin/python bench/webhooks_drain.py      # throwaway PostgreSQL
    .venv/bin/python bench/webhooks_drain.py --messages 2000 --endpoints 5 # spread over endpoints

The run: one event with `--endpoints` endpoints on a receiver in a process of its own (127.0.0.1,
answers 200 at once), `--messages` messages written to the outbox in one transaction (each becomes one
delivery per endpoint), then one `drain()` (what `flask webhooks deliver` runs) sends them all: signed,
each endpoint in order, one commit per delivery. Prints deliveries per second and checks that every
webhook-id arrived once, in order.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench._world import fresh_event  # noqa: E402


def run(messages: int, endpoints: int) -> None:
    from server.extensions import db
    from server.webhooks.delivery import drain
    from server.webhooks.outbox import emit

    app, client, owner, event = fresh_event(WEBHOOK_SENDER="off", WEBHOOK_ALLOW_LOOPBACK=True)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    receiver = subprocess.Popen([sys.executable, "-m", "tests.server.webhooks.receiver"], cwd=root,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    receiver_url = receiver.stdout.readline().strip()
    for _ in range(endpoints):
        response = client.post(f"/api/v1/events/{event['id']}/webhooks", headers=owner["headers"],
                               json={"url": receiver_url, "event_types": ["ping"]})
        assert response.status_code == 201, response.json
    started = time.perf_counter()
    with app.app_context():
        for n in range(messages):
            emit(event_id=event["id"], type_="ping", data={"n": n})
        db.session.commit()
    queued = time.perf_counter() - started
    started = time.perf_counter()
    with app.app_context():
        result = drain()
    took = time.perf_counter() - started
    total = messages * endpoints
    received, unique, in_order = map(int, receiver.communicate("", timeout=60)[0].split())
    # One endpoint: every id once and in order; several: each id once per endpoint.
    assert result.sent == total == received and unique == messages, (result, received, unique)
    assert in_order or endpoints > 1
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    print(f"outbox: {messages} messages x {endpoints} endpoints written in {queued:.1f} s")
    print(f"drain: {total} deliveries in {took:.1f} s ({total / took:.0f}/s), one sender, all 2xx, none twice")
    with app.app_context():
        db.drop_all()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--endpoints", type=int, default=1)
    args = parser.parse_args()
    run(args.messages, args.endpoints)
