"""Cursor pagination: `?limit=&cursor=`, `next_cursor` in the body and a `Link: rel="next"` header."""
from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import urlencode

import marshmallow as ma
from flask import current_app, request
from sqlalchemy import Select

from server.config import SETTINGS
from server.errors import ValidationFailed
from server.inputs import MAX_ID


class PageArgs(ma.Schema):
    # The bound is RAPPORT_PAGE_LIMIT_MAX, read per request; the contract shows the defaults.
    limit = ma.fields.Integer(
        validate=ma.validate.Range(min=1),
        metadata={"description": "Items per page (1-200, default 50)", "maximum": SETTINGS["PAGE_LIMIT_MAX"][0]},
    )
    cursor = ma.fields.String(
        validate=ma.validate.Length(max=200), metadata={"description": "next_cursor of the previous page"}
    )

    @ma.validates("limit")
    def _within_the_setting(self, value: int, **_kwargs) -> None:
        most = current_app.config["RAPPORT_PAGE_LIMIT_MAX"]
        if value > most:
            raise ma.ValidationError(f"Must be greater than or equal to 1 and less than or equal to {most}.")


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A `{items, next_cursor}` envelope around `item_schema`."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "next_cursor": ma.fields.String(allow_none=True, metadata={"description": "null on the last page"}),
        },
        name=name,
    )


def encode_cursor(last_id: int) -> str:
    """An opaque cursor for the page after `last_id`."""
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id a cursor continues after; 422 naming `cursor` when invalid."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded.encode()))["after"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ValidationFailed("cursor", "Not a cursor this API returned.") from exc
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= MAX_ID:
        raise ValidationFailed("cursor", "Not a cursor this API returned.")
    return after


def paginate(stmt: Select, id_column, *, limit: int | None, cursor: str | None, session) -> tuple[list[Any], str | None]:
    """Keyset pagination by ascending id: stable under inserts, O(limit) per page."""
    limit = limit or current_app.config["RAPPORT_PAGE_LIMIT_DEFAULT"]
    limit = min(limit, current_app.config["RAPPORT_PAGE_LIMIT_MAX"])
    if cursor:
        stmt = stmt.where(id_column > decode_cursor(cursor))
    rows = list(session.execute(stmt.order_by(id_column).limit(limit + 1)).scalars())
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor


def link_header(next_cursor: str | None) -> dict[str, str]:
    """`Link: <...>; rel="next"` pointing at the same URL with the new cursor."""
    if not next_cursor:
        return {}
    args = request.args.to_dict()
    args["cursor"] = next_cursor
    return {"Link": f'<{request.base_url}?{urlencode(args)}>; rel="next"'}
