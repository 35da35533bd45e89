"""A worker's requests share its index of the event under a lock; no database round trip may wait inside it."""
from sqlalchemy import event as sa_event

from server.extensions import db
from server.matches import index_cache
from tests.factories import create_event, join_event, signup_organizer


def test_no_statement_runs_while_the_index_is_locked(client, app):
    event = create_event(client, signup_organizer(client)["headers"])
    ana = join_event(client, app, event, display_name="Ana", interests=["Payments", "Rust"], goals=["raising_funds"])
    join_event(client, app, event, display_name="Ben", interests=["payment systems"], goals=["investing"])
    path = f"/api/v1/events/{event['id']}/suggestions"
    assert client.get(path, headers=ana["headers"]).status_code == 200  # the index is built
    locked_during: list[str] = []

    def check(_conn, _cursor, statement, *_rest):
        # Under gthread another request of the worker would wait for the lock this long.
        if any(cache.lock.locked() for cache in index_cache._indexes.values()):
            locked_during.append(statement.split(None, 1)[0])

    with app.app_context():
        sa_event.listen(db.engine, "before_cursor_execute", check)
        try:
            response = client.get(path, headers=ana["headers"])
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", check)
    assert response.status_code == 200 and response.json["items"]
    assert locked_during == []
