"""Where a live gunicorn worker spends its time: py-spy on one worker during a load, summarized.

`attach(master_pid, seconds, out)` starts `py-spy record --format raw` on the master's first worker (py-spy
must be on PATH or next to the interpreter: `pip install py-spy`); `summary(path)` prints the share of
wall-clock samples (idle included, every thread of the worker) spent under the project's own frames, and
how much of it was waiting on the database.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

# Labels for frames worth naming in a table, matched on "function (file" in py-spy's raw stacks.
MARKERS = {
    "waiting for the database (psycopg / sqlite3 calls)": ("wait (psycopg", "execute (sqlite3", "_wait (psycopg"),
    "authentication (current_account)": ("current_account (server/auth.py",),
    "suggestions service": ("suggestions (server/matches/service.py",),
    "send message service": ("send (server/messages/service.py",),
    "exposure thread (flush + reload)": ("flush_and_reload (server/matches/exposure.py",),
    "ranking in matching/": ("suggest (matching/index.py",),
    "request log and metrics": ("server/observability/",),
    "commit": ("commit (sqlalchemy/orm/session.py",),
    "idle (waiting for a request)": ("accept (socket.py", "select (selectors.py", "wait_for_and_dispatch"),
}


def workers_cpu(master_pid: int) -> list[float]:
    """CPU seconds used so far by each worker of a gunicorn master (to see how a load spread over them)."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    # Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name's ")".
    return [sum(int(v) for v in Path(f"/proc/{c}/stat").read_text().rpartition(")")[2].split()[11:13]) / ticks
            for c in children]


def one_worker_did_most(spent: list[float]) -> bool:
    """Whether one worker did under a quarter of the workers' CPU during a load: a gthread worker keeps the
    keep-alive connections it accepted, so a load that landed on one worker measures half the machine."""
    return len(spent) >= 2 and min(spent) < sum(spent) / 4


def attach(master_pid: int, seconds: int, out: Path) -> subprocess.Popen | None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    if not children or not Path(spy).exists():
        print("profile: no worker or no py-spy (pip install py-spy); not profiling")
        return None
    return subprocess.Popen([spy, "record", "-p", children[0], "-d", str(seconds), "-r", "200", "--format", "raw",
                             "-o", str(out), "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summary(path: Path, top: int = 12) -> None:
    stacks = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        stacks[stack] += int(count)
    total = sum(stacks.values()) or 1
    print(f"profile: {total} samples from {path}")
    for label, needles in MARKERS.items():
        share = sum(n for s, n in stacks.items() if any(needle in s for needle in needles)) / total
        print(f"  {share:6.1%}  {label}")
    # The project's own functions by inclusive share, for what the labels above miss.
    inclusive = Counter()
    for stack, n in stacks.items():
        for frame in {f for f in stack.split(";") if "(server/" in f or "(matching/" in f}:
            inclusive[frame] += n
    for frame, n in inclusive.most_common(top):
        print(f"  {n / total:6.1%}  {frame}")
