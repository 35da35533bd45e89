"""Messaging over real HTTP, gunicorn with 2 workers and the repository's gunicorn.conf.py (gthread).

    .venv/bin/python bench/messaging_http.py wakeup [--waiters 1000] [--redis]
    .venv/bin/python bench/messaging_http.py send [--duration 15] [--connections 16] [--rounds 1] [--client wrk]
    .venv/bin/python bench/messaging_http.py workers [--duration 10]
    (prefix with scripts/with-postgres.sh for PostgreSQL: it sets RAPPORT_TEST_DATABASE_URL)

wakeup: `--waiters` recipients each park `GET /me/inbox?wait=25`; then their partners send one message
each (16 connections, so sends land on both workers); prints how long after its send began each
recipient had its answer (p50/p95/max). With --redis a private redis-server carries the wake-ups.
send: requests/s of POST .../messages against a Flask hello-world app under the same gunicorn settings,
measured in the same run (`--rounds N` alternates the two N times, printing each ratio and the median),
and the cost of a 10-message page of a 10,000-message conversation against one of a 10-message
conversation (10 messages a page, so both return as many). `--client wrk` (the default) loads with wrk
and Lua scripts (bench/messaging_wrk.py), `--client python` with the asyncio client of bench/_http.py;
each line also gives the workers' CPU per request, from /proc, during that load; a load that
landed on one gunicorn worker is run again (`--retries`).
workers: a 10-message page under 2 sync and 2 gthread workers, 4 connections, alternated twice.
Per-sender limits are lifted for every run (they would refuse the load).
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _profile, messaging_wrk  # noqa: E402
from bench._http import Connection, load, percentile  # noqa: E402
from server import create_app  # noqa: E402
from server.accounts import service as accounts_service  # noqa: E402
from server.accounts.models import Account  # noqa: E402
from server.attendees.models import Attendee  # noqa: E402
from server.connections.models import Connection as Link  # noqa: E402
from server.events.models import Event  # noqa: E402
from server.extensions import db  # noqa: E402
from server.messages.models import Conversation, ConversationMember, Message  # noqa: E402
from server.pagination import encode_cursor  # noqa: E402
from server.types import utcnow  # noqa: E402
from tests.live import free_port, redis_server  # noqa: E402

API = "/api/v1"
LIFTED = {"MESSAGES_PER_MINUTE": "100000000", "NEW_CONVERSATIONS_PER_DAY": "100000000"}


def seed(app, pairs: int, long_conversation: int = 0) -> list[tuple[str, str, int]]:
    """`pairs` connected pairs with a conversation each: (sender token, recipient token, conversation id).
    The first pair's conversation gets `long_conversation` messages, the second 10."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        now = utcnow()
        event = Event(name="Bench", starts_at=now, ends_at=now + timedelta(hours=8), timezone="UTC",
                      join_code="BENCH123")
        db.session.add(event)
        accounts = [Account(email=f"p{i}@bench.example", name=f"Person {i}") for i in range(2 * pairs)]
        db.session.add_all(accounts)
        db.session.flush()
        db.session.add_all([Attendee(event_id=event.id, account_id=a.id, email=a.email, display_name=a.name)
                            for a in accounts])
        conversations = []
        for low, high in zip(accounts[::2], accounts[1::2]):
            db.session.add(Link(account_low_id=low.id, account_high_id=high.id, event_id=event.id, origin="scan"))
            conversations.append(Conversation(account_low_id=low.id, account_high_id=high.id, event_id=event.id))
        db.session.add_all(conversations)
        db.session.flush()
        db.session.add_all([ConversationMember(conversation_id=c.id, account_id=a)
                            for c in conversations for a in (c.account_low_id, c.account_high_id)])
        for conversation, count in ((conversations[0], long_conversation), (conversations[1], 10 if long_conversation else 0)):
            db.session.add_all([Message(conversation_id=conversation.id, sender_account_id=conversation.account_low_id,
                                        client_id=f"seed-{i}", body=f"message {i} " + "x" * 80) for i in range(count)])
        db.session.commit()
        tokens = [accounts_service.issue_tokens(a).access_token for a in accounts]
        return [(tokens[2 * i], tokens[2 * i + 1], c.id) for i, c in enumerate(conversations)]


@contextmanager
def serve(target: str, env: dict, worker_class: str = "gthread"):
    port = free_port()
    process = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-k", worker_class, "--workers", "2",
                                "--bind", f"127.0.0.1:{port}", target], cwd=ROOT, env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.2)
    _wait_for_workers(process.pid, 2)
    try:
        yield SimpleNamespace(port=port, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # on a loaded machine gunicorn's graceful stop can outlast this
            process.kill()
            process.wait()


def _wait_for_workers(master_pid: int, count: int, timeout: float = 60) -> None:
    """Until every worker has loaded the app (they idle): the first one answering is not enough, and a load
    that starts while the other still imports lands all its keep-alive connections on one worker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = _profile.workers_cpu(master_pid)
        time.sleep(0.5)
        after = _profile.workers_cpu(master_pid)
        if len(before) == len(after) == count and all(a - b < 0.05 for b, a in zip(before, after)):
            return


def _env(url: str, redis_url: str = "") -> dict:
    return {"RAPPORT_DATABASE_URL": url, "RAPPORT_SECRET_KEY": "bench", "RAPPORT_MAIL_BACKEND": "memory",
            "RAPPORT_RATELIMIT_ENABLED": "false", "RAPPORT_REDIS_URL": redis_url,
            **{f"RAPPORT_{k}": v for k, v in LIFTED.items()}}


async def _wakeup(port: int, pairs: list[tuple[str, str, int]], park_seconds: float) -> dict:
    after = encode_cursor(0)
    returned, sent_at = {}, {}

    async def wait(recipient: str, conversation: int):
        status, _ = await Connection("127.0.0.1", port).request(
            "GET", f"{API}/me/inbox?after={after}&wait=25", token=recipient, timeout=60)
        returned[conversation] = (time.monotonic(), status)

    waiters = [asyncio.create_task(wait(recipient, conversation)) for _, recipient, conversation in pairs]
    await asyncio.sleep(park_seconds)
    early = len(returned)
    queue = iter(pairs)

    async def sender():
        connection = Connection("127.0.0.1", port)
        for token, _, conversation in queue:
            sent_at[conversation] = time.monotonic()
            status, body = await connection.request("POST", f"{API}/me/conversations/{conversation}/messages",
                                                    token=token, body={"text": "ping", "client_id": "bench"})
            assert status == 201, body

    await asyncio.gather(*(sender() for _ in range(16)))
    await asyncio.gather(*waiters)
    delays = [returned[c][0] - sent_at[c] for c in sent_at]
    return {"waiters": len(pairs), "returned_before_any_send": early,
            "statuses": sorted({s for _, s in returned.values()}), "p50_s": percentile(delays, 0.5),
            "p95_s": percentile(delays, 0.95), "max_s": max(delays)}


def wakeup(args, url: str, workdir: Path) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "MAIL_BACKEND": "memory"})
    pairs = seed(app, args.waiters)
    with (redis_server(workdir) if args.redis else _no_redis()) as redis_url:
        with serve("server:create_app()", _env(url, redis_url or "")) as served:
            result = asyncio.run(_wakeup(served.port, pairs, args.park))
    mode = "redis" if args.redis else "database poll"
    print(f"wakeup ({mode}, {url.split(':')[0]}): waiters={result['waiters']} "
          f"returned_before_any_send={result['returned_before_any_send']} statuses={result['statuses']} "
          f"p50={result['p50_s']:.3f}s p95={result['p95_s']:.3f}s max={result['max_s']:.3f}s")


@contextmanager
def _no_redis():
    yield None


TEXT = "Thanks for the chat at the summit, shall we meet next week?"


def _measure(args, served, next_request, script: str, seconds: float) -> dict:
    """One load with the chosen client, with the workers' CPU per request (ms) from /proc; run again (up to
    --retries times) when one worker did under a quarter of the work: a gthread worker keeps the keep-alive
    connections it accepted, so a load that landed on one worker measures half the machine."""
    for attempt in range(args.retries + 1):
        found = _measure_once(args, served, next_request, script, seconds)
        if not _profile.one_worker_did_most(found["worker_cpu"]):
            break
        print(f"  one worker took (nearly) all connections ({found['line']}); "
              f"{'again' if attempt < args.retries else 'kept'}")
    return found


def _measure_once(args, served, next_request, script: str, seconds: float) -> dict:
    if args.client == "wrk":
        found = messaging_wrk.load(served.port, served.pid, script, connections=args.connections, seconds=seconds)
    else:
        before = _profile.workers_cpu(served.pid)
        found = load("127.0.0.1", served.port, next_request, connections=args.connections, seconds=seconds)
        found["worker_cpu"] = [after - b for b, after in zip(before, _profile.workers_cpu(served.pid))]
    requests = found["requests"] if "requests" in found else found["rps"] * seconds
    cpu = found["worker_cpu"]
    found["cpu_ms"] = 1000 * sum(cpu) / max(requests, 1)
    found["line"] = (f"rps={found['rps']:.1f} p50={found['p50_ms']:.1f}ms p95={found['p95_ms']:.1f}ms "
                     f"statuses={found['statuses']} worker CPU {found['cpu_ms']:.2f} ms/request "
                     f"({' / '.join(f'{c:.1f}' for c in cpu)} s)")
    return found


def _messages(app) -> int:
    with app.app_context(), db.engine.connect() as connection:
        return connection.execute(db.select(db.func.count()).select_from(Message.__table__)).scalar_one()


def send(args, url: str) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "MAIL_BACKEND": "memory"})
    pairs = seed(app, 200, long_conversation=10_000)
    counter = itertools.count()

    def next_send():
        token, _, conversation = pairs[next(counter) % len(pairs)]
        return "POST", f"{API}/me/conversations/{conversation}/messages", token, {
            "text": TEXT, "client_id": f"b{next(counter)}"}

    ratios = []
    # Hello-world and sending alternate, each round's ratio from back-to-back runs: the machine's load
    # moves between rounds, so the rounds' spread says how far one figure can be trusted.
    for round_number in range(1, args.rounds + 1):
        with serve("bench.hello_app:app", {}) as served:
            hello = _measure(args, served, lambda: ("GET", "/", None, None), messaging_wrk.get_script("/"),
                             args.duration)
        written = _messages(app)
        with serve("server:create_app()", _env(url)) as served:
            sending = _measure(args, served, next_send, messaging_wrk.send_script(pairs, TEXT), args.duration)
        written = _messages(app) - written
        ratios.append(sending["rps"] / hello["rps"])
        print(f"round {round_number} ({args.client}): load average {os.getloadavg()[0]:.1f}")
        print(f"hello-world: {hello['line']}")
        print(f"send ({url.split(':')[0]}): {sending['line']}; messages written (all its runs) {written}")
        print(f"send / hello-world ratio = {ratios[-1]:.3f} (target >= 0.10)")
    if args.rounds > 1:
        print(f"ratios: {' '.join(f'{r:.3f}' for r in ratios)}; median {sorted(ratios)[len(ratios) // 2]:.3f}")
    with serve("server:create_app()", _env(url)) as served:
        pages = {}
        # Alternated twice, the second round kept: the first runs right after the send load's writes.
        for name, (token, _, conversation) in [("10,000", pairs[0]), ("10", pairs[1])] * 2:
            path = f"{API}/me/conversations/{conversation}/messages?limit=10"
            pages[name] = _measure(args, served, lambda t=token, p=path: ("GET", p, t, None),
                                   messaging_wrk.get_script(path, token), args.duration / 2)
    for name, found in pages.items():
        print(f"page of a {name}-message conversation: {found['line']}")
    print(f"page cost 10,000 / 10 (by p50) = {pages['10,000']['p50_ms'] / pages['10']['p50_ms']:.3f} (target <= 1.20); "
          f"by the workers' CPU per request = {pages['10,000']['cpu_ms'] / pages['10']['cpu_ms']:.3f}")


def workers(args, url: str) -> None:
    """The same read endpoint under sync and gthread workers, alternated: what the switch costs others."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "MAIL_BACKEND": "memory"})
    token, _, conversation = seed(app, 50, long_conversation=100)[0]
    path = f"{API}/me/conversations/{conversation}/messages?limit=10"
    for worker_class in ("sync", "gthread") * 2:
        with serve("server:create_app()", _env(url), worker_class) as served:
            found = load("127.0.0.1", served.port, lambda: ("GET", path, token, None), connections=4,
                         seconds=args.duration)
        print(f"{worker_class}: rps={found['rps']:.1f} p50={found['p50_ms']:.1f}ms p95={found['p95_ms']:.1f}ms "
              f"statuses={found['statuses']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("wakeup")
    w.add_argument("--waiters", type=int, default=1000)
    w.add_argument("--redis", action="store_true")
    w.add_argument("--park", type=float, default=8.0, help="seconds to let every long-poll reach a worker")
    s = sub.add_parser("send")
    s.add_argument("--duration", type=float, default=15)
    s.add_argument("--connections", type=int, default=16)
    s.add_argument("--rounds", type=int, default=1, help="hello-world / send alternations, each with its ratio")
    s.add_argument("--client", choices=["wrk", "python"], default="wrk", help="the load client (both on these cores)")
    s.add_argument("--retries", type=int, default=2, help="runs a load again when one worker took all connections")
    k = sub.add_parser("workers")
    k.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    url = os.environ.get("RAPPORT_TEST_DATABASE_URL") or f"sqlite:///{workdir}/bench.db"
    if args.command == "wakeup":
        wakeup(args, url, workdir)
    else:
        (send if args.command == "send" else workers)(args, url)


if __name__ == "__main__":
    main()
