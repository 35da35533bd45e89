"""Server-side request forgery: forbidden address kinds are refused at registration and at send time."""
from __future__ import annotations

import pytest

from tests.server.webhooks.conftest import FAST, add_attendee, drain, register
from tests.server.webhooks.receiver import Receiver


@pytest.fixture
def app_overrides() -> dict:
    return {**FAST, "WEBHOOK_ALLOW_LOOPBACK": False}


@pytest.mark.parametrize("url, says", [
    ("http://127.0.0.1:8000/hook", "loopback"),
    ("http://localhost/hook", "loopback"),
    ("http://[::1]/hook", "loopback"),
    ("http://2130706433/hook", "loopback"),  # 127.0.0.1 written as one number
    ("http://[::ffff:127.0.0.1]/hook", "loopback"),
    ("http://10.1.2.3/hook", "private"),
    ("http://172.16.0.9/hook", "private"),
    ("http://192.168.1.20/hook", "private"),
    ("http://100.64.0.1/hook", "private"),
    ("http://[fd12:3456::1]/hook", "private"),
    ("http://169.254.10.10/hook", "link-local"),
    ("http://[fe80::1]/hook", "link-local"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://100.100.100.200/latest/meta-data/", "metadata"),
    ("http://[fd00:ec2::254]/latest/meta-data/", "metadata"),
    ("http://0.0.0.0/hook", "public unicast"),
    ("http://224.0.0.1/hook", "public unicast"),
    ("ftp://93.184.215.14/hook", "http"),
    ("http://user:secret@93.184.215.14/hook", "password"),
    ("http://no-such-host.invalid/hook", "does not resolve"),
    ("http:///hook", "no host"),
])
def test_forbidden_addresses_are_refused_naming_the_field(client, org, event, url, says):
    response = client.post(f"/api/v1/events/{event['id']}/webhooks", headers=org["headers"],
                           json={"url": url, "event_types": ["ping"]})
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    assert says in response.json["errors"]["url"][0]
    patch_target = f"/api/v1/events/{event['id']}/webhooks"
    assert client.get(patch_target, headers=org["headers"]).json["items"] == []


def test_a_public_address_is_accepted(client, org, event):
    register(client, org, event, "http://93.184.215.14/hook", types=["ping"])


def test_patch_checks_the_new_url_too(client, org, event):
    hook = register(client, org, event, "https://93.184.215.14/hook", types=["ping"])
    response = client.patch(f"/api/v1/events/{event['id']}/webhooks/{hook['id']}", headers=org["headers"],
                            json={"url": "http://169.254.169.254/"})
    assert response.status_code == 422 and "url" in response.json["errors"]


def test_production_takes_https_only(database_url, _schema):
    from tests.conftest import make_app
    from tests.factories import create_event, signup_organizer

    app = make_app(database_url, ENV="production", PUBLIC_URL="https://rapport.example", MAIL_BACKEND="smtp",
                   SMTP_HOST="smtp.example", **{**FAST, "WEBHOOK_ALLOW_LOOPBACK": False})
    client = app.test_client()
    org = signup_organizer(client)
    event = create_event(client, org["headers"])
    response = client.post(f"/api/v1/events/{event['id']}/webhooks", headers=org["headers"],
                           json={"url": "http://93.184.215.14/hook", "event_types": ["ping"]})
    assert response.status_code == 422 and "https" in response.json["errors"]["url"][0]
    from server.extensions import db

    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.engine.dispose()


def test_the_address_is_checked_again_at_send_time(client, app, org, event):
    # Registered while loopback was allowed (as if DNS pointed elsewhere then); refused when sending.
    app.config["RAPPORT_WEBHOOK_ALLOW_LOOPBACK"] = True
    with Receiver() as receiver:
        hook = register(client, org, event, receiver.url)
        app.config["RAPPORT_WEBHOOK_ALLOW_LOOPBACK"] = False
        add_attendee(client, org, event, "ivy@example.org")
        drain(app)
    assert receiver.received == []
    [log] = client.get(f"/api/v1/events/{event['id']}/webhooks/{hook['id']}/deliveries",
                       headers=org["headers"]).json["items"]
    assert log["status"] == "pending" and log["error"].startswith("refused") and "loopback" in log["error"]
