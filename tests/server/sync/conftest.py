"""The meetings test world (a Lisbon event, slots, tables, Ana, Ben, Cai, Dee) and a sync client."""
from __future__ import annotations

import json

import pytest

from tests.factories import create_event, join_event, signup_organizer
from tests.server.meetings.conftest import world  # noqa: F401  (fixture)

API = "/api/v1"


class App:
    """What the mobile app does: keep a local copy and apply each delta to it."""

    def __init__(self, client, headers, flask_app=None):
        self.client, self.headers, self.flask_app = client, headers, flask_app
        self.local: dict[tuple[str, int], dict] = {}
        self.since: str | None = None
        self.dir_local: dict[int, dict] = {}
        self.dir_since: str | None = None

    def pages(self, since, limit=None):
        while True:
            query = {"since": since} if since else {}
            if limit:
                query["limit"] = limit
            response = self.client.get(f"{API}/me/sync", query_string=query, headers=self.headers)
            assert response.status_code == 200, response.json
            yield response.json
            since = response.json["next_since"]
            if not response.json["has_more"]:
                return

    def sync(self, limit=None):
        for page in self.pages(self.since, limit):
            if page["snapshot"]:
                self.local = {}
            for item in page["items"]:
                self.local[item["type"], item["id"]] = item
            for gone in page["tombstones"]:
                self.local.pop((gone["type"], gone["id"]), None)
            self.since = page["next_since"]
        return self.local

    def directory(self, event_id, since=None):
        """Apply the event directory's changes (all of it without a token) to the local directory."""
        url = f"{API}/events/{event_id}/attendees"
        if since is None:
            local, cursor, token = {}, None, None
            while True:
                page = self.client.get(url, query_string={"cursor": cursor} if cursor else {}, headers=self.headers)
                assert page.status_code == 200, page.json
                token = token or page.json["next_since"]
                local.update({a["id"]: a for a in page.json["items"]})
                cursor = page.json["next_cursor"]
                if not cursor:
                    return local, token
        local = dict(self.dir_local)
        while True:
            page = self.client.get(url, query_string={"since": since, "limit": 2}, headers=self.headers)
            assert page.status_code == 200, page.json
            local.update({a["id"]: a for a in page.json["items"]})
            for gone in page.json["tombstones"]:
                assert set(gone) == {"id"}
                local.pop(gone["id"], None)
            since = page.json["next_since"]
            if not page.json["has_more"]:
                return local, since

    def fresh(self):
        """The truth: the account's items computed from the database now, bypassing the change log."""
        from server.extensions import db
        from server.sync.snapshot import snapshot

        account_id = self.client.get(f"{API}/me", headers=self.headers).json["id"]
        with self.flask_app.app_context():
            items = snapshot(account_id=account_id)
            db.session.rollback()
        # Through JSON, as the app sees it (dict ordering and types).
        return {key: json.loads(json.dumps({"type": key[0], "id": key[1], **data})) for key, data in items.items()}

    def reinstalled(self):
        """A full snapshot as a newly installed app gets it through the API."""
        return App(self.client, self.headers, self.flask_app).sync()


@pytest.fixture
def two(client, app):
    """An event with Ana and Ben."""
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    return event, join_event(client, app, event, display_name="Ana"), join_event(client, app, event, display_name="Ben")


@pytest.fixture
def make_app_client(client, app):
    return lambda headers: App(client, headers, app)
