"""Plan a speed-networking session for 1,000 checked-in attendees, 6 rounds, and re-plan it after 30 no-shows.

    .venv/bin/python bench/rounds_session.py                              # SQLite file in a temp dir
    scripts/with-postgres.sh .venv/bin/python bench/rounds_session.py     # throwaway PostgreSQL

Service level with a real database: the event, accounts, attendees, check-ins, 300 blocks and
500 connections are inserted directly; then `sessions.publish` is timed (it reads the attendee
rows, connections, blocks and earlier seats, runs `matching.plan_rounds`, computes each pair's
reasons and stores 6,000 seats), and `sessions.replan` with 30 no-shows after 3 played rounds.
Checks: everyone seated in every round, nobody meets anyone twice, no blocked or connected pair
together, and the played rounds are untouched by the re-plan. Target: publish <= 5 s.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from itertools import combinations

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

INTERESTS = ["Machine learning", "ML", "Payments", "Rust", "Climate tech", "Kubernetes", "Design systems",
             "Fintech", "Open source", "Product management", "Growth", "B2B SaaS", "Robotics", "Biotech",
             "Web3", "Data engineering", "Cybersecurity", "Edtech", "Healthtech", "Marketplaces"]
GOALS = ["hiring", "job_seeking", "raising_funds", "investing", "mentoring", "seeking_mentor", "selling", "buying",
         "partnering", "meeting_peers"]
INDUSTRIES = ["Fintech", "Health", "Energy", "Retail", "Software", "Media"]


def seed(db, n: int, rng: random.Random):
    from server.accounts.models import Account
    from server.attendees.models import Attendee
    from server.connections.models import Block, Connection
    from server.events.models import Event, EventIntent, EventOrganizer
    from server.events.service import default_intents
    from server.meetings.models import CheckIn

    owner = Account(email="owner@bench.example", name="Owner", can_organize=True)
    start = datetime(2027, 5, 10, 8, tzinfo=timezone.utc)
    event = Event(name="Bench Summit", starts_at=start, ends_at=start + timedelta(days=1), timezone="Europe/Lisbon",
                  join_code="BENCH123", created_by=None)
    db.session.add_all([owner, event])
    db.session.flush()
    event.organizers.append(EventOrganizer(account_id=owner.id, role="owner"))
    for position, intent in enumerate(default_intents()):
        event.intents.append(EventIntent(position=position, **intent))
    accounts = [Account(email=f"p{i}@bench.example", name=f"Person {i}") for i in range(n)]
    db.session.add_all(accounts)
    db.session.flush()
    people = [Attendee(event_id=event.id, account_id=a.id, status="joined", display_name=a.name,
                       email=a.email, company=f"Company {rng.randrange(150)}", industry=rng.choice(INDUSTRIES),
                       interests=rng.sample(INTERESTS, 3), goals=rng.sample(GOALS, 2)) for a in accounts]
    db.session.add_all(people)
    db.session.flush()
    db.session.add_all(CheckIn(event_id=event.id, attendee_id=p.id, method="organizer") for p in people)
    pairs = set()
    while len(pairs) < 800:
        a, b = sorted(rng.sample(accounts, 2), key=lambda x: x.id)
        pairs.add((a.id, b.id))
    pairs = sorted(pairs)
    db.session.add_all(Block(blocker_account_id=a, blocked_account_id=b) for a, b in pairs[:300])
    db.session.add_all(Connection(account_low_id=a, account_high_id=b, origin="scan") for a, b in pairs[300:])
    db.session.commit()
    attendee_of = {p.account_id: p.id for p in people}
    as_attendees = [frozenset((attendee_of[a], attendee_of[b])) for a, b in pairs]
    return owner, event, [p.id for p in people], set(as_attendees[:300]), set(as_attendees[300:])


def rounds_of(seats):
    """round -> list of groups (frozensets)."""
    tables: dict[tuple[int, int], set[int]] = {}
    for seat in seats:
        tables.setdefault((seat["round_no"], seat["table_no"]), set()).add(seat["attendee_id"])
    found: dict[int, list[frozenset]] = {}
    for (round_no, _), people in sorted(tables.items()):
        found.setdefault(round_no, []).append(frozenset(people))
    return found


def check(plan, present_by_round, forbidden) -> None:
    met = set()
    for round_no, groups in sorted(plan.items()):
        seated = sorted(a for g in groups for a in g)
        assert seated == sorted(present_by_round[round_no]), f"round {round_no}: not everyone seated once"
        pairs = {frozenset(p) for g in groups for p in combinations(sorted(g), 2)}
        assert not pairs & met, f"round {round_no}: a pair meets twice"
        assert not pairs & forbidden, f"round {round_no}: a blocked or connected pair"
        met |= pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attendees", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--no-shows", type=int, default=30)
    args = parser.parse_args()

    from server.extensions import db
    from server.sessions import plans, service as sessions
    from server.sessions.models import NetworkingSession
    from tests.conftest import make_app

    url = os.environ.get("RAPPORT_TEST_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = make_app(url)
    rng = random.Random(11)
    with app.app_context():
        db.drop_all()
        db.create_all()
        owner, event, ids, blocked, connected = seed(db, args.attendees, rng)
        session = NetworkingSession(event_id=event.id, name="Speed", starts_at=event.starts_at + timedelta(hours=2),
                                    rounds=args.rounds, minutes_per_round=8, participants="checked_in",
                                    table_count=args.attendees // 2)
        db.session.add(session)
        db.session.commit()
        event_id, session_id = event.id, session.id
        print(f"database: {db.engine.dialect.name}; {args.attendees} attendees checked in, {len(blocked)} blocked "
              f"and {len(connected)} connected pairs; {args.rounds} rounds")

        db.session.expire_all()
        started = time.perf_counter()
        plan = sessions.publish(account=owner, event_id=event_id, session_id=session_id)
        publish_s = time.perf_counter() - started
        seats = plans.seats_of(db.session.get(NetworkingSession, session_id))
        first = rounds_of(seats)
        check(first, {r: ids for r in first}, blocked | connected)
        assert len(plan["rounds"]) == args.rounds
        print(f"publish (plan + reasons + {len(seats)} seats stored): {publish_s:.2f} s  "
              f"[target <= 5 s: {'OK' if publish_s <= 5 else 'MISSED'}]; everyone seated, no repeats, "
              f"no blocked or connected pair")

        played = args.rounds // 2
        absent = rng.sample(ids, args.no_shows)
        db.session.expire_all()
        started = time.perf_counter()
        sessions.replan(account=owner, event_id=event_id, session_id=session_id, played_rounds=played,
                        absent_ids=absent)
        replan_s = time.perf_counter() - started
        second = rounds_of(plans.seats_of(db.session.get(NetworkingSession, session_id)))
        assert all(second[r] == first[r] for r in range(1, played + 1)), "a played round changed"
        present = sorted(set(ids) - set(absent))
        check(second, {r: ids if r <= played else present for r in second}, blocked | connected)
        print(f"re-plan rounds {played + 1}-{args.rounds} after {args.no_shows} no-shows: {replan_s:.2f} s; "
              f"rounds 1-{played} untouched, the rest seat the {len(present)} present without repeats")


if __name__ == "__main__":
    main()
