"""Row locks for check-then-write rules that no constraint can express (a count under a cap)."""
from __future__ import annotations

from sqlalchemy import text

from server.extensions import db


def lock_row(model, row_id: int) -> None:
    """Hold the row `row_id` of `model` until commit: another caller of this for it waits.

    PostgreSQL: `SELECT ... FOR NO KEY UPDATE`, and later statements (READ COMMITTED) see what the
    previous holder committed. Not `FOR UPDATE`: that also blocks the key-share locks that foreign
    keys to the row take, and two people asking each other at once would deadlock.
    SQLite has no row locks, and pysqlite runs reads outside any transaction: a write that changes
    nothing opens the write transaction here, so the checks that follow see every earlier writer's
    rows and no other writer can come in between them and the commit.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.select(model.id).where(model.id == row_id).with_for_update(key_share=True))
    else:
        # Raw SQL: an ORM update would also move `onupdate` columns (sync cursors, updated_at).
        db.session.execute(text(f"UPDATE {model.__tablename__} SET id = id WHERE id = :id"), {"id": row_id})
