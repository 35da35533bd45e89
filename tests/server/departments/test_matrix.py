"""The department x department matrix against a hand-counted fixture; counts only, organizers only."""
from datetime import datetime, timezone

import pytest

from server.connections.models import Connection
from server.extensions import db
from tests.factories import create_event, join_event, sign_in_with_code, signup_organizer

API = "/api/v1"


def _scan(client, base, scanner, scanned):
    token = client.get(f"{base}/attendees/me/qr", headers=scanned["headers"]).json["token"]
    response = client.post(f"{base}/connections/scan", json={"token": token}, headers=scanner["headers"])
    assert response.status_code == 201, response.json


@pytest.fixture
def offsite(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"], name="Acme offsite", starts_at="2026-01-10T09:00:00Z",
                         ends_at="2027-12-31T18:00:00Z", networking_scope="cross_department")
    base = f"{API}/events/{event['id']}"
    spelled = {"Ana": "Finance", "Bea": "Fin", "Cy": "Product", "Dan": "Engineering", "Eli": "", "Fay": "Finance",
               "Gus": "engineering dept"}
    people = {name: join_event(client, app, event, display_name=name, department=dept or "")
              for name, dept in spelled.items()}
    # At the event: Ana-Bea (Finance-Finance), Ana-Cy (Finance-Product), Cy-Dan (Product-Engineering),
    # Dan-Eli (Engineering-none), Gus-Dan (Engineering-Engineering).
    for a, b in (("Ana", "Bea"), ("Ana", "Cy"), ("Cy", "Dan"), ("Dan", "Eli"), ("Gus", "Dan")):
        _scan(client, base, people[a], people[b])
    # Bea and Cy met before the offsite (another event, last year).
    _scan(client, base, people["Bea"], people["Cy"])
    with app.app_context():
        accounts = sorted(db.session.execute(db.select(Connection)).scalars(), key=lambda c: c.id)[-1]
        accounts.event_id, accounts.created_at = None, datetime(2025, 6, 1, tzinfo=timezone.utc)
        db.session.commit()
    return {"owner": owner, "base": base, "people": people}


def test_matrix_matches_the_hand_count_and_names_nobody(client, offsite):
    response = client.get(f"{offsite['base']}/analytics/departments", headers=offsite["owner"]["headers"])
    assert response.status_code == 200, response.json
    body = response.json
    assert body["departments"] == [{"label": "Engineering", "attendees": 2}, {"label": "Finance", "attendees": 3},
                                   {"label": "Product", "attendees": 1}, {"label": None, "attendees": 1}]
    assert body["matrix"] == [
        # Eng Fin Prod none
        [1, 0, 1, 1],
        [0, 1, 1, 0],
        [1, 1, 0, 0],
        [1, 0, 0, 0],
    ]
    assert body["connections_made"] == 5
    # Before: Bea-Cy only (crossed). After: Ana-Bea, Ana-Cy, Cy-Dan, Gus-Dan, Bea-Cy (Dan-Eli has no
    # department on one side): 3 of 5 crossed.
    assert body["crossed_share"] == {"before": {"connections": 1, "crossed": 1, "share": 1.0},
                                     "after": {"connections": 5, "crossed": 3, "share": 0.6}}
    text = response.get_data(as_text=True)
    for name in offsite["people"]:
        assert name not in text
    assert "@" not in text


@pytest.mark.parametrize("who, status", [("attendee", 403), ("stranger", 404), ("anonymous", 401)])
def test_only_organizers_read_the_matrix(client, app, offsite, who, status):
    headers = {"attendee": offsite["people"]["Ana"]["headers"],
               "stranger": sign_in_with_code(client, app)["headers"], "anonymous": {}}[who]
    response = client.get(f"{offsite['base']}/analytics/departments", headers=headers)
    assert response.status_code == status and response.mimetype == "application/problem+json"
