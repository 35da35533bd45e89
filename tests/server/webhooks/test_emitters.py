"""Each event type is emitted by the service where the change happens, with ids the organizer can look up."""
from __future__ import annotations

from server.webhooks.models import EVENT_TYPES
from tests.factories import join_event
from tests.server.imports.helpers import upload
from tests.server.webhooks.conftest import drain, register
from tests.server.webhooks.receiver import Receiver


def test_every_change_reaches_the_receiver_in_order(client, app, org, event):
    base, owner = f"/api/v1/events/{event['id']}", org["headers"]
    with Receiver() as receiver:
        register(client, org, event, receiver.url, types=[t for t in EVENT_TYPES if t != "ping"])
        ana = join_event(client, app, event, display_name="Ana", company="Quantix",  # created, then updated
                         department="Research", team="Search", office="Lisbon")
        ben = join_event(client, app, event)  # created only
        cai = join_event(client, app, event)
        token = client.get(f"{base}/attendees/me/qr", headers=ana["headers"]).json["token"]
        assert client.post(f"{base}/connections/scan", json={"token": token}, headers=ben["headers"]).status_code == 201
        slot = client.post(f"{base}/slots", headers=owner,
                           json={"starts_at": "2027-03-10T12:00:00Z", "ends_at": "2027-03-10T12:20:00Z"}).json
        meeting = client.post(f"{base}/meetings", headers=ana["headers"],
                              json={"invitee_ids": [ben["id"]], "slot_id": slot["id"], "message": "secret plan"}).json
        assert client.post(f"{base}/meetings/{meeting['id']}/accept", headers=ben["headers"]).status_code == 200
        assert client.post(f"{base}/meetings/{meeting['id']}/cancel", headers=ana["headers"]).status_code == 200
        for person in (ana, cai):  # not Ana and Ben: they have met, so a session could not seat them
            assert client.post(f"{base}/check-ins", json={"attendee_id": person["id"]}, headers=owner).status_code == 201
        session = client.post(f"{base}/sessions", headers=owner, json={
            "name": "Speed", "starts_at": "2027-03-10T14:00:00Z", "rounds": 1, "minutes_per_round": 10,
            "participants": "checked_in", "table_count": 1}).json
        published = client.post(f"{base}/sessions/{session['id']}/publish", headers=owner)
        assert published.status_code == 200, published.json
        imported = upload(client, org, event, "email,display_name\ncy@example.org,Cy\n")
        assert imported.status_code == 201, imported.json
        drain(app)
    assert receiver.types() == [
        "attendee.created", "attendee.updated", "attendee.created", "attendee.created", "connection.created", "meeting.booked",
        "meeting.cancelled", "attendee.checked_in", "attendee.checked_in", "session.published", "import.finished"]
    by_type = {}
    for got in receiver.received:
        by_type.setdefault(got.json["type"], []).append(got.json["data"])
    assert {k: by_type["attendee.updated"][0][k] for k in ("company", "department", "team", "office")} == {
        "company": "Quantix", "department": "Research", "team": "Search", "office": "Lisbon"}
    assert by_type["connection.created"][0]["attendee_ids"] == sorted((ana["id"], ben["id"]))
    booked = by_type["meeting.booked"][0]
    assert booked["id"] == meeting["id"] and booked["attendee_ids"] == sorted((ana["id"], ben["id"]))
    assert "message" not in booked and "secret plan" not in str(by_type)
    assert by_type["meeting.cancelled"][0]["status"] == "cancelled"
    assert [c["attendee_id"] for c in by_type["attendee.checked_in"]] == [ana["id"], cai["id"]]
    assert by_type["session.published"][0]["id"] == session["id"]
    assert by_type["import.finished"][0] == {**by_type["import.finished"][0], "status": "succeeded", "created": 1}
    assert len({got.headers["webhook-id"] for got in receiver.received}) == len(receiver.received)


def test_only_chosen_types_are_sent(client, app, org, event):
    with Receiver() as receiver:
        register(client, org, event, receiver.url, types=["attendee.checked_in"])
        join_event(client, app, event, display_name="Dee")
        drain(app)
    assert receiver.received == []
