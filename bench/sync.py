"""Delta sync and announcement push hand-off, in-process (Flask test client) on a SQLite file or, under
scripts/with-postgres.sh, on PostgreSQL (RAPPORT_TEST_DATABASE_URL).

    .venv/bin/python bench/sync.py sync [--people 5000] [--rounds 40]
    .venv/bin/python bench/sync.py writes [--people 5000] [--rounds 20]
    .venv/bin/python bench/sync.py announce [--devices 10000]

sync: a 5,000-person event; one person's app syncs at the start of the day; then their day happens
(8 meetings, 20 connections, 50 notifications), written to their change feed as it commits. Side by side
in one run, alternated, wall and CPU time per request: `GET /me`; `GET /me/sync?since=<morning token>`
(the day's delta, read from the feed); and a no-change sync (its bytes too). Then, in a loop of its own,
the day's delta after a dirty mark naming every kind (what a change touching more than
RAPPORT_SYNC_EAGER_ACCOUNTS accounts leaves, and the day's first sync: that sync recomputes and diffs).
Ratios are of CPU time.
writes: the cost the feed adds to writers: intro send, meeting request and message send between two
people whose apps have synced (their feeds are stamped in the commit) against the same between two who
never synced.
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


def _timed(client, method, path, headers, query=None, body=None, before=None):
    if before:
        before()
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.open(path, method=method, headers=headers, query_string=query or {}, json=body)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert response.status_code in (200, 201), (path, response.status_code, response.json)
    return wall, cpu, response


def _headers(account_id: int) -> dict[str, str]:
    token = accounts_service.issue_tokens(db.session.get(Account, account_id)).access_token
    return {"Authorization": f"Bearer {token}"}


def _report(name: str, walls: list[float], cpus: list[float], size: int | None, base: float | None) -> float:
    cpu = statistics.median(cpus) * 1000
    ratio = f"  {cpu / base:5.2f}x GET /me" if base else ""
    size_text = f"  {size:6d} bytes" if size is not None else ""
    print(f"{name:44s} wall {statistics.median(walls) * 1000:7.2f} ms  cpu {cpu:7.2f} ms{size_text}{ratio}")
    return cpu


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_sync(people: int, rounds: int) -> None:
    app = _app()
    client = app.test_client()
    with app.app_context():
        started = time.perf_counter()
        event_id, accounts, attendees = _crowd(people)
        print(f"seeded {people} people in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")
        me_account, me = accounts[1], attendees[0]
        headers = _headers(me_account)
    morning = client.get(f"{API}/me/sync", headers=headers).json["next_since"]
    with app.app_context():
        _day(event_id, me_account, me, list(zip(accounts[2:], attendees[1:])))

    def mark_everything():  # what a change touching many accounts leaves: the next sync recomputes
        with app.app_context():
            db.session.add(SyncDirty(account_id=me_account, scope=",".join(snapshot.KINDS)))
            db.session.commit()

    delta = client.get(f"{API}/me/sync", headers=headers, query_string={"since": morning}).json
    latest = delta["next_since"]
    runs = {"GET /me": (f"{API}/me", None, None),
            "day delta (the feed, as written by the day)": (f"{API}/me/sync", {"since": morning}, None),
            "day delta after a mark (every kind redone)": (f"{API}/me/sync", {"since": morning}, mark_everything),
            "no-change sync": (f"{API}/me/sync", {"since": latest}, None)}
    walls, cpus, sizes = {name: [] for name in runs}, {name: [] for name in runs}, {}
    # The slow path in a loop of its own: the garbage of a full recompute would land in the next call.
    for loop in ([n for n in runs if "mark" not in n], [n for n in runs if "mark" in n]):
        for _ in range(rounds):
            for name in loop:
                path, query, before = runs[name]
                wall, cpu, response = _timed(client, "GET", path, headers, query, before=before)
                walls[name].append(wall)
                cpus[name].append(cpu)
                sizes[name] = len(response.data)
    print(f"day delta: {len(delta['items'])} items, {len(delta['tombstones'])} tombstones; load {_load()}")
    base = None
    for name in runs:
        cpu = _report(name, walls[name], cpus[name], sizes[name], base)
        base = base or cpu


def _pairs(client, app, event_id: int, accounts: list[int], attendees: list[int], count: int, *, synced: bool):
    """`count` pairs of people (headers, attendee id, account id), connected; each has synced once when `synced`."""
    pairs = []
    with app.app_context():
        for i in range(count):
            a, b = (accounts[2 * i], attendees[2 * i]), (accounts[2 * i + 1], attendees[2 * i + 1])
            low, high = sorted((a[0], b[0]))
            db.session.add(Connection(account_low_id=low, account_high_id=high, event_id=event_id, origin="scan"))
            pairs.append(((_headers(a[0]), a[1], a[0]), (_headers(b[0]), b[1], b[0])))
        db.session.commit()
    if synced:
        for one, other in pairs:
            for person in (one, other):
                assert client.get(f"{API}/me/sync", headers=person[0]).status_code == 200
    return pairs


class _SyncClock:
    """CPU time spent in the sync commit hook's parts (feed writes, marks, planning, directory stamps)."""

    def __init__(self) -> None:
        from server.sync import directory, feed, tracking

        self.spent = 0.0
        for module, name in ((feed, "apply"), (tracking, "_mark"), (tracking, "_plan"), (directory, "record")):
            setattr(module, name, self._timed(getattr(module, name)))

    def _timed(self, function):
        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent += time.process_time() - started
        return timed


def bench_writes(people: int, rounds: int) -> None:
    """What stamping the feeds adds to the write paths: the same writes between people whose apps have
    synced (their feeds are written in the commit) and between people who never synced."""
    app = _app()
    client = app.test_client()
    with app.app_context():
        event_id, accounts, attendees = _crowd(people)
        now = utcnow()
        slots = []
        for i in range(4):
            slot = MeetingSlot(event_id=event_id, starts_at=now + timedelta(hours=i + 1),
                               ends_at=now + timedelta(hours=i + 1, minutes=20))
            db.session.add(slot)
            db.session.flush()
            slots.append(slot.id)
        db.session.commit()
    groups = {"synced": _pairs(client, app, event_id, accounts[2:], attendees[1:], rounds, synced=True),
              "never synced": _pairs(client, app, event_id, accounts[2 + 2 * rounds:], attendees[1 + 2 * rounds:],
                                     rounds, synced=False)}
    base = f"{API}/events/{event_id}"
    steps = {
        "intro send": lambda one, third, i: ("POST", f"{base}/intros", one[0],  # intros go to the unconnected
                                             {"to_attendee_id": third[1], "message": "Coffee?"}),
        "meeting request": lambda one, other, i: ("POST", f"{base}/meetings", one[0],
                                                  {"invitee_ids": [other[1]], "slot_id": slots[i % len(slots)]}),
        "message send": lambda one, other, i: ("POST", f"{API}/me/conversations/{{conversation}}/messages", one[0],
                                               {"text": "See you at the bar", "client_id": f"c{i}"}),
    }
    walls = {(s, g): [] for s in steps for g in groups}
    cpus = {(s, g): [] for s in steps for g in groups}
    hook = {(s, g): [] for s in steps for g in groups}
    clock = _SyncClock()
    for i in range(rounds):
        for group, pairs in groups.items():
            one, other = pairs[i]
            conversation = client.post(f"{API}/me/conversations", json={"connection_id": _connection(app, one, other)},
                                       headers=one[0]).json["id"]
            third = pairs[(i + 1) % len(pairs)][1]
            for step, make in steps.items():
                method, path, headers, body = make(one, third if step == "intro send" else other, i)
                clock.spent = 0.0
                wall, cpu, _ = _timed(client, method, path.replace("{conversation}", str(conversation)), headers,
                                      body=body)
                walls[step, group].append(wall)
                cpus[step, group].append(cpu)
                hook[step, group].append(clock.spent)
    print(f"write paths, {rounds} of each per group ({db_name(app)}); load {_load()}")
    for step in steps:
        for group in groups:
            _report(f"{step} ({group})", walls[step, group], cpus[step, group], None, None)
            print(f"{'':44s} of which the sync hook: cpu {statistics.median(hook[step, group]) * 1000:5.2f} ms")


def _connection(app, one, other) -> int:
    with app.app_context():
        low, high = sorted((one[2], other[2]))
        return db.session.execute(db.select(Connection.id).where(Connection.account_low_id == low,
                                                                 Connection.account_high_id == high)).scalar_one()


def db_name(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]


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
    # At least once: a push whose answer was lost (connection reset) is sent again and counted twice.
    assert got >= devices, (got, result)
    print(f"{devices} devices ({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, {concurrency} in flight): "
          f"announcement accepted in {queued:.2f} s; all handed to FCM after {total:.2f} s "
          f"({devices / (total - queued):.0f} pushes/s; target <= 30 s)"
          + (f"; {got - devices} received twice (answer lost, sent again)" if got > devices else ""))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("sync")
    s.add_argument("--people", type=int, default=5000)
    s.add_argument("--rounds", type=int, default=40)
    w = sub.add_parser("writes")
    w.add_argument("--people", type=int, default=5000)
    w.add_argument("--rounds", type=int, default=20)
    a = sub.add_parser("announce")
    a.add_argument("--devices", type=int, default=10000)
    a.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    if args.what == "sync":
        bench_sync(args.people, args.rounds)
    elif args.what == "writes":
        bench_writes(args.people, args.rounds)
    else:
        bench_announce(args.devices, args.concurrency)
