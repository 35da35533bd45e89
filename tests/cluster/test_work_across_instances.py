"""Work that spans instances: an import started on one is reported by the other; intros and meetings
sent at once through both instances are never duplicated."""
from __future__ import annotations

import time
import uuid
from urllib.parse import urlsplit

from server.extensions import db
from server.intros.models import Intro
from server.meetings.models import Meeting
from tests.cluster.http import at_once, send, token
from tests.factories import create_event, join_event, signup_organizer
from tests.server.meetings.conftest import world  # noqa: F401  (the fixture: an event, slots, tables, people)

ROWS = 300  # over the cluster's IMPORT_SYNC_MAX_ROWS (50): runs on the rq worker


def _multipart(csv: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n").encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_an_import_started_on_one_instance_is_reported_by_the_other(cluster, client):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    one, other = cluster.instances
    csv = "Email,Name,Interests\n" + "".join(f"guest{n}@example.org,Guest {n},Rust\n" for n in range(ROWS))
    data, content_type = _multipart(csv)
    status, headers, body = send(one.base, "POST", f"/api/v1/events/{event['id']}/imports", token=token(owner),
                                 data=data, headers={"Content-Type": content_type})
    assert status == 202, body
    location = urlsplit(headers["Location"]).path
    deadline, seen = time.monotonic() + 60, set()
    while True:
        status, _, report = send(other.base, "GET", location, token=token(owner))
        assert status == 200, report
        seen.add(report["status"])
        if report["status"] in ("succeeded", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert report["status"] == "succeeded", report
    assert report["counts"]["created"] == ROWS and report["progress"]["rows_done"] == ROWS
    status, _, through_balancer = send(cluster.base, "GET", location, token=token(owner))
    assert status == 200 and through_balancer["status"] == "succeeded"
    # It ran on the rq worker, not in a thread of the instance that took the upload.
    assert f"attendee-import-{report['id']}" in (cluster.logs / "rq-worker.log").read_text()


def test_intros_sent_at_once_through_both_instances_make_one(cluster, client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    ana, ben = (join_event(client, app, event) for _ in range(2))
    path = f"/api/v1/events/{event['id']}/intros"
    calls = [{"base": cluster.base, "method": "POST", "path": path, "token": token(ana),
              "body": {"to_attendee_id": ben["id"]}},
             {"base": cluster.base, "method": "POST", "path": path, "token": token(ben),
              "body": {"to_attendee_id": ana["id"]}}] * 8
    answers = at_once(calls)
    statuses = [status for status, _, _ in answers]
    assert statuses.count(201) == 1 and statuses.count(409) == 15, statuses
    assert {headers["X-Served-By"] for _, headers, _ in answers} == {"a", "b"}
    with app.app_context():
        pending = db.session.execute(db.select(db.func.count(Intro.id)).where(
            Intro.event_id == event["id"], Intro.status == "pending")).scalar_one()
    assert pending == 1


def test_meetings_at_once_through_both_instances_are_neither_duplicated_nor_double_booked(
        cluster, app, world):  # noqa: F811
    base, slot, people = world["base"], world["slots"]["after"], world["people"]
    ana, ben, cai = people["Ana"], people["Ben"], people["Cai"]
    # One request sent 12 times with one Idempotency-Key (a phone retrying through both instances).
    request = {"base": cluster.base, "method": "POST", "path": f"{base}/meetings", "token": token(ana),
               "body": {"invitee_ids": [ben["id"]], "slot_id": slot}, "headers": {"Idempotency-Key": "ask-ben"}}
    answers = at_once([request] * 12)
    created = {body["id"] for status, _, body in answers if status == 201}
    assert len(created) == 1 and all(status in (201, 409) for status, _, _ in answers), answers
    with_ben = created.pop()
    status, _, body = send(cluster.base, "POST", f"{base}/meetings", token=token(ana),
                           body={"invitee_ids": [cai["id"]], "slot_id": slot})
    assert status == 201, body
    with_cai = body["id"]
    # Ben and Cai accept at the same moment, through different instances: Ana can be in one meeting.
    answers = at_once([
        {"base": cluster.instances[0].base, "method": "POST", "path": f"{base}/meetings/{with_ben}/accept",
         "token": token(ben)},
        {"base": cluster.instances[1].base, "method": "POST", "path": f"{base}/meetings/{with_cai}/accept",
         "token": token(cai)}])
    assert sorted(status for status, _, _ in answers) == [200, 409], answers
    with app.app_context():
        meetings = db.session.execute(db.select(Meeting.status).where(
            Meeting.id.in_((with_ben, with_cai)))).scalars().all()
    assert sorted(meetings) == ["accepted", "pending"]
