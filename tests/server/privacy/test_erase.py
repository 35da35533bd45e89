"""DELETE /me erases a person: after a full history with Bo, nothing identifying Ana is left in any column
of any table nor in any answer of any endpoint, while Bo's data (and his export) still work."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import JSON, LargeBinary, String, Text

from server.extensions import db
from server.sessions.models import SessionSeat
from tests.factories import sign_in_with_code
from tests.server.privacy.history import ANA_EMAIL, API, IDENTIFYING, build


def _leftovers(app) -> list[tuple[str, str, str]]:
    """(table, column, identifier) for every text-like cell of every table that still names Ana."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON, LargeBinary))]
            if not columns:
                continue
            for row in db.session.execute(db.select(*columns)).all():
                for column, value in zip(columns, row):
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    elif not isinstance(value, str):
                        value = json.dumps(value, ensure_ascii=False)
                    found += [(table.name, column.name, i) for i in IDENTIFYING if value and i.lower() in value.lower()]
    return found


def _named(text: str) -> list[str]:
    return [i for i in IDENTIFYING if i.lower() in text.lower()]


@pytest.fixture
def history(client, app):
    return build(client, app)


@pytest.fixture
def app_overrides():
    return {"WEBHOOK_ALLOW_LOOPBACK": True}  # the history's webhook points at this host (nothing is sent)


def test_the_history_names_ana_before_erasure(app, history):
    tables = {table for table, _, _ in _leftovers(app)}
    # the scan finds her where she was: otherwise "nothing left" below would prove nothing
    assert {"accounts", "attendees", "intros", "connection_notes", "followups", "notifications",
            "idempotent_responses", "webhook_messages", "messages", "message_reports", "messaging_suspensions",
            "career_changes"} <= tables
    with app.app_context():
        partners = {p["attendee_id"] for seat in db.session.execute(db.select(SessionSeat)).scalars()
                    for p in seat.partners}
    assert history["ana"]["id"] in partners


def test_erasure_leaves_nothing_identifying_in_any_table(client, app, history):
    ana = history["ana"]
    assert client.delete(f"{API}/me", headers=ana["headers"]).status_code == 204
    assert _leftovers(app) == []
    with app.app_context():  # seat plans no longer point at her (their reasons quoted her interests)
        partners = [p["attendee_id"] for seat in db.session.execute(db.select(SessionSeat)).scalars()
                    for p in seat.partners]
        assert partners and ana["id"] not in partners
    assert client.get(f"{API}/me", headers=ana["headers"]).status_code == 401  # tokens are gone


def test_erasure_leaves_nothing_identifying_in_any_answer(client, app, history):
    ana, bo, cy, owner, base = history["ana"], history["bo"], history["cy"], history["owner"], history["base"]
    assert client.delete(f"{API}/me", headers=ana["headers"]).status_code == 204
    conn = f"{API}/connections/{history['connection']}"
    reads = [
        (bo, f"{base}/connections"), (bo, f"{base}/intros"), (bo, f"{base}/meetings"), (bo, f"{API}/me/notifications"),
        (bo, f"{base}/suggestions"), (bo, f"{base}/attendees?q=an"), (bo, f"{API}/me/followups/due"),
        (bo, f"{API}/me/connections.vcf"), (bo, f"{API}/me/connections.csv"), (bo, f"{base}/attendees/me/agenda"),
        (bo, f"{base}/attendees/me/rounds"), (bo, f"{base}/attendees/me/summary"), (bo, f"{conn}/note"),
        (bo, f"{conn}/followups"), (bo, f"{API}/me/export"), (cy, f"{base}/suggestions"), (cy, f"{API}/me/notifications"),
        (owner, f"{base}/attendees"), (owner, f"{base}/attendees.csv"), (owner, f"{base}/analytics"),
        (owner, f"{base}/analytics.csv"), (owner, f"{base}/analytics/no-shows"),
        (owner, f"{base}/sessions/{history['session']}/seating"), (owner, f"{base}/sessions/{history['session']}/seating.csv"),
        (owner, f"{base}/audit-log"), (bo, f"{API}/me/conversations"), (owner, f"{base}/message-reports"),
        (bo, f"{API}/me/conversations/{history['conversation']}/messages"),
    ]
    for person, url in reads:
        response = client.get(url, headers=person["headers"])
        assert response.status_code == 200, (url, response.status_code, response.get_json())
        assert _named(response.get_data(as_text=True)) == [], url
    gone = client.get(f"{base}/attendees/{ana['id']}", headers=owner["headers"])
    assert gone.status_code == 404


def test_the_other_side_keeps_the_connection_as_a_deleted_attendee(client, app, history):
    ana, bo, base = history["ana"], history["bo"], history["base"]
    assert client.delete(f"{API}/me", headers=ana["headers"]).status_code == 204
    items = client.get(f"{base}/connections", headers=bo["headers"]).json["items"]
    assert [(c["id"], c["attendee"]["display_name"], c["contact"]) for c in items] == [
        (history["connection"], "A deleted attendee", {})]
    note = client.get(f"{API}/connections/{history['connection']}/note", headers=bo["headers"])
    assert note.status_code == 200 and note.json["body"] == "Met at the summit, good chat"
    export = client.get(f"{API}/me/export", headers=bo["headers"])
    assert export.status_code == 200 and export.headers["Cache-Control"] == "no-store"
    assert [c["other"] for c in export.json["connections"]] == [{"display_name": "A deleted attendee"}]
    assert [n["body"] for n in export.json["notes"]] == ["Met at the summit, good chat"]
    assert export.json["intros"] == [] and export.json["profiles"][0]["display_name"] == "Bo Lindqvist"


def test_the_other_side_keeps_the_conversation_and_their_own_messages(client, app, history):
    bo, conv = history["bo"], history["conversation"]
    assert client.delete(f"{API}/me", headers=history["ana"]["headers"]).status_code == 204
    listed = client.get(f"{API}/me/conversations", headers=bo["headers"]).json["items"]
    assert [(c["id"], c["attendee"]["display_name"], c["last_message"]["preview"]) for c in listed] == [
        (conv, "A deleted attendee", "Great, send it over")]
    items = client.get(f"{API}/me/conversations/{conv}/messages", headers=bo["headers"]).json["items"]
    assert [(m["text"], m["from_me"]) for m in items] == [("Great, send it over", True)]
    refused = client.post(f"{API}/me/conversations/{conv}/messages", headers=bo["headers"],
                          json={"text": "hello?", "client_id": "late"})
    assert refused.status_code == 409 and "conversation_id" in refused.json["errors"]
    export = client.get(f"{API}/me/export", headers=bo["headers"]).json
    assert [(c["other"]["display_name"], [m["text"] for m in c["messages"]]) for c in export["conversations"]] == [
        ("A deleted attendee", ["Great, send it over"])]


def test_signing_in_again_with_the_erased_address_starts_from_nothing(client, app, history):
    assert client.delete(f"{API}/me", headers=history["ana"]["headers"]).status_code == 204
    again = sign_in_with_code(client, app, email=ANA_EMAIL)
    assert client.get(f"{API}/me/events", headers=again["headers"]).json["items"] == []
    archive = client.get(f"{API}/me/export", headers=again["headers"]).json
    assert archive["profiles"] == [] and archive["connections"] == [] and archive["notifications"] == []
