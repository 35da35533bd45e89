"""Worlds built through the API once per test process, then restored row for row for each later test.

Tables of (caller, object) -> status send one request per row of the table to the same world, and building
that world through HTTP (sign-ups, events, joins, intros) costs many times the request under test. So the
first test builds it for real and every row of every table is kept; each later test that asks for the same
world gets those rows inserted back into the database the `app` fixture emptied after the previous test.

- Bearer tokens stay valid: they are stored as hashes, and the rows are the same rows.
- The mail outbox starts empty; per-process caches are cleared by the autouse fixture as for any test.
- No sequence reset is needed on PostgreSQL: sequences never go back, so new ids stay above the kept ones.
- `build` must not depend on the test's own parameters: the key is where `build` is written and the
  app's settings (a module's `app_overrides` give it its own world).
"""
from __future__ import annotations

import copy
import dataclasses
from typing import Any, Callable, TypeVar

from server.extensions import db

T = TypeVar("T")

_kept: dict[tuple, tuple[Any, dict[str, list[dict]]]] = {}


def rows_of_every_table(app) -> dict[str, list[dict]]:
    """Every row of every table, in primary-key order."""
    with app.app_context():
        return {
            table.name: [dict(row) for row in db.session.execute(table.select().order_by(*table.primary_key))
                         .mappings()]
            for table in db.metadata.sorted_tables
        }


def built_once(app, build: Callable[[], T], /, **per_test: Any) -> T:
    """`build()` the first time; later, the same world restored, with `per_test` values (the test's own
    client, app, monkeypatch...) put back into it as keys (dict worlds) or fields (dataclass worlds)."""
    code = build.__code__
    key = (code.co_filename, code.co_firstlineno, repr(sorted(app.config.items(), key=lambda item: item[0])))
    if key in _kept:
        world, rows = _kept[key]
        _insert(app, rows)
        return _with(copy.deepcopy(world), per_test)
    world = build()
    _kept[key] = (copy.deepcopy(_with(world, dict.fromkeys(per_test))), rows_of_every_table(app))
    return world


def _insert(app, rows: dict[str, list[dict]]) -> None:
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if rows[table.name]:
                db.session.execute(table.insert(), rows[table.name])
        db.session.commit()


def _with(world, values: dict[str, Any]):
    if not values:
        return world
    if isinstance(world, dict):
        return {**world, **values}
    return dataclasses.replace(world, **values)
