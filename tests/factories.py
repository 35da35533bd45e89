"""Plain builders for tests: each goes through the public HTTP API, as the app would."""
from __future__ import annotations

import itertools
import re
from typing import Any

from server.mail import outbox

_counter = itertools.count(1)
PASSWORD = "correct horse battery"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def unique_email(prefix: str = "person") -> str:
    return f"{prefix}{next(_counter)}@example.org"


def signup_organizer(client, *, email: str | None = None, name: str = "Olga Organizer") -> dict[str, Any]:
    """A new organizer account; returns the token body plus `headers` and `email`."""
    email = email or unique_email("organizer")
    response = client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "name": name})
    assert response.status_code == 201, response.json
    return {**response.json, "headers": bearer(response.json["access_token"]), "email": email}


def event_body(**overrides) -> dict[str, Any]:
    body = {
        "name": "Lisbon Founders Summit",
        "starts_at": "2027-03-10T09:00:00Z",
        "ends_at": "2027-03-11T18:00:00Z",
        "timezone": "Europe/Lisbon",
        "venue": "Hub Criativo do Beato",
    }
    body.update(overrides)
    return body


def create_event(client, headers, **overrides) -> dict[str, Any]:
    response = client.post("/api/v1/events", json=event_body(**overrides), headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def last_code(app, email: str) -> str:
    """The newest sign-in code mailed to `email` (memory mail backend)."""
    with app.app_context():
        for message in reversed(outbox()):
            if message["To"] == email and "sign-in code" in message["Subject"]:
                return re.search(r"\b(\d{6})\b", message["Subject"]).group(1)
    raise AssertionError(f"no code mailed to {email}")


def sign_in_with_code(client, app, *, email: str | None = None) -> dict[str, Any]:
    email = email or unique_email("attendee")
    assert client.post("/api/v1/auth/email-code", json={"email": email}).status_code == 202
    response = client.post(
        "/api/v1/auth/email-code/verify", json={"email": email, "code": last_code(app, email)}
    )
    assert response.status_code == 200, response.json
    return {**response.json, "headers": bearer(response.json["access_token"]), "email": email}


def join_event(client, app, event: dict[str, Any], *, email: str | None = None, **profile) -> dict[str, Any]:
    """Sign a new person in with a code, join `event`, fill `profile`; returns profile + headers."""
    person = sign_in_with_code(client, app, email=email)
    response = client.post("/api/v1/events/join", json={"join_code": event["join_code"]}, headers=person["headers"])
    assert response.status_code == 201, response.json
    if profile:
        response = client.patch(
            f"/api/v1/events/{event['id']}/attendees/me", json=profile, headers=person["headers"]
        )
        assert response.status_code == 200, response.json
    return {**response.json, "headers": person["headers"], "account_email": person["email"]}
