"""Joining, profiles, invitations and the event directory."""
from server.mail import outbox
from tests.factories import create_event, join_event, sign_in_with_code, signup_organizer

PRIVATE = {"email", "phone", "links", "shared_fields", "discoverable", "open_to_matching", "account_id", "status"}


def _event(client):
    owner = signup_organizer(client)
    return owner, create_event(client, owner["headers"])


def test_join_with_code_then_fill_a_profile(client, app):
    _, event = _event(client)
    person = sign_in_with_code(client, app, email="ana@example.org")
    joined = client.post("/api/v1/events/join", json={"join_code": event["join_code"]}, headers=person["headers"])
    assert joined.status_code == 201 and joined.json["email"] == "ana@example.org"
    again = client.post("/api/v1/events/join", json={"join_code": event["join_code"]}, headers=person["headers"])
    assert again.status_code == 200 and again.json["id"] == joined.json["id"]
    profile = {
        "display_name": "Ana Sousa", "company": "Quantix", "job_title": "CTO", "industry": "Fintech",
        "bio": "Building payments infra.", "goals": ["raising_funds", "hiring", "hiring"],
        "interests": ["Machine Learning", "machine learning", "Payments"],
        "links": ["https://linkedin.com/in/ana"], "phone": "+351 912 345 678",
        "shared_fields": ["email", "links"], "discoverable": True, "open_to_matching": True,
    }
    me = client.patch(f"/api/v1/events/{event['id']}/attendees/me", json=profile, headers=person["headers"])
    assert me.status_code == 200
    assert me.json["goals"] == ["raising_funds", "hiring"]
    assert me.json["interests"] == ["Machine Learning", "Payments"]  # the same words twice count once
    assert client.get(f"/api/v1/events/{event['id']}/attendees/me", headers=person["headers"]).json == me.json
    events = client.get("/api/v1/me/events", headers=person["headers"]).json["items"]
    assert [(e["id"], e["role"], e["attendee_id"]) for e in events] == [(event["id"], "attendee", me.json["id"])]


def test_unknown_goal_is_rejected_naming_it(client, app):
    _, event = _event(client)
    person = join_event(client, app, event)
    response = client.patch(f"/api/v1/events/{event['id']}/attendees/me", json={"goals": ["hiring", "world_peace"]},
                            headers=person["headers"])
    assert response.status_code == 422 and "goals.1" in response.json["errors"]


def test_directory_hides_contact_fields_and_hidden_people_from_attendees(client, app):
    owner, event = _event(client)
    viewer = join_event(client, app, event, display_name="Viewer")
    shown = join_event(client, app, event, display_name="Shown Person", phone="+1 555 0100", company="Acme")
    join_event(client, app, event, display_name="Hidden Person", discoverable=False)
    url = f"/api/v1/events/{event['id']}/attendees"
    seen = client.get(url, headers=viewer["headers"])
    names = [a["display_name"] for a in seen.json["items"]]
    assert names == ["Viewer", "Shown Person"]
    for item in seen.json["items"]:
        assert not PRIVATE & set(item)
    assert shown["account_email"] not in seen.get_data(as_text=True)
    assert "+1 555 0100" not in seen.get_data(as_text=True)
    everything = client.get(url, headers=owner["headers"]).json["items"]
    assert [a["display_name"] for a in everything] == ["Viewer", "Shown Person", "Hidden Person"]
    assert everything[1]["phone"] == "+1 555 0100" and everything[1]["email"] == shown["account_email"]


def test_directory_search_by_name_or_company_case_insensitively(client, app):
    _, event = _event(client)
    viewer = join_event(client, app, event, display_name="Viewer")
    join_event(client, app, event, display_name="Zoë Fischer", company="Northwind")
    join_event(client, app, event, display_name="Bruno", company="NORTHWIND labs")
    join_event(client, app, event, display_name="100% Carla", company="Other")
    url = f"/api/v1/events/{event['id']}/attendees"
    by_company = client.get(f"{url}?q=northwind", headers=viewer["headers"]).json["items"]
    assert [a["display_name"] for a in by_company] == ["Zoë Fischer", "Bruno"]
    assert [a["display_name"] for a in client.get(f"{url}?q=zoë", headers=viewer["headers"]).json["items"]] == ["Zoë Fischer"]
    # LIKE wildcards in the query are taken literally.
    assert [a["display_name"] for a in client.get(f"{url}?q=100%25", headers=viewer["headers"]).json["items"]] == ["100% Carla"]
    assert client.get(f"{url}?q=_", headers=viewer["headers"]).json["items"] == []


def test_directory_pages_by_cursor_without_gaps_or_repeats(client, app):
    owner, event = _event(client)
    ids = [join_event(client, app, event)["id"] for _ in range(7)]
    url = f"/api/v1/events/{event['id']}/attendees?limit=3"
    seen, cursor = [], None
    while True:
        page = client.get(url + (f"&cursor={cursor}" if cursor else ""), headers=owner["headers"])
        seen += [a["id"] for a in page.json["items"]]
        cursor = page.json["next_cursor"]
        assert ("Link" in page.headers) == bool(cursor)
        if not cursor:
            break
    assert seen == ids


def test_organizer_adds_a_person_who_gets_an_invitation_and_then_signs_in(client, app):
    owner, event = _event(client)
    url = f"/api/v1/events/{event['id']}/attendees"
    added = client.post(url, json={"email": "Invitee@Example.org", "display_name": "Ina", "interests": ["IoT"]},
                        headers=owner["headers"])
    assert added.status_code == 201 and added.json["status"] == "invited"
    with app.app_context():
        invite = [m for m in outbox() if m["To"] == "invitee@example.org"][-1]
        assert event["name"] in invite["Subject"] and event["join_code"] in invite.get_content()
    assert client.post(url, json={"email": "invitee@example.org"}, headers=owner["headers"]).status_code == 409
    person = sign_in_with_code(client, app, email="invitee@example.org")
    mine = client.get("/api/v1/me/events", headers=person["headers"]).json["items"]
    assert [e["attendee_id"] for e in mine] == [added.json["id"]]
    me = client.get(f"/api/v1/events/{event['id']}/attendees/me", headers=person["headers"]).json
    assert me["display_name"] == "Ina" and me["interests"] == ["IoT"]


def test_invitation_can_be_skipped(client, app):
    owner, event = _event(client)
    client.post(f"/api/v1/events/{event['id']}/attendees", json={"email": "quiet@example.org", "send_invite": False},
                headers=owner["headers"])
    with app.app_context():
        assert not [m for m in outbox() if m["To"] == "quiet@example.org"]


def test_person_can_leave_and_organizer_can_remove(client, app):
    owner, event = _event(client)
    leaver, removed = join_event(client, app, event), join_event(client, app, event)
    base = f"/api/v1/events/{event['id']}/attendees"
    assert client.delete(f"{base}/{leaver['id']}", headers=leaver["headers"]).status_code == 204
    assert client.get(f"{base}/me", headers=leaver["headers"]).status_code == 404
    assert client.delete(f"{base}/{removed['id']}", headers=owner["headers"]).status_code == 204
    assert [a["id"] for a in client.get(base, headers=owner["headers"]).json["items"]] == []


def test_profile_changes_bump_the_event_revision(client, app):
    from server.events.models import Event
    from server.extensions import db

    _, event = _event(client)
    person = join_event(client, app, event)
    with app.app_context():
        before = db.session.get(Event, event["id"]).revision
    client.patch(f"/api/v1/events/{event['id']}/attendees/me", json={"interests": ["Rust"]}, headers=person["headers"])
    with app.app_context():
        assert db.session.get(Event, event["id"]).revision == before + 1


def test_single_resources_have_etags_and_answer_304(client, app):
    _, event = _event(client)
    person = join_event(client, app, event)
    url = f"/api/v1/events/{event['id']}/attendees/me"
    first = client.get(url, headers=person["headers"])
    etag = first.headers["ETag"]
    again = client.get(url, headers={**person["headers"], "If-None-Match": etag})
    assert again.status_code == 304
    client.patch(url, json={"bio": "changed"}, headers=person["headers"])
    assert client.get(url, headers={**person["headers"], "If-None-Match": etag}).status_code == 200
