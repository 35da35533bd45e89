"""Bulk INSERT helpers shared by features that write many rows at once (attendee imports)."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, text

from server.extensions import db


def insert_unnest(table, rows: list[dict[str, Any]], *, conflict: str) -> None:
    """PostgreSQL: insert many rows with one statement over `unnest` of one array per column.

    Several times faster than an executemany (one statement per row on the server) or a multi-VALUES
    statement (tens of thousands of placeholders to parse). Columns left out take their Python default.
    """
    # Callable defaults run once per row, as SQLAlchemy's own executemany runs them: a unique default
    # (a random handle) must differ from row to row.
    per_row = [c for c in table.c if c.name not in rows[0] and not c.primary_key
               and c.default is not None and c.default.is_callable]
    if per_row:
        rows = [{**row, **{c.name: c.default.arg(None) for c in per_row}} for row in rows]
    columns = list(rows[0])
    dialect = db.engine.dialect
    params: dict[str, Any] = {}
    selected, casts = [], []
    for position, name in enumerate(columns):
        column = table.c[name]
        values = [row[name] for row in rows]
        if isinstance(column.type, JSON):
            values = [None if v is None else json.dumps(v) for v in values]
        params[f"c{position}"] = values
        casts.append(f"CAST(:c{position} AS {column.type.compile(dialect=dialect)}[])")
        selected.append(f"t.c{position}")
    for column in table.c:
        if column.name in rows[0] or column.primary_key or column.default is None:
            continue
        default = column.default
        params[f"d_{column.name}"] = default.arg
        if isinstance(column.type, JSON):
            params[f"d_{column.name}"] = json.dumps(params[f"d_{column.name}"])
        columns.append(column.name)
        selected.append(f"CAST(:d_{column.name} AS {column.type.compile(dialect=dialect)})")
    names = ", ".join(f"c{i}" for i in range(len(casts)))
    db.session.execute(text(
        f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {', '.join(selected)} "
        f"FROM unnest({', '.join(casts)}) AS t({names}) {conflict}"
    ), params)


def refresh_statistics(*tables: str) -> None:
    """PostgreSQL: ANALYZE tables that grew fast (a bulk import), so the planner keeps using the
    selective unique indexes rather than scanning a whole event per lookup. No-op elsewhere."""
    if db.engine.dialect.name != "postgresql":
        return
    try:
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text(f"ANALYZE {', '.join(tables)}"))
    except Exception:  # lacking the privilege only costs speed
        import logging

        logging.getLogger(__name__).warning("ANALYZE %s failed", tables, exc_info=True)
