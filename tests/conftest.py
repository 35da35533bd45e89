"""Fixtures: a real database (SQLite file, or PostgreSQL via RAPPORT_TEST_DATABASE_URL), emptied per test."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, exists, literal, select, text, union_all
from sqlalchemy.engine import make_url

from server import create_app
from server.extensions import db

# The scale-out test starts its own cluster (two instances, an rq worker, HAProxy) on PostgreSQL:
# `make test-cluster` runs it, with RAPPORT_CLUSTER_TEST=1.
collect_ignore = [] if os.environ.get("RAPPORT_CLUSTER_TEST") else ["cluster"]

# Tests whose outcome no database can change run once, in the SQLite half of `make test`: the `matching/`
# library (it imports no database), the browser walk through the console (pages, not SQL), and live-server
# checks of what happens before any query (body limits, XLSX bombs, request log lines and metrics), and
# reading a 150,000-row sheet.
ONCE = ["matching", "server/console/test_browser.py", "server/hardening/test_body_limits_live.py",
        "server/imports/test_bombs_live.py", "server/observability/test_live.py",
        "server/imports/test_xlsx_reading.py"]
if os.environ.get("RAPPORT_TEST_DATABASE_URL", "").startswith("postgresql"):
    collect_ignore += ONCE


def resolve_database_url(tmp_dir: str) -> str:
    return os.environ.get("RAPPORT_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir}/rapport-test.db"


def _own_postgres_database(url: str, worker: str) -> str:
    """Each pytest-xdist worker gets its own PostgreSQL database (`<name>_gw0`, ...), made fresh, so
    workers that empty tables between tests never empty each other's."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id) -> str:
    url = resolve_database_url(str(tmp_path_factory.mktemp("db")))
    if worker_id != "master" and url.startswith("postgresql"):
        return _own_postgres_database(url, worker_id)
    return url


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "MAIL_BACKEND": "memory",
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        # No webhook sender threads outliving their test's app; webhook tests drain or opt in.
        "WEBHOOK_SENDER": "off",
        "PUSH_SENDER": "off",  # likewise for push: push tests drain themselves
        "SQLITE_SYNCHRONOUS": "OFF",  # commits skip the fsync, as PostgreSQL's test server runs with fsync=off
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _schema(database_url):
    app = make_app(database_url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    yield


@pytest.fixture
def app_overrides() -> dict:
    """Override in a test module to change settings for its app."""
    return {}


def empty_tables(app) -> None:
    """Empty every table rather than recreating the schema: one query finds the tables a test wrote to
    (most tests touch a dozen of ~70), then only those are emptied, children first."""
    with app.app_context():
        db.session.remove()
        tables = db.metadata.sorted_tables
        probes = [select(literal(i)).where(exists().select_from(t)) for i, t in enumerate(tables)]
        used = {i for (i,) in db.session.execute(union_all(*probes))}
        for i in sorted(used, reverse=True):
            db.session.execute(tables[i].delete())
        db.session.commit()


# Settings whose app holds more than configuration (sender threads, shared limiter storage, Redis
# connections): an app given these is built for its test alone.
_STATEFUL = {"WEBHOOK_SENDER": "off", "PUSH_SENDER": "off", "RATELIMIT_ENABLED": False, "REDIS_URL": ""}


@pytest.fixture(scope="module")
def _module_apps(database_url, _schema):
    apps: dict[str, object] = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(request, database_url, _schema, app_overrides):
    """The app a test talks to, emptied afterwards. Tests of a module with the same settings share one
    app (building an app costs more than most tests: ~1,600 of them, twice), emptied and with its
    settings, mail outbox and inbox hub reset after each test; settings that start threads or keep
    state outside the database get a fresh app."""
    if any(app_overrides.get(name, quiet) != quiet for name, quiet in _STATEFUL.items()):
        app = make_app(database_url, **app_overrides)
        yield app
        empty_tables(app)
        with app.app_context():
            db.engine.dispose()
        return
    apps = request.getfixturevalue("_module_apps")
    key = repr(sorted(app_overrides.items()))
    if key not in apps:
        apps[key] = make_app(database_url, **app_overrides)
    app = apps[key]
    config = dict(app.config)
    yield app
    empty_tables(app)
    app.config.clear()
    app.config.update(config)
    app.extensions["rapport.outbox"].clear()
    app.extensions.pop("rapport.inbox", None)  # its thread remembers message ids of emptied tables


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(autouse=True)
def _fresh_process_caches(monkeypatch):
    """Per-process caches keyed by ids must not carry over between tests that reuse ids, and
    impressions are counted inline (no background thread racing the test's own requests)."""
    from server.matches import exposure, index_cache

    index_cache.clear()
    exposure.reset()
    monkeypatch.setattr(exposure, "FLUSH_SECONDS", 0.0)
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    """Argon2id at production cost takes ~0.1 s a hash; tests that are not about hashing use a
    cheap Argon2id (still the same algorithm and code path)."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("server.accounts.service._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
