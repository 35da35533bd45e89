"""The race-free-invariants migration on a database the races already damaged: pairs with several
pending intros keep the oldest, the rest become cancelled, and the new unique index can be built."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from server import MIGRATIONS_DIR
from server.accounts.models import Account
from server.attendees.models import Attendee
from server.events.models import Event
from server.extensions import db
from server.types import utcnow
from tests.conftest import make_app
from tests.test_migrations import empty_database_url  # noqa: F401  (fixture)


def _revisions() -> tuple[str, str]:
    """(this migration, the one before): found by its title, as revision ids change when re-chained."""
    script = ScriptDirectory(MIGRATIONS_DIR)
    mine = next(s for s in script.walk_revisions() if s.doc.startswith("race-free invariants"))
    return mine.revision, mine.down_revision


def _insert(conn, model, **values) -> int:
    """A row of `model` as the older schema has it: model defaults for the columns it has."""
    existing = {c["name"] for c in sa.inspect(conn).get_columns(model.__tablename__)}
    columns = [c for c in model.__table__.c if c.name in existing]
    row = {c.name: (c.default.arg(None) if callable(c.default.arg) else c.default.arg)
           for c in columns if c.default is not None and not c.primary_key and c.name not in values}
    table = sa.table(model.__tablename__, *[sa.column(c.name, c.type) for c in columns])
    return conn.execute(table.insert().values(**row, **values).returning(table.c.id)).scalar_one()


def test_duplicate_pending_intros_are_cancelled_but_the_oldest(empty_database_url):  # noqa: F811
    mine, before = _revisions()
    app = make_app(empty_database_url)
    intros = sa.table("intros", sa.column("id", sa.Integer), sa.column("event_id", sa.Integer),
                      sa.column("sender_id", sa.Integer), sa.column("recipient_id", sa.Integer),
                      sa.column("message", sa.String), sa.column("status", sa.String),
                      sa.column("created_at", Event.__table__.c.created_at.type))
    with app.app_context():
        upgrade(revision=before)
        with db.engine.begin() as conn:
            event = _insert(conn, Event, name="E", starts_at=utcnow(), ends_at=utcnow(), timezone="UTC", join_code="J")
            ana, bo, cy = (_insert(conn, Attendee, event_id=event, display_name=n, email=f"{n}@x.org",
                                   account_id=_insert(conn, Account, email=f"{n}@x.org")) for n in ("ana", "bo", "cy"))
            rows = [(ana, bo, "pending"), (bo, ana, "pending"), (ana, bo, "pending"), (ana, cy, "pending"),
                    (cy, ana, "declined")]
            conn.execute(intros.insert(), [{"event_id": event, "sender_id": s, "recipient_id": r, "message": "",
                                            "status": st, "created_at": utcnow()} for s, r, st in rows])
        upgrade(revision=mine)
        with db.engine.connect() as conn:
            after = conn.execute(sa.text("SELECT sender_id, recipient_id, status, pair_low, pair_high "
                                         "FROM intros ORDER BY id")).all()
        db.engine.dispose()
    assert [tuple(r) for r in after] == [
        (ana, bo, "pending", ana, bo), (bo, ana, "cancelled", ana, bo), (ana, bo, "cancelled", ana, bo),
        (ana, cy, "pending", ana, cy), (cy, ana, "declined", ana, cy)]
