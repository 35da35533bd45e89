"""What must be shared between instances is: suggestions after an edit, the sign-in rate limit."""
from __future__ import annotations

from collections import Counter

from tests.cluster.http import at_once, send, token
from tests.factories import create_event, join_event, signup_organizer


def _suggested(base: str, event_id: int, person: dict) -> tuple[set[int], str]:
    status, headers, body = send(base, "GET", f"/api/v1/events/{event_id}/suggestions?limit=50", token=token(person))
    assert status == 200, body
    return {item["attendee"]["id"] for item in body["items"]}, headers["X-Served-By"]


def test_suggestions_are_fresh_on_every_instance_after_an_edit(cluster, client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    ana = join_event(client, app, event, interests=["Rust", "Payments"], goals=["raising_funds"])
    ben = join_event(client, app, event, interests=["Rust"], goals=["investing"])
    for n in range(4):
        join_event(client, app, event, interests=["Rust", f"topic {n}"])
    targets = [cluster.base] * 8 + [i.base for i in cluster.instances for _ in range(4)]

    def everywhere() -> list[bool]:
        """Is Ben suggested to Ana, on each of 16 requests (8 balanced, 4 to each instance directly)?"""
        answers = [_suggested(base, event["id"], ana) for base in targets]
        assert {served for _, served in answers[:8]} == {"a", "b"}
        return [ben["id"] in ids for ids, _ in answers]

    assert all(everywhere())  # every worker reached has built its index
    status, _, body = send(cluster.base, "PATCH", f"/api/v1/events/{event['id']}/attendees/me",
                           token=token(ben), body={"discoverable": False})
    assert status == 200, body
    assert not any(everywhere())
    status, _, body = send(cluster.base, "PATCH", f"/api/v1/events/{event['id']}/attendees/me",
                           token=token(ben), body={"discoverable": True})
    assert status == 200, body
    assert all(everywhere())


def test_the_sign_in_limit_holds_across_instances(cluster):
    login = {"email": "nobody@example.org", "password": "wrong but long enough"}
    answers = at_once([{"base": cluster.base, "method": "POST", "path": "/api/v1/auth/login", "body": login}] * 30)
    statuses = Counter(status for status, _, _ in answers)
    # "10 per hour" for this client address: counted once for all instances and workers (Redis), not
    # 10 per process (40 here).
    assert statuses == {401: 10, 429: 20}, statuses
    assert {headers["X-Served-By"] for _, headers, _ in answers} == {"a", "b"}
