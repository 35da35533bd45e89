"""Marshmallow fields that follow the REST conventions (UTC with `Z`, bounded strings)."""
from __future__ import annotations

from datetime import datetime, timezone

import marshmallow as ma

from server.inputs import MAX_ID


class UTCDateTime(ma.fields.DateTime):
    """ISO 8601 in UTC with a `Z`; input must carry an offset so no one guesses a zone."""

    default_error_messages = {
        "naive": "Give a time zone offset, e.g. 2026-05-01T09:00:00Z.",
        "range": "Out of range once converted to UTC.",
    }

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None or isinstance(value, str):
            return value  # already dumped by a view that masks fields per caller
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        result = super()._deserialize(value, attr, data, **kwargs)
        if result.tzinfo is None:
            raise self.make_error("naive")
        try:
            return result.astimezone(timezone.utc)
        except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 is before year 1 in UTC
            raise self.make_error("range") from None


def Id(**kwargs) -> ma.fields.Integer:  # noqa: N802  (reads like a field class)
    """A database id: a strict positive integer that fits the id columns (no overflow on PostgreSQL)."""
    return ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=MAX_ID), **kwargs)


def text(*, max_length: int, required: bool = False, allow_empty: bool = True, **kwargs) -> ma.fields.String:
    """A trimmed string with a length bound, the shape of most free-text fields."""
    validators = [ma.validate.Length(min=0 if allow_empty else 1, max=max_length)]
    return Trimmed(required=required, validate=validators, **kwargs)


class Trimmed(ma.fields.String):
    """String with surrounding whitespace removed before validation."""

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        return result.strip()
