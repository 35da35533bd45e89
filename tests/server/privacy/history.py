"""Two people with a full history at one event, built through the public API: profiles, an intro and the
connection it made, suggestion feedback, private notes, follow-ups, next steps, connection feedback, a
meeting (asked with an Idempotency-Key), a QR scan, check-ins, a published speed-networking session,
notifications, a conversation (with reports both ways, a suspension and a job change), an organizer's
attendee export and a webhook's stored payloads."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"
NOW = datetime.now(timezone.utc)
ANA_EMAIL = "anastasia.quokkaberg@example.org"
ANA = {"display_name": "Anastasia Quokkaberg", "company": "Zyzzyva Holdings", "job_title": "Chief Zeppelin Officer",
       "bio": "Restores vintage airships in Porto", "phone": "+351 912 345 678", "industry": "Aerostatics",
       "email": "ana.contact@zyzzyva.example", "interests": ["Zeppelin restoration", "Quokka farming"],
       "goals": ["raising_funds"], "shared_fields": ["email", "phone"], "links": ["https://zyzzyva.example/ana"]}
# Every text that would identify Ana; none may survive her erasure.
IDENTIFYING = [ANA_EMAIL, "Anastasia", "Quokkaberg", "Zyzzyva", "Zeppelin", "vintage airships", "912 345 678",
               "ana.contact", "Aerostatics"]


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()


def build(client, app) -> dict:
    owner = signup_organizer(client)
    day = NOW.date().isoformat()
    event = create_event(client, owner["headers"], starts_at=iso(NOW - timedelta(hours=12)),
                         ends_at=iso(NOW + timedelta(days=2)))
    base, org = f"{API}/events/{event['id']}", owner["headers"]
    slot = _ok(client.post(f"{base}/slots", headers=org, json={
        "starts_at": iso(NOW + timedelta(hours=3)), "ends_at": iso(NOW + timedelta(hours=3, minutes=20))}), 201)["id"]
    _ok(client.post(f"{base}/locations", headers=org, json={"name": "Window table", "capacity": 2}), 201)
    # A webhook stores what it sends (profiles included) until delivered and logged: erasure must reach it.
    _ok(client.post(f"{base}/webhooks", headers=org, json={
        "url": "http://127.0.0.1:9/hook", "event_types": ["attendee.created", "attendee.updated"]}), 201)
    ana = join_event(client, app, event, email=ANA_EMAIL)
    ana = {**_ok(client.patch(f"{base}/attendees/me", headers=ana["headers"], json=ANA)), "headers": ana["headers"]}
    bo = join_event(client, app, event, display_name="Bo Lindqvist", company="Fjord Capital", goals=["investing"],
                    interests=["Quokka farming", "Payments"], shared_fields=["email"])
    cy = join_event(client, app, event, display_name="Cy Park", company="Xylo", goals=["hiring"],
                    interests=["Payments"])
    dee = join_event(client, app, event, display_name="Dee Roy", company="Opera House", interests=["Opera"])
    a, b = ana["headers"], bo["headers"]
    intro = _ok(client.post(f"{base}/intros", headers=a, json={
        "to_attendee_id": bo["id"], "message": "Hi Bo, Anastasia here: zeppelins and quokkas?"}), 201)
    _ok(client.post(f"{base}/intros/{intro['id']}/accept", headers=b))
    _ok(client.post(f"{base}/suggestions/{cy['id']}/feedback", headers=a, json={"kind": "interested"}))
    _ok(client.post(f"{base}/suggestions/{ana['id']}/feedback", headers=cy["headers"], json={"kind": "must_meet"}))
    connection = _ok(client.get(f"{base}/connections", headers=b))["items"][0]["id"]
    conn = f"{API}/connections/{connection}"
    for who, text in ((a, "Bo funds quokka farms; Anastasia owes him a deck"), (b, "Met at the summit, good chat")):
        _ok(client.put(f"{conn}/note", headers=who, json={"body": text}))
        _ok(client.post(f"{conn}/followups", headers=who, json={
            "channel": "email", "happened_at": iso(NOW), "note": text, "outcome": "intro_made"}), 201)
        _ok(client.put(f"{conn}/next-step", headers=who, json={
            "due_on": (NOW + timedelta(days=30)).date().isoformat(), "note": text}))
        _ok(client.put(f"{conn}/feedback", headers=who, json={"rating": 5}))
    conversation = _ok(client.post(f"{API}/me/conversations", headers=a, json={"connection_id": connection}), 201)["id"]
    said = _ok(client.post(f"{API}/me/conversations/{conversation}/messages", headers={**a, "Idempotency-Key": "ana-msg"},
                           json={"text": "Anastasia here: the zeppelin deck is attached", "client_id": "a1"}), 201)
    reply = _ok(client.post(f"{API}/me/conversations/{conversation}/messages", headers=b,
                            json={"text": "Great, send it over", "client_id": "b1"}), 201)
    _ok(client.post(f"{API}/me/messages/{said['id']}/report", headers=b, json={"reason": "off topic"}), 201)
    _ok(client.post(f"{API}/me/messages/{reply['id']}/report", headers=a, json={"reason": "Anastasia finds this odd"}), 201)
    _ok(client.put(f"{base}/messaging-suspensions/{ana['id']}", headers=org, json={"reason": "too many zeppelins"}))
    _ok(client.patch(f"{base}/attendees/me", headers=a, json={"job_title": "Chief Zeppelin Pilot"}))
    meeting = _ok(client.post(f"{base}/meetings", headers={**b, "Idempotency-Key": "bo-meets-ana"}, json={
        "invitee_ids": [ana["id"]], "slot_id": slot, "message": "Coffee?"}), 201)
    _ok(client.post(f"{base}/meetings/{meeting['id']}/accept", headers=a))
    token = _ok(client.get(f"{base}/attendees/me/qr", headers=a))["token"]
    _ok(client.post(f"{base}/connections/scan", headers=b, json={"token": token}))
    for person in (ana, bo, cy, dee):
        _ok(client.post(f"{base}/check-ins", headers=org, json={"attendee_id": person["id"]}), 201)
    session = _ok(client.post(f"{base}/sessions", headers=org, json={
        "name": "Speed round", "starts_at": f"{day}T23:00:00Z" if NOW.hour < 22 else iso(NOW + timedelta(hours=1)),
        "rounds": 1, "minutes_per_round": 5, "participants": "checked_in", "table_count": 2}), 201)
    _ok(client.post(f"{base}/sessions/{session['id']}/publish", headers=org))
    assert client.get(f"{base}/attendees.csv", headers=org).status_code == 200
    return {"owner": owner, "event": event, "base": base, "ana": ana, "bo": bo, "cy": cy,
            "connection": connection, "conversation": conversation, "session": session["id"], "meeting": meeting["id"]}
