"""Organizers create and run events; the goal catalogue and co-organizers."""
import pytest

from server.errors import NotFound
from server.events import service as events_service
from server.events.models import Event
from server.extensions import db
from server.mail import outbox
from tests.factories import create_event, event_body, join_event, sign_in_with_code, signup_organizer


def test_create_read_update_delete_an_event(client):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"], ends_at="2027-03-11T19:00:00+01:00")
    assert event["ends_at"] == "2027-03-11T18:00:00Z"  # stored and shown in UTC with Z
    assert event["role"] == "owner" and len(event["join_code"]) == 8
    url = f"/api/v1/events/{event['id']}"
    assert client.get(url, headers=owner["headers"]).json["name"] == "Lisbon Founders Summit"
    patched = client.patch(url, json={"venue": "FIL", "name": "  Renamed  "}, headers=owner["headers"])
    assert patched.status_code == 200 and patched.json["venue"] == "FIL" and patched.json["name"] == "Renamed"
    assert client.delete(url, headers=owner["headers"]).status_code == 204
    assert client.get(url, headers=owner["headers"]).status_code == 404


def test_list_shows_only_my_events_page_by_page(client):
    owner, other = signup_organizer(client), signup_organizer(client)
    mine = [create_event(client, owner["headers"], name=f"E{i}")["id"] for i in range(5)]
    create_event(client, other["headers"])
    first = client.get("/api/v1/events?limit=2", headers=owner["headers"])
    assert [e["id"] for e in first.json["items"]] == mine[:2]
    assert 'rel="next"' in first.headers["Link"]
    seen = [e["id"] for e in first.json["items"]]
    cursor = first.json["next_cursor"]
    while cursor:
        page = client.get(f"/api/v1/events?limit=2&cursor={cursor}", headers=owner["headers"]).json
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
    assert seen == mine


def test_patch_cannot_make_an_event_end_before_it_starts(client):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    response = client.patch(f"/api/v1/events/{event['id']}", json={"ends_at": "2027-03-01T00:00:00Z"},
                            headers=owner["headers"])
    assert response.status_code == 422 and "ends_at" in response.json["errors"]
    assert client.get(f"/api/v1/events/{event['id']}", headers=owner["headers"]).json["ends_at"] == event["ends_at"]


def test_regenerated_join_code_replaces_the_old_one(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    fresh = client.post(f"/api/v1/events/{event['id']}/join-code", headers=owner["headers"]).json
    assert fresh["join_code"] != event["join_code"]
    person = sign_in_with_code(client, app)
    stale = client.post("/api/v1/events/join", json={"join_code": event["join_code"]}, headers=person["headers"])
    assert stale.status_code == 404 and "join_code" in stale.json["errors"]
    ok = client.post("/api/v1/events/join", json={"join_code": fresh["join_code"].lower()}, headers=person["headers"])
    assert ok.status_code == 201


def test_attendees_do_not_see_the_join_code_and_cannot_create_events(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    person = join_event(client, app, event)
    seen = client.get(f"/api/v1/events/{event['id']}", headers=person["headers"]).json
    assert seen["role"] == "attendee" and "join_code" not in seen
    assert client.post("/api/v1/events", json=event_body(), headers=person["headers"]).status_code == 403


def test_co_organizer_added_by_email_can_run_the_event_but_not_delete_it(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    added = client.post(f"/api/v1/events/{event['id']}/organizers", json={"email": "co@example.org"},
                        headers=owner["headers"])
    assert added.status_code == 201 and added.json["role"] == "organizer"
    with app.app_context():
        assert any(m["To"] == "co@example.org" for m in outbox())
    co = sign_in_with_code(client, app, email="co@example.org")
    url = f"/api/v1/events/{event['id']}"
    assert client.patch(url, json={"venue": "Elsewhere"}, headers=co["headers"]).status_code == 200
    assert client.delete(url, headers=co["headers"]).status_code == 403
    again = client.post(f"{url}/organizers", json={"email": "CO@example.org"}, headers=owner["headers"])
    assert again.status_code == 409
    mine = client.get("/api/v1/me/events", headers=co["headers"]).json["items"]
    assert [(e["id"], e["role"]) for e in mine] == [(event["id"], "organizer")]
    owner_id = client.get("/api/v1/me", headers=owner["headers"]).json["id"]
    assert client.delete(f"{url}/organizers/{owner_id}", headers=co["headers"]).status_code == 409
    co_id = added.json["account_id"]
    assert client.delete(f"{url}/organizers/{co_id}", headers=owner["headers"]).status_code == 204
    assert client.get(url, headers=co["headers"]).status_code == 404


def test_new_events_get_the_default_goal_catalogue_with_complements(client):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    intents = {i["key"]: i for i in client.get(f"/api/v1/events/{event['id']}/intents",
                                                  headers=owner["headers"]).json["intents"]}
    assert {"raising_funds", "investing", "seeking_mentor", "mentoring", "hiring", "job_seeking",
            "selling", "buying", "finding_cofounder", "partnering", "learning", "sharing_expertise",
            "meeting_peers"} <= set(intents)
    assert intents["investing"]["complements"] == ["raising_funds"]
    assert intents["job_seeking"]["complements"] == ["hiring"]


def test_replacing_the_catalogue_makes_complements_symmetric(client):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    url = f"/api/v1/events/{event['id']}/intents"
    body = {"intents": [
        {"key": "hiring", "label": "Hiring", "complements": ["job_seeking"]},
        {"key": "job_seeking", "label": "Looking for a job"},
        {"key": "grant_making", "label": "Giving grants", "complements": ["research"]},
        {"key": "research", "label": "Doing research"},
    ]}
    response = client.put(url, json=body, headers=owner["headers"])
    assert response.status_code == 200
    by_key = {i["key"]: i["complements"] for i in response.json["intents"]}
    assert by_key == {"hiring": ["job_seeking"], "job_seeking": ["hiring"],
                      "grant_making": ["research"], "research": ["grant_making"]}
    assert client.get(url, headers=owner["headers"]).json == response.json


def test_goals_in_use_cannot_be_removed_from_the_catalogue(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    join_event(client, app, event, goals=["investing"])
    url = f"/api/v1/events/{event['id']}/intents"
    response = client.put(url, json={"intents": [{"key": "hiring", "label": "Hiring"}]}, headers=owner["headers"])
    assert response.status_code == 409 and "investing" in response.json["detail"]
    keys = {i["key"] for i in client.get(url, headers=owner["headers"]).json["intents"]}
    assert "investing" in keys and "raising_funds" in keys  # nothing was half-replaced


def test_a_change_racing_the_events_deletion_is_a_404_not_a_500(client, app):
    """Seen under Schemathesis: an organizer removed an attendee while another request deleted the event;
    the revision bump then found no event row. The change is refused as if the event were already gone."""
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    with app.app_context():
        db.session.execute(db.delete(Event).where(Event.id == event["id"]))
        with pytest.raises(NotFound) as refused:
            events_service.bump_revision(event_id=event["id"])
        assert refused.value.status == 404
        db.session.rollback()
