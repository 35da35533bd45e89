"""Only the event's organizers import and export: attendees 403, other organizers and outsiders 404,
anonymous 401. A refused upload creates nobody."""
import pytest

from tests.factories import join_event, sign_in_with_code, signup_organizer
from tests.server.imports.helpers import API, attendees, organizer_with_event, upload

CSV = "Email,Name\nnew.person@example.org,New Person\n"
ENDPOINTS = ("import", "list", "detail", "rows", "export_csv", "export_xlsx")
EXPECTED = {"anonymous": 401, "attendee": 403, "other_organizer": 404, "outsider": 404,
            "owner": None, "co_organizer": None}
OK = {"import": 201, "list": 200, "detail": 200, "rows": 200, "export_csv": 200, "export_xlsx": 200}


@pytest.fixture
def world(client, app):
    owner, event = organizer_with_event(client)
    first = upload(client, owner, event, "Email\nseed@example.org\n")
    co = signup_organizer(client)
    client.post(f"{API}/events/{event['id']}/organizers", json={"email": co["email"]}, headers=owner["headers"])
    return {
        "event": event, "owner": owner, "import_id": first.json["id"],
        "headers": {
            "anonymous": {}, "owner": owner["headers"], "co_organizer": co["headers"],
            "attendee": join_event(client, app, event)["headers"],
            "other_organizer": signup_organizer(client)["headers"],
            "outsider": sign_in_with_code(client, app)["headers"],
        },
    }


def _call(client, world, endpoint, headers):
    base = f"{API}/events/{world['event']['id']}"
    if endpoint == "import":
        return upload(client, {"headers": headers}, world["event"], CSV)
    url = {"list": f"{base}/imports", "detail": f"{base}/imports/{world['import_id']}",
           "rows": f"{base}/imports/{world['import_id']}/rows", "export_csv": f"{base}/attendees.csv",
           "export_xlsx": f"{base}/attendees.xlsx"}[endpoint]
    return client.get(url, headers=headers)


@pytest.mark.parametrize("caller", EXPECTED)
def test_who_may_import_and_export(client, world, caller):
    """One row of the table per caller (building the world is the slow part), every endpoint in it."""
    for endpoint in ENDPOINTS:
        response = _call(client, world, endpoint, world["headers"][caller])
        expected = EXPECTED[caller] or OK[endpoint]
        assert (endpoint, response.status_code) == (endpoint, expected), response.data[:300]
        if expected >= 400:
            assert response.mimetype == "application/problem+json"
    emails = {a["email"] for a in attendees(client, world["owner"], world["event"])}
    assert ("new.person@example.org" in emails) == (EXPECTED[caller] is None)
