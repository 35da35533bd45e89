"""Uploading attendee lists the way an organizer's browser would."""
from __future__ import annotations

import io
import time

from tests.factories import create_event, signup_organizer

API = "/api/v1"


def organizer_with_event(client) -> tuple[dict, dict]:
    owner = signup_organizer(client)
    return owner, create_event(client, owner["headers"])


def upload(client, owner: dict, event: dict, data: bytes | str, filename: str = "attendees.csv", **form):
    """POST a file as multipart/form-data; form fields (dry_run, column_map, sheet...) go along."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    fields = {key: str(value).lower() if isinstance(value, bool) else value for key, value in form.items()}
    fields["file"] = (io.BytesIO(data), filename)
    return client.post(f"{API}/events/{event['id']}/imports", data=fields, headers=owner["headers"],
                       content_type="multipart/form-data")


def wait_for(client, owner: dict, location: str, timeout: float = 30.0) -> dict:
    """Poll an import until it is finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(location, headers=owner["headers"]).json
        if body["status"] in ("succeeded", "failed"):
            return body
        time.sleep(0.02)
    raise AssertionError(f"import still {body['status']} after {timeout} s")


def attendees(client, owner: dict, event: dict) -> list[dict]:
    """Every attendee of the event as the organizer sees them, in id order."""
    items, url = [], f"{API}/events/{event['id']}/attendees?limit=200"
    while url:
        page = client.get(url, headers=owner["headers"]).json
        items += page["items"]
        url = (f"{API}/events/{event['id']}/attendees?limit=200&cursor={page['next_cursor']}"
               if page["next_cursor"] else None)
    return items
