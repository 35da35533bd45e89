"""Interests that normalize to nothing ("😀", "-", "!!!"): refused in the app, dropped from imports, and
ignored by analytics when older profiles still hold them (issue 11, point 4)."""
from __future__ import annotations

import pytest

from server.attendees.models import Attendee
from server.extensions import db
from tests.factories import create_event, join_event, signup_organizer
from tests.server.imports.helpers import attendees, upload

API = "/api/v1"
NOTHING = ["😀", "-", "!!!", "\u2014", "🎉🎉", "...", "\u0007", "-\u200b-"]


@pytest.fixture
def event(client):
    owner = signup_organizer(client)
    return {**create_event(client, owner["headers"]), "owner": owner}


@pytest.mark.parametrize("interest", NOTHING)
def test_profile_patch_refuses_an_interest_that_names_nothing(client, app, event, interest):
    ana = join_event(client, app, event, interests=["Payments"])
    response = client.patch(f"{API}/events/{event['id']}/attendees/me", headers=ana["headers"],
                            json={"interests": ["Rust", interest]})
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json"
    assert list(response.json["errors"]) == ["interests.1"]
    me = client.get(f"{API}/events/{event['id']}/attendees/me", headers=ana["headers"]).json
    assert me["interests"] == ["Payments"]  # a failed request writes nothing


@pytest.mark.parametrize("interest", NOTHING)
def test_analytics_and_its_csv_ignore_stored_blank_interests(client, app, event, interest):
    ana = join_event(client, app, event, interests=["Payments", "Rust"])
    join_event(client, app, event, interests=["payments"])
    with app.app_context():  # as saved before the schema refused it
        row = db.session.get(Attendee, ana["id"])
        row.interests = ["Payments", interest, "Rust"]
        db.session.commit()
    base = f"{API}/events/{event['id']}/analytics"
    response = client.get(base, headers=event["owner"]["headers"])
    assert response.status_code == 200, response.json
    assert response.json["top_interests"] == [{"label": "Payments", "count": 2}, {"label": "Rust", "count": 1}]
    for url in (f"{base}.csv", f"{base}?format=csv"):
        csv_response = client.get(url, headers=event["owner"]["headers"])
        assert csv_response.status_code == 200
        assert "top_interests.Payments,2" in csv_response.get_data(as_text=True)
    suggestions = client.get(f"{API}/events/{event['id']}/suggestions", headers=ana["headers"])
    assert suggestions.status_code == 200


def test_import_drops_placeholder_interests_and_keeps_the_row(client, app, event):
    owner = event["owner"]
    data = "Email,Name,Interests\nana@example.org,Ana,Payments; -; 😀; Rust\nbo@example.org,Bo,-\n"
    response = upload(client, owner, event, data)
    assert response.status_code == 201, response.json
    assert response.json["counts"]["created"] == 2 and response.json["errors"] == []
    by_email = {a["email"]: a for a in attendees(client, owner, event)}
    assert by_email["ana@example.org"]["interests"] == ["Payments", "Rust"]
    assert by_email["bo@example.org"]["interests"] == []


def test_interests_in_any_script_are_kept_and_analytics_still_answers(client, app, event):
    ana = join_event(client, app, event, interests=["機械学習", "énergie solaire", "Payments"])
    assert ana["interests"] == ["機械学習", "énergie solaire", "Payments"]
    response = client.get(f"{API}/events/{event['id']}/analytics", headers=event["owner"]["headers"])
    assert response.status_code == 200, response.json
