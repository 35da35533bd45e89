"""Wall and CPU time of a message send in one process (the Flask test client, no HTTP), PostgreSQL or SQLite.

    scripts/with-postgres.sh .venv/bin/python bench/messaging_send_cpu.py [--sends 400] [--devices] [--root DIR]

`--devices` gives every recipient a device (pushes queued, not sent: `PUSH_SENDER=off`); `--root` measures
another checkout of the code (e.g. a `git archive` of main with this `.venv` linked in) with the same script.
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--sends", type=int, default=400)
parser.add_argument("--devices", action="store_true")
parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
args = parser.parse_args()
sys.path.insert(0, args.root)
os.chdir(args.root)
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="rapport-metrics-"))

from bench import hot_paths, messaging_http  # noqa: E402
from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.messages.models import Conversation  # noqa: E402
from server.push.models import Device  # noqa: E402

url = os.environ.get("RAPPORT_TEST_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "MAIL_BACKEND": "memory", "RATELIMIT_ENABLED": False,
                  "PUSH_SENDER": "off", **{k: int(v) for k, v in messaging_http.LIFTED.items()}})
pairs = messaging_http.seed(app, 200)
if args.devices:
    with app.app_context():
        db.session.add_all([Device(account_id=c.account_high_id, platform="fcm", token=f"t{c.id}", token_hash=f"h{c.id}")
                            for c in db.session.execute(db.select(Conversation)).scalars()])
        db.session.commit()
client, ids = app.test_client(), itertools.count()


def one(i: int) -> None:
    token, _, conversation = pairs[i % len(pairs)]
    response = client.post(f"/api/v1/me/conversations/{conversation}/messages", headers={
        "Authorization": f"Bearer {token}"}, json={"text": "See you at the summit", "client_id": f"s{next(ids)}"})
    assert response.status_code == 201, response.json


print(f"{args.root}, {'with' if args.devices else 'no'} devices:")
with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):  # the request log's lines
    hot_paths.measure(app, one, SimpleNamespace(what="send", requests=args.sends, profile=False, parts=False), url)
