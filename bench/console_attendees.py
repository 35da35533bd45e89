"""The console's attendee table at 100,000 attendees: search, sort and keyset pages, timed over HTTP
(Flask test client, in process, signed in through the console's form).

    .venv/bin/python bench/console_attendees.py                                  # SQLite file in a temp dir
    scripts/with-postgres.sh .venv/bin/python bench/console_attendees.py         # throwaway PostgreSQL

Rows are inserted in bulk (the import path has its own bench); 20% are checked in. Each figure is
the median of 7 requests of the whole page (query, completeness, check-ins, HTML).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench._world import fresh_event  # noqa: E402


def seed(app, event_id: int, rows: int) -> None:
    from server.extensions import db
    from server.types import utcnow

    rng, now = random.Random(11), utcnow()
    companies = [f"Company {i}" for i in range(400)]
    with app.app_context():
        accounts = db.metadata.tables["accounts"]
        attendees = db.metadata.tables["attendees"]
        check_ins = db.metadata.tables["check_ins"]
        first = db.session.execute(db.select(db.func.max(accounts.c.id))).scalar_one() + 1
        batch = 10_000
        for start in range(0, rows, batch):
            ids = range(first + start, first + min(start + batch, rows))
            db.session.execute(accounts.insert(), [
                {"id": i, "email": f"p{i}@bench.example", "name": "", "can_organize": False, "created_at": now}
                for i in ids])
            db.session.execute(attendees.insert(), [
                {"event_id": event_id, "account_id": i, "status": rng.choice(("invited", "joined")),
                 "display_name": f"{rng.choice('ABCDEFGHIJKLMNOPRSTW')}{rng.randrange(10**6):06d} Person",
                 "email": f"p{i}@bench.example", "company": rng.choice(companies), "job_title": "Engineer",
                 "industry": "", "bio": "", "goals": ["hiring"], "interests": ["fintech", "ml", "rust"],
                 "links": [], "phone": "", "discoverable": True, "open_to_matching": True,
                 "shared_fields": ["email"], "created_at": now, "updated_at": now, "matching_revision": 0}
                for i in ids])
        db.session.commit()
        ids = db.session.execute(db.select(attendees.c.id).where(attendees.c.event_id == event_id)).scalars().all()
        db.session.execute(check_ins.insert(), [{"event_id": event_id, "attendee_id": a, "method": "organizer",
                                                 "checked_in_at": now} for a in rng.sample(ids, len(ids) // 5)])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()


def timed(client, url: str, repeat: int = 7) -> tuple[float, str]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text[:500]
    return statistics.median(times) * 1000, response.text


def run(rows: int) -> None:
    from tests.server.console.helpers import console_sign_in

    app, client, owner, event = fresh_event()
    started = time.perf_counter()
    seed(app, event["id"], rows)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, attendees: {rows} (seeded in {time.perf_counter() - started:.0f} s)")
    console_sign_in(client, owner["email"])
    base = f"/console/events/{event['id']}/attendees"
    cases = [("first page, by name", "?sort=name"), ("first page, by company", "?sort=company"),
             ("first page, newest", "?sort=newest"), ("search, common (\"person\")", "?q=person"),
             ("search, one in ~20 (\"a0\")", "?q=a0"), ("search, rare (\"p4242@\")", "?q=p4242%40"),
             ("search, no match", "?q=zzzz")]
    for name, query in cases:
        ms, _ = timed(client, base + query)
        print(f"{name:32s} {ms:7.1f} ms")
    # A deep page: follow `Next` 200 times (10,000 rows in), then time that page.
    link = base + "?sort=name"
    for _ in range(200):
        _, text = timed(client, link, repeat=1)
        link = re.search(r'href="([^"]+)" rel="next"', text).group(1).replace("&amp;", "&")
    ms, _ = timed(client, link)
    print(f"{'page 201 (rows 10,001+), by name':32s} {ms:7.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    run(parser.parse_args().rows)
