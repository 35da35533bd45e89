"""Where the in-process benches start: a fresh app on the bench database (RAPPORT_TEST_DATABASE_URL,
else a new SQLite file) with its schema created, and one organizer's event."""
from __future__ import annotations

import os
import tempfile


def fresh_event(**settings):
    """(app, test client, organizer, event) on an empty database; `settings` override the app's."""
    from server.extensions import db
    from tests.conftest import make_app
    from tests.factories import create_event, signup_organizer

    url = os.environ.get("RAPPORT_TEST_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = make_app(url, **settings)
    with app.app_context():
        db.drop_all()
        db.create_all()
    client = app.test_client()
    owner = signup_organizer(client)
    return app, client, owner, create_event(client, owner["headers"])
