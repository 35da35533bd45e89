"""Delta sync and announcement push hand-off, in-process (Flask test client) on a SQLite file or, under
scripts/with-postgres.sh, on PostgreSQL (RAPPORT_TEST_DATABASE_URL).

    .venv/bin/python bench/sync.py sync [--people 5000] [--rounds 40]
    .venv/bin/python bench/sync.py announce [--devices 10000]

sync: a 5,000-person event; one person's app syncs at the start of the day; then their day happens
(meetings, 20 connections, 50 notifications, a few intros). Side by side in one run, alternated:
`GET /me` against `GET /me/sync?since=<morning token>` with the account marked changed before each call
(so every timed call recomputes the snapshot and diffs it), and a no-change sync (its bytes too).
announce: 10,000 attendees each with an FCM device; times `POST /events/{id}/announcements` and the
drain that hands every push to a local FCM HTTP v1 receiver (tests/server/push/receivers.py), until it
has all of them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from server import create_app  # noqa: E402
from server.accounts import service as accounts_service  # noqa: E402
from server.accounts.models import Account  # noqa: E402
from server.attendees.models import Attendee  # noqa: E402
from server.connections.models import Connection  # noqa: E402
from server.events.models import Event, EventOrganizer  # noqa: E402
from server.extensions import db  # noqa: E402
from server.meetings.models import Meeting, MeetingParticipant, MeetingSlot  # noqa: E402
from server.notifications.models import Notification  # noqa: E402
from server.push.models import Device  # noqa: E402
from server.sync import snapshot  # noqa: E402
from server.sync.models import SyncDirty  # noqa: E402
from server.types import utcnow  # noqa: E402

API = "/api/v1"


def _app(**overrides):
    url = os.environ.get("RAPPORT_TEST_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "MAIL_BACKEND": "memory",
                      "RATELIMIT_ENABLED": False, "WEBHOOK_SENDER": "off", "PUSH_SENDER": "off", **overrides})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def _crowd(people: int) -> tuple[int, list[int], list[int]]:
    """An event with `people` attendees; returns (event id, account ids, attendee ids)."""
    now = utcnow()
    event = Event(name="Bench Summit", starts_at=now, ends_at=now + timedelta(days=1), timezone="Europe/Lisbon",
                  join_code="BENCH123")
    db.session.add(event)
    db.session.flush()
    db.session.execute(insert(Account), [{"email": f"p{i}@bench.example", "name": f"P{i}", "created_at": now,
                                          "can_organize": i == 0} for i in range(people + 1)])
    accounts = list(db.session.execute(db.select(Account.id).order_by(Account.id)).scalars())
    db.session.add(EventOrganizer(event_id=event.id, account_id=accounts[0], role="owner"))
    db.session.execute(insert(Attendee), [{
        "event_id": event.id, "account_id": a, "display_name": f"Person {a}", "email": f"p{a}@bench.example",
        "company": f"Co {a % 300}", "job_title": "Engineer", "interests": ["Rust", "Payments"], "goals": ["hiring"],
        "created_at": now, "updated_at": now, "status": "joined"} for a in accounts[1:]])
    db.session.commit()
    attendees = list(db.session.execute(db.select(Attendee.id).order_by(Attendee.id)).scalars())
    return event.id, accounts, attendees


def _day(event_id: int, me_account: int, me: int, others: list[tuple[int, int]]) -> None:
    """20 connections, 50 notifications and 8 meetings for one person, as a day brings them."""
    now = utcnow()
    for i, (account, attendee) in enumerate(others[:20]):
        low, high = sorted((me_account, account))
        db.session.add(Connection(account_low_id=low, account_high_id=high, event_id=event_id, origin="scan"))
    for i in range(50):
        db.session.add(Notification(account_id=me_account, event_id=event_id, kind="intro_received",
                                    data={"intro_id": i, "attendee_id": others[i % 20][1], "display_name": "X"}))
    for i in range(8):
        slot = MeetingSlot(event_id=event_id, starts_at=now + timedelta(hours=i), ends_at=now + timedelta(hours=i, minutes=20))
        db.session.add(slot)
        db.session.flush()
        meeting = Meeting(event_id=event_id, requester_id=me, slot_id=slot.id, status="accepted")
        db.session.add(meeting)
        db.session.flush()
        db.session.add_all([MeetingParticipant(meeting_id=meeting.id, attendee_id=me, response="accepted"),
                            MeetingParticipant(meeting_id=meeting.id, attendee_id=others[30 + i][1], response="accepted")])
    db.session.commit()


def _timed(client, path, headers, query=None, before=None):
    if before:
        before()
    started = time.perf_counter()
    response = client.get(path, headers=headers, query_string=query or {})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.json
    return elapsed, len(response.data)


def bench_sync(people: int, rounds: int) -> None:
    app = _app()
    client = app.test_client()
    with app.app_context():
        started = time.perf_counter()
        event_id, accounts, attendees = _crowd(people)
        print(f"seeded {people} people in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")
        me_account, me = accounts[1], attendees[0]
        headers = {"Authorization": f"Bearer {accounts_service.issue_tokens(db.session.get(Account, me_account)).access_token}"}
    morning = client.get(f"{API}/me/sync", headers=headers).json["next_since"]
    with app.app_context():
        _day(event_id, me_account, me, list(zip(accounts[2:], attendees[1:])))

    def marker(scope):
        def mark_changed():
            with app.app_context():
                db.session.add(SyncDirty(account_id=me_account, scope=scope))
                db.session.commit()
        return mark_changed

    delta = client.get(f"{API}/me/sync", headers=headers, query_string={"since": morning}).json
    latest = delta["next_since"]
    everything = ",".join(snapshot.KINDS)
    runs = {"GET /me": (f"{API}/me", None, None),
            "day delta, every kind recomputed": (f"{API}/me/sync", {"since": morning}, marker(everything)),
            "day delta, notifications recomputed": (f"{API}/me/sync", {"since": morning}, marker("notification")),
            "day delta, nothing to recompute": (f"{API}/me/sync", {"since": morning}, None),
            "no-change sync": (f"{API}/me/sync", {"since": latest}, None)}
    times, sizes = {name: [] for name in runs}, {}
    for _ in range(rounds):
        for name, (path, query, before) in runs.items():
            t, sizes[name] = _timed(client, path, headers, query, before=before)
            times[name].append(t)
    base = statistics.median(times["GET /me"]) * 1000
    print(f"day delta: {len(delta['items'])} items, {len(delta['tombstones'])} tombstones")
    for name in runs:
        ms = statistics.median(times[name]) * 1000
        print(f"{name:38s} median {ms:7.2f} ms  {sizes[name]:6d} bytes  {ms / base:5.2f}x GET /me")


def _received(url: str) -> int:
    import json
    import urllib.request

    with urllib.request.urlopen(urllib.request.Request(f"{url}/count", data=b"{}", method="POST")) as answer:
        return json.load(answer)["received"]


def bench_announce(devices: int, concurrency: int) -> None:
    import subprocess

    folder = tempfile.mkdtemp()
    # The receiver runs in a process of its own, as a push service would (not competing for this GIL).
    receiver = subprocess.Popen([sys.executable, "-m", "tests.server.push.receivers", folder], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
    url, credentials = receiver.stdout.readline().split()
    app = _app(PUSH_FCM_CREDENTIALS_FILE=credentials, PUSH_FCM_URL=url, PUSH_CONCURRENCY=concurrency,
               PUSH_RETRY_BASE=0.2)
    client = app.test_client()
    with app.app_context():
        event_id, accounts, attendees = _crowd(devices)
        now = utcnow()
        db.session.execute(insert(Device), [{"account_id": a, "platform": "fcm", "token": f"fcm-token-{a}",
                                             "token_hash": f"{a:064d}", "created_at": now, "updated_at": now}
                                            for a in accounts[1:]])
        db.session.commit()
        headers = {"Authorization": f"Bearer {accounts_service.issue_tokens(db.session.get(Account, accounts[0])).access_token}"}
    started = time.perf_counter()
    response = client.post(f"{API}/events/{event_id}/announcements", headers=headers,
                           json={"title": "Keynote moved", "body": "Hall B at 14:00"})
    assert response.status_code == 201, response.json
    queued = time.perf_counter() - started
    from server.push.delivery import drain

    while True:  # until every push is handed over, retries included
        with app.app_context():
            result = drain()
        got = _received(url)
        if got >= devices or result.next_due is None:
            break
        time.sleep(0.2)
    total = time.perf_counter() - started
    receiver.terminate()
    assert got == devices, (got, result)
    print(f"{devices} devices ({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, {concurrency} in flight): "
          f"announcement accepted in {queued:.2f} s; all handed to FCM after {total:.2f} s "
          f"({devices / (total - queued):.0f} pushes/s; target <= 30 s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("sync")
    s.add_argument("--people", type=int, default=5000)
    s.add_argument("--rounds", type=int, default=40)
    a = sub.add_parser("announce")
    a.add_argument("--devices", type=int, default=10000)
    a.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    if args.what == "sync":
        bench_sync(args.people, args.rounds)
    else:
        bench_announce(args.devices, args.concurrency)
