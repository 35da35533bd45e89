"""Form posts checked by the API's own schemas, so the console accepts exactly what the API accepts."""
from __future__ import annotations

import re
from typing import Any

import marshmallow as ma

from server.errors import ValidationFailed, flatten_messages

_NO_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$")


def utc_input(value: str) -> str:
    """A `datetime-local` field (no zone; the form says UTC) as ISO 8601 with `Z`."""
    value = (value or "").strip()
    if _NO_ZONE.match(value):
        return value + (":00Z" if value.count(":") == 1 else "Z")
    return value


def load(schema: ma.Schema, form, *, fields: tuple[str, ...], times: tuple[str, ...] = (),
         checkboxes: tuple[str, ...] = (), numbers: tuple[str, ...] = ()) -> dict[str, Any]:
    """The named fields of a posted form, validated by `schema`; 422 naming each bad field."""
    raw: dict[str, Any] = {name: form.get(name, "") for name in fields if form.get(name, "") != ""}
    # The API's integers are strict (JSON numbers); a form sends digits, anything else stays text and fails.
    raw.update({name: int(raw[name]) for name in numbers if str(raw.get(name, "")).isdigit()})
    raw.update({name: utc_input(form[name]) for name in times if form.get(name)})
    raw.update({name: name in form for name in checkboxes})
    try:
        return schema.load(raw, unknown=ma.EXCLUDE)
    except ma.ValidationError as error:
        raise ValidationFailed(errors=flatten_messages(error.messages), detail="Some fields are not valid.") from None
