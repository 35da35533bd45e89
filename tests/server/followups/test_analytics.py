"""Organizer outcomes against a small event whose every number is counted by hand below,
the no-show list, the attendee's own summary, and proof that no private text ever reaches organizers."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest

from tests.server.followups.builders import (
    API, cached_world, connect_by_intro, connection_id, event_with_owner, log_followup, person)

SECRET = "QUOKKA-9931 confidential"
NOW = datetime.now(timezone.utc)


def build(client, app):
    """The event (ended 9 days ago), its five attendees and what they did:

    | who | goals          | interests                        | company/title | complete |
    | A   | raising_funds  | Machine learning, Payments, Rust | Quantix       | yes      |
    | B   | investing      | ML, payments, Opera              | Fjord         | yes      |
    | C   | hiring         | rust, Chess                      | Xylo          | no (2 interests) |
    | D   | meeting_peers  | Opera, Chess, Rust               | title only    | yes      |
    | E   | (invited by the organizer, never joined, empty profile)  | no       |

    Good suggestions (score >= 1.0: a shared interest or complementary goals): A has B, C, D (3);
    B has A, D (2); C has A, D (2); D has A, B, C (3); E none. So 2 of 5 attendees have 3.
    Intros: A->B accepted, C->A declined, D->B pending, C->D cancelled (4 sent).
    Connections: A-B intro, A-D mutual interest, C-D QR scan (3).
    Follow-ups: A and B each log one on A-B within the day (counts once); D logs on A-D 20 days
    later (outside 14 days); none on C-D. Rate 1/3.
    Feedback: A rates B 5, B rates A 4, D rates C 2 (would not meet again), C reports D as no-show
    with no rating: 3 ratings, average 11/3 = 3.67; 1 no-show.
    """
    event = event_with_owner(client, starts_at=NOW - timedelta(days=10), ends_at=NOW - timedelta(days=9))
    base = f"{API}/events/{event['id']}"
    a = person(client, app, event, display_name="Ana A", company="Quantix", goals=["raising_funds"],
               interests=["Machine learning", "Payments", "Rust"])
    b = person(client, app, event, display_name="Ben B", company="Fjord", goals=["investing"],
               interests=["ML", "payments", "Opera"])
    c = person(client, app, event, display_name="Cy C", company="Xylo", goals=["hiring"], interests=["rust", "Chess"])
    d = person(client, app, event, display_name="Dee D", job_title="Designer", goals=["meeting_peers"],
               interests=["Opera", "Chess", "Rust"])
    invited = client.post(f"{base}/attendees", json={"email": "eve.invited@example.org", "display_name": "Eve E",
                                                      "send_invite": False}, headers=event["owner"]["headers"])
    assert invited.status_code == 201, invited.json

    ab = connect_by_intro(client, event, a, b)
    declined = client.post(f"{base}/intros", json={"to_attendee_id": a["id"]}, headers=c["headers"]).json["id"]
    assert client.post(f"{base}/intros/{declined}/decline", headers=a["headers"]).status_code == 200
    assert client.post(f"{base}/intros", json={"to_attendee_id": b["id"]}, headers=d["headers"]).status_code == 201
    cancelled = client.post(f"{base}/intros", json={"to_attendee_id": d["id"]}, headers=c["headers"]).json["id"]
    assert client.post(f"{base}/intros/{cancelled}/cancel", headers=c["headers"]).status_code == 200
    for who, other in ((a, d), (d, a)):
        assert client.post(f"{base}/suggestions/{other['id']}/feedback", json={"kind": "interested"},
                           headers=who["headers"]).status_code == 200
    token = client.get(f"{base}/attendees/me/qr", headers=d["headers"]).json["token"]
    assert client.post(f"{base}/connections/scan", json={"token": token}, headers=c["headers"]).status_code == 201
    ad, cd = connection_id(client, event, a, d), connection_id(client, event, c, d)

    log_followup(client, a, ab, happened_at=NOW - timedelta(hours=3), note=SECRET, outcome="deal")
    log_followup(client, b, ab, happened_at=NOW - timedelta(hours=2), note=SECRET)
    for who, connection in ((a, ab), (b, ab), (d, ad), (c, cd)):
        assert client.put(f"{API}/connections/{connection}/note", json={"body": SECRET},
                          headers=who["headers"]).status_code == 200
    assert client.put(f"{API}/connections/{ad}/next-step", json={"due_on": (NOW + timedelta(days=30)).date()
                                                                  .isoformat(), "note": SECRET},
                      headers=a["headers"]).status_code == 200
    for who, connection, body in ((a, ab, {"rating": 5}), (b, ab, {"rating": 4}),
                                  (d, cd, {"rating": 2, "would_meet_again": False}),
                                  (c, cd, {"no_show": True})):
        assert client.put(f"{API}/connections/{connection}/feedback", json=body,
                          headers=who["headers"]).status_code == 200
    people = {"a": a, "b": b, "c": c, "d": d}
    return {"event": event, "people": people, "ad": ad, "owner": event["owner"]["headers"]}


@pytest.fixture
def app_overrides():
    # Tokens outlive the clock's moves 10 days back and 20 days ahead.
    return {"ACCESS_TOKEN_TTL": 60 * 24 * 3600}


@pytest.fixture
def world(client, app):
    return cached_world(app, client, "analytics", build)


EXPECTED = {
    "registrations": {"total": 5, "joined": 4, "invited": 1},
    "profile_completion": {"complete": 3, "share": 0.6},
    "good_suggestions": {"threshold": 1.0, "wanted": 3, "attendees": 2, "share": 0.4},
    "intros": {"sent": 4, "accepted": 1, "declined": 1, "pending": 1, "cancelled": 1},
    "mutual_matches": 1,
    "connections": {"total": 3, "by_origin": {"intro": 1, "mutual_match": 1, "scan": 1, "meeting": 0}},
    "followup_rate": {"window_days": 14, "connections": 3, "followed_up": 1, "rate": 0.3333},
    "messaging": {"conversations": 0, "messages": 0},
    "ratings": {"count": 3, "average": 3.67},
    "no_shows": {"reported_by_attendees": 1, "meetings": 0, "total": 1},
    "top_interests": [{"label": "Rust", "count": 3}, {"label": "Chess", "count": 2},
                      {"label": "Machine learning", "count": 2}, {"label": "Opera", "count": 2},
                      {"label": "Payments", "count": 2}],
}


def test_analytics_match_the_hand_counted_event(client, app, world, time_machine):
    # D's follow-up on A-D happens 20 days after they connected: outside the 14-day window.
    later = NOW + timedelta(days=20)
    time_machine.move_to(later, tick=False)
    log_followup(client, world["people"]["d"], world["ad"], happened_at=later - timedelta(hours=1), note=SECRET)
    response = client.get(f"{API}/events/{world['event']['id']}/analytics", headers=world["owner"])
    assert response.status_code == 200
    assert response.json == {"event_id": world["event"]["id"], **EXPECTED}

    as_csv = client.get(f"{API}/events/{world['event']['id']}/analytics.csv", headers=world["owner"])
    assert as_csv.mimetype == "text/csv"
    rows = dict(csv.reader(io.StringIO(as_csv.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows["metric"] == "value"
    assert rows["intros.declined"] == "1" and rows["followup_rate.rate"] == "0.3333"
    assert rows["connections.by_origin.scan"] == "1" and rows["top_interests.Rust"] == "3"
    assert len(rows) == 1 + 32 + 5  # header, the 32 numbers, five interests
    same = client.get(f"{API}/events/{world['event']['id']}/analytics?format=csv", headers=world["owner"])
    assert same.get_data() == as_csv.get_data()


def _missed_meetings(client, world, time_machine) -> None:
    """Two meetings on the event day that A reports: B and D missed the first, D the second too."""
    people, base = world["people"], f"{API}/events/{world['event']['id']}"
    day = NOW - timedelta(days=10)  # the event's start
    time_machine.move_to(day, tick=False)
    for offset, invitees in ((1, ("b", "d")), (2, ("d",))):
        slot = client.post(f"{base}/slots", headers=world["owner"], json={
            "starts_at": (day + timedelta(hours=offset)).isoformat(),
            "ends_at": (day + timedelta(hours=offset, minutes=20)).isoformat()})
        assert slot.status_code == 201, slot.json
        meeting = client.post(f"{base}/meetings", headers=people["a"]["headers"], json={
            "invitee_ids": [people[i]["id"] for i in invitees], "slot_id": slot.json["id"]})
        assert meeting.status_code == 201, meeting.json
        for who in invitees:
            accepted = client.post(f"{base}/meetings/{meeting.json['id']}/accept", headers=people[who]["headers"])
            assert accepted.status_code == 200, accepted.json
        time_machine.move_to(day + timedelta(hours=offset, minutes=5), tick=False)
        reported = client.post(f"{base}/meetings/{meeting.json['id']}/outcome", headers=people["a"]["headers"],
                               json={"outcome": "no_show", "no_show_ids": [people[i]["id"] for i in invitees]})
        assert reported.status_code == 200, reported.json


def test_no_shows_name_the_absent_never_the_reporter(client, app, world, time_machine):
    url = f"{API}/events/{world['event']['id']}/analytics/no-shows"
    listed = client.get(url, headers=world["owner"]).json["items"]
    assert [(i["attendee"]["display_name"], i["reported_no_shows"], i["missed_meetings"], i["total"])
            for i in listed] == [("Dee D", 1, 0, 1)]
    assert "Cy C" not in client.get(url, headers=world["owner"]).get_data(as_text=True)
    assert not {"email", "phone", "links"} & set(listed[0]["attendee"])
    # Meetings marked no-show (the meetings feature) add up with attendees' reports.
    _missed_meetings(client, world, time_machine)
    listed = client.get(url, headers=world["owner"]).json["items"]
    assert [(i["attendee"]["display_name"], i["reported_no_shows"], i["missed_meetings"], i["total"])
            for i in listed] == [("Dee D", 1, 2, 3), ("Ben B", 0, 1, 1)]
    totals = client.get(f"{API}/events/{world['event']['id']}/analytics", headers=world["owner"]).json["no_shows"]
    assert totals == {"reported_by_attendees": 1, "meetings": 3, "total": 4}


def test_no_private_text_ever_reaches_organizers(client, app, world):
    event_id = world["event"]["id"]
    for path in ("/analytics", "/analytics.csv", "/analytics?format=csv", "/analytics/no-shows",
                 "/attendees", "/attendees?limit=200"):
        body = client.get(f"{API}/events/{event_id}{path}", headers=world["owner"]).get_data(as_text=True)
        assert SECRET not in body and "QUOKKA" not in body, path


def test_an_attendee_summary_counts_their_own_event(client, app, world):
    a = world["people"]["a"]
    response = client.get(f"{API}/events/{world['event']['id']}/attendees/me/summary", headers=a["headers"])
    assert response.status_code == 200
    assert response.json == {
        "event_id": world["event"]["id"],
        "people_met": {"total": 2, "by_origin": {"intro": 1, "mutual_match": 1, "scan": 0, "meeting": 0}},
        "intros": {"sent": 1, "received": 1, "accepted": 1, "pending": 0},
        # A logged one contact (with B); her next step with D is 30 days out, so nothing is due yet.
        "followups": {"logged": 1, "people_followed_up": 1, "overdue": 0, "upcoming": 0},
        "messages": {"conversations": 0, "messages": 0},
    }
    d = world["people"]["d"]
    mine = client.get(f"{API}/events/{world['event']['id']}/attendees/me/summary", headers=d["headers"]).json
    # D met A (mutual) and C (scan), sent one intro (pending, to B); no contact logged: two thank-yous upcoming.
    assert mine["people_met"]["by_origin"] == {"intro": 0, "mutual_match": 1, "scan": 1, "meeting": 0}
    assert mine["intros"] == {"sent": 1, "received": 1, "accepted": 0, "pending": 1}
    assert mine["followups"] == {"logged": 0, "people_followed_up": 0, "overdue": 0, "upcoming": 2}
