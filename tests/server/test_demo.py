"""The demo data `make run` loads: realistic, within the catalogue, and loaded once."""
from server.attendees.models import Attendee
from server.demo import ORGANIZER_EMAIL, ORGANIZER_PASSWORD, seed
from server.events.service import intent_keys
from server.extensions import db


def test_demo_seed_is_idempotent_and_signs_in(app, client):
    with app.app_context():
        first = seed(attendee_count=40)
        second = seed(attendee_count=40)
        attendees = db.session.execute(db.select(Attendee)).scalars().all()
        known = intent_keys(event_id=attendees[0].event_id)
    assert first == second and "40 attendees" in first[0]
    assert len(attendees) == 40
    assert all(set(a.goals) <= known and a.goals for a in attendees)
    # Interests are spelled the way people spell them, not canonicalized.
    spellings = {i for a in attendees for i in a.interests}
    assert len(spellings) > 30
    login = client.post("/api/v1/auth/login", json={"email": ORGANIZER_EMAIL, "password": ORGANIZER_PASSWORD})
    assert login.status_code == 200
    events = client.get("/api/v1/events", headers={"Authorization": f"Bearer {login.json['access_token']}"})
    assert [e["name"] for e in events.json["items"]] == ["Rapport Demo Summit"]
