"""Pooled connections are tested only after sitting idle (RAPPORT_DB_PING_AFTER), and a dead one
is replaced before a request uses it."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from server.extensions import db
from tests.factories import signup_organizer


@pytest.fixture
def pings(app, monkeypatch):
    with app.app_context():
        dialect = db.engine.dialect
    counted: list[int] = []
    original = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda connection: counted.append(1) or original(connection))
    return counted


@pytest.mark.parametrize("app_overrides, expected", [
    ({"DB_PING_AFTER": 3600.0}, 0),  # busy: handed out as is
    ({"DB_PING_AFTER": 0.0}, 3),  # every checkout after the first (a new connection needs no test)
    ({"DB_PING_AFTER": -1.0}, 0),  # never
])
def test_a_connection_is_pinged_only_when_it_sat_idle_long_enough(client, pings, expected):
    person = signup_organizer(client)
    pings.clear()
    for _ in range(3):
        assert client.get("/api/v1/me", headers=person["headers"]).status_code == 200
    assert len(pings) == expected


@pytest.mark.parametrize("app_overrides", [{"DB_PING_AFTER": 0.0}])
def test_a_connection_the_server_dropped_is_replaced_before_use(client, app):
    person = signup_organizer(client)
    assert client.get("/api/v1/me", headers=person["headers"]).status_code == 200
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only a database server drops connections")
        # A connection of another pool ends every other backend of this database (a restart, a failover).
        outside = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
        with outside.connect() as killer:
            killed = killer.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar_one()
        outside.dispose()
    assert killed >= 1
    response = client.get("/api/v1/me", headers=person["headers"])
    assert response.status_code == 200, response.json
