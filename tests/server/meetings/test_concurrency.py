"""Two accepts at the same moment: the database, not the application's checks, keeps anyone from being
double-booked and any table from holding two meetings.

On PostgreSQL both requests are held until each has passed the application's "is everyone free?"
check, so only the UNIQUE constraints on bookings can stop the second one. On SQLite writes are
serialized (the second request waits for the first to commit); the outcome must be the same.
"""
import threading

import pytest

from server.extensions import db
from server.meetings import service as meetings_service

PROBLEM = "application/problem+json"


@pytest.fixture
def both_past_the_checks(app, monkeypatch):
    """Call it before the accepts: on PostgreSQL, two accepts then meet after their pre-checks,
    before their inserts."""
    with app.app_context():
        dialect = db.engine.dialect.name
    barrier = threading.Barrier(2, timeout=10)
    check = meetings_service.check_free

    def check_then_wait(slot, people, *, me_id):
        check(slot, people, me_id=me_id)
        barrier.wait()

    def arm() -> None:
        if dialect == "postgresql":
            monkeypatch.setattr(meetings_service, "check_free", check_then_wait)

    return arm


def _accept_together(app, calls):
    """Run the accepts in threads, each with its own client (own session and connection), all at once."""
    start = threading.Barrier(len(calls), timeout=10)
    results = [None] * len(calls)

    def run(index, url, headers):
        client = app.test_client()
        start.wait()
        results[index] = client.post(url, headers=headers)

    threads = [threading.Thread(target=run, args=(i, url, headers)) for i, (url, headers) in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _request(client, base, person, invitee, slot_id, **extra):
    response = client.post(f"{base}/meetings", json={"invitee_ids": [invitee["id"]], "slot_id": slot_id, **extra},
                           headers=person["headers"])
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_two_accepts_that_would_double_book_one_person_end_with_one_winner(client, app, world, both_past_the_checks):
    base, slot, people = world["base"], world["slots"]["after"], world["people"]
    ana, ben, cai = people["Ana"], people["Ben"], people["Cai"]
    # Ana asked both Ben and Cai for the same slot; they accept at the same moment.
    with_ben = _request(client, base, ana, ben, slot)
    with_cai = _request(client, base, ana, cai, slot)
    both_past_the_checks()
    results = _accept_together(app, [(f"{base}/meetings/{with_ben}/accept", ben["headers"]),
                                     (f"{base}/meetings/{with_cai}/accept", cai["headers"])])
    assert sorted(r.status_code for r in results) == [200, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert loser.mimetype == PROBLEM and loser.json["status"] == 409 and "slot_id" in loser.json["errors"]
    statuses = {client.get(f"{base}/meetings/{m}", headers=ana["headers"]).json["status"] for m in (with_ben, with_cai)}
    assert statuses == {"accepted", "pending"}  # the loser wrote nothing
    booked = [i for i in client.get(f"{base}/attendees/me/availability", headers=ana["headers"]).json["items"]
              if i["booked"]]
    assert [i["slot"]["id"] for i in booked] == [slot]


def test_two_accepts_for_the_last_table_end_with_one_winner(client, app, world, both_past_the_checks):
    base, slot, people, tables = world["base"], world["slots"]["after"], world["people"], world["tables"]
    ana, ben, cai, dee = (people[n] for n in ("Ana", "Ben", "Cai", "Dee"))
    table = tables["Table A"]
    first = _request(client, base, ana, ben, slot, location_id=table)
    second = _request(client, base, cai, dee, slot, location_id=table)
    both_past_the_checks()
    results = _accept_together(app, [(f"{base}/meetings/{first}/accept", ben["headers"]),
                                     (f"{base}/meetings/{second}/accept", dee["headers"])])
    assert sorted(r.status_code for r in results) == [200, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert loser.mimetype == PROBLEM and "location_id" in loser.json["errors"]


def test_two_accepts_without_a_chosen_table_get_different_tables(client, app, world, both_past_the_checks):
    base, slot, people, tables = world["base"], world["slots"]["after"], world["people"], world["tables"]
    ana, ben, cai, dee = (people[n] for n in ("Ana", "Ben", "Cai", "Dee"))
    first = _request(client, base, ana, ben, slot)
    second = _request(client, base, cai, dee, slot)
    both_past_the_checks()
    results = _accept_together(app, [(f"{base}/meetings/{first}/accept", ben["headers"]),
                                     (f"{base}/meetings/{second}/accept", dee["headers"])])
    assert [r.status_code for r in results] == [200, 200]
    assert sorted(r.json["location"]["id"] for r in results) == sorted(tables.values())
