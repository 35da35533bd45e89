"""Request ids (kept when well formed, else made) and the JSON line each request writes."""
from __future__ import annotations

import json
import logging

import pytest

from server.accounts.models import Account
from server.extensions import db
from server.observability.requestlog import HEADER
from tests.factories import signup_organizer


def _request_lines(caplog) -> list[dict]:
    return [record.fields for record in caplog.records if record.name == "rapport.request"]


def test_a_well_formed_request_id_comes_back_and_is_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="rapport.request")
    response = client.get("/livez", headers={HEADER: "app-42.retry:1_a"})
    assert response.headers[HEADER] == "app-42.retry:1_a"
    assert _request_lines(caplog)[-1]["request_id"] == "app-42.retry:1_a"


@pytest.mark.parametrize("sent", [
    "", "a" * 129, "has space", "new\nline", "quote\"d", "semi;colon", "ünïcode", "<script>", "a/b",
])
def test_a_malformed_request_id_is_replaced_by_a_new_one(client, sent):
    # Through the WSGI environ: the test client itself refuses to send some of these.
    response = client.get("/livez", environ_base={"HTTP_X_REQUEST_ID": sent})
    returned = response.headers[HEADER]
    assert returned != sent and len(returned) == 32 and returned.isalnum()


def test_without_a_request_id_each_request_gets_its_own(client):
    first, second = (client.get("/livez").headers[HEADER] for _ in range(2))
    assert first != second


@pytest.mark.parametrize("path, status", [
    ("/livez", 200), ("/api/v1/events", 401), ("/no/such/route", 404),
])
def test_errors_and_unmatched_routes_get_an_id_and_a_line(client, caplog, path, status):
    caplog.set_level(logging.INFO, logger="rapport.request")
    response = client.get(path)
    assert response.status_code == status and response.headers[HEADER]
    line = _request_lines(caplog)[-1]
    assert line["status"] == status and line["request_id"] == response.headers[HEADER]


def test_an_oversized_body_refused_before_anything_reads_it_still_gets_an_id(client, app):
    body = b"x" * (app.config["RAPPORT_MAX_BODY_BYTES"] + 1)
    response = client.post("/api/v1/events", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.headers[HEADER]


def test_the_line_names_the_route_rule_and_account_never_the_token_path_or_body(client, app, caplog):
    caplog.set_level(logging.INFO, logger="rapport.request")
    owner = signup_organizer(client)
    token = owner["headers"]["Authorization"].split()[1]
    client.get("/api/v1/events/123456?secret=query-value", headers=owner["headers"])
    line = _request_lines(caplog)[-1]
    assert line["route"] == "/api/v1/events/<int:event_id>" and line["method"] == "GET"
    assert line["status"] == 404 and isinstance(line["duration_ms"], float)
    with app.app_context():
        account_id = db.session.execute(db.select(Account.id).where(Account.email == owner["email"])).scalar_one()
    assert line["account_id"] == account_id
    formatted = caplog.handler.format(caplog.records[-1]) + json.dumps(line)
    for secret in (token, "query-value", "123456", "password"):
        assert secret not in formatted
