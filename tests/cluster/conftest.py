"""One cluster for the whole run (`make test-cluster`; plain `make test` skips this folder)."""
from __future__ import annotations

import os

import pytest

from server.extensions import db
from tests.cluster.cluster import Cluster
from tests.conftest import make_app


@pytest.fixture(scope="session")
def cluster(tmp_path_factory) -> Cluster:
    url = os.environ.get("RAPPORT_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.fail("the cluster test needs PostgreSQL: run it with `make test-cluster`")
    running = Cluster(url, tmp_path_factory.mktemp("cluster"))
    try:
        running.start()
        yield running
    finally:
        running.stop()
        print(f"cluster logs: {running.logs}")


@pytest.fixture
def app(cluster):
    """An app of this test process on the cluster's database, to set up data (rate limits off) and to
    look at what the cluster wrote. Tables are not emptied: every test makes its own organizer and event."""
    app = make_app(cluster.database_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()
