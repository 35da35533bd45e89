"""kill -9 one instance under a write load: clients retry with their Idempotency-Key through the
balancer; every write a client saw accepted exists, and none exists twice."""
from __future__ import annotations

import threading
import time
from collections import Counter

from server.events.models import Event
from server.extensions import db
from tests.cluster.http import send, token
from tests.factories import event_body, signup_organizer

CLIENTS = 6
LOAD_SECONDS = 8
KILL_AFTER = 2.5


def _write_load(base: str, owner_token: str, stop: threading.Event, accepted: dict, retries: Counter, client: int):
    """Create events one after another; on a failure (502 from the balancer, a reset connection, 409
    while the dead instance's reservation runs out) retry the same key until it is answered: 201, or
    409 "answer lost" when the killed instance had committed the work but not stored its answer."""
    n = 0
    while not stop.is_set():
        key = f"load-{client}-{n}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = send(base, "POST", "/api/v1/events", token=owner_token,
                                       body=event_body(name=key), headers={"Idempotency-Key": key}, timeout=20)
            except OSError:
                status, body = 0, None
            if status == 201:
                accepted[key] = body["id"]
                break
            if status == 409 and body["type"] == "urn:rapport:problem:idempotency-answer-lost":
                accepted[key] = None  # done by the killed instance, answer never sent: must exist once
                break
            assert status in (0, 409, 502, 503, 504), (status, body)  # never a 500, never a 4xx of ours
            assert time.monotonic() < deadline, f"{key} never accepted"
            retries[status] += 1
            time.sleep(0.2)
        n += 1


def test_no_accepted_write_is_lost_and_none_is_made_twice_when_an_instance_dies(cluster, client, app):
    owner = signup_organizer(client)
    stop, accepted, retries = threading.Event(), {}, Counter()
    threads = [threading.Thread(target=_write_load, args=(cluster.base, token(owner), stop, accepted, retries, c))
               for c in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(KILL_AFTER)
    before_kill = len(accepted)
    victim = cluster.instances[0]
    victim.kill()
    time.sleep(LOAD_SECONDS - KILL_AFTER)
    stop.set()
    for thread in threads:
        thread.join(90)
    after_kill = len(accepted) - before_kill
    try:
        assert before_kill > 0 and after_kill > 0, (before_kill, after_kill)  # writes went on without it
        with app.app_context():
            rows = db.session.execute(db.select(Event.id, Event.name).where(Event.name.like("load-%"))).all()
        made = Counter(name for _, name in rows)
        assert [name for name, times in made.items() if times > 1] == []  # nothing created twice
        # Every accepted write exists (with the id the client got), and nothing the client did not send.
        assert {name: (event_id if accepted.get(name) else None) for event_id, name in rows} == accepted
        lost = sum(1 for event_id in accepted.values() if event_id is None)
        print(f"{len(accepted)} writes accepted, {before_kill} before the kill, {lost} answers lost; "
              f"retries: {dict(retries)}")
    finally:
        victim.start()  # later tests get both instances back
        cluster.wait_for_backends()
