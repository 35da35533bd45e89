"""Request checks that no schema can make: ids that fit a column, text a database can store, sane nesting."""
from __future__ import annotations

import json
import re
from typing import Any

from flask import Response, request
from werkzeug.routing import IntegerConverter, ValidationError

from server import errors

# Ids are 32-bit integer columns on PostgreSQL; nothing larger can name a row.
MAX_ID = 2**31 - 1

# PostgreSQL text cannot hold NUL; a lone UTF-16 surrogate cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "Contains a NUL character or an unpaired surrogate."


class DatabaseId(IntegerConverter):
    """`<int:...>` in routes: an id past the id columns' range matches no route (404), never overflows."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise ValidationError()
        return number


def _unstorable_paths(data: Any) -> list[str]:
    """Dotted paths (`intents.0.label`) of strings that cannot be stored; iterative, so depth is no risk."""
    found, stack = [], [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                found.append(path or "body")
        elif isinstance(value, dict):
            stack.extend((f"{path}.{key}" if path else str(key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}.{index}" if path else str(index), item) for index, item in enumerate(value))
    return sorted(found)


def reject_unstorable_input() -> Response | None:
    """before_request: 400 for JSON nested too deeply to parse, 422 naming text that cannot be stored."""
    bad = sorted({key for key, value in request.args.items(multi=True) if _UNSTORABLE.search(value)})
    if request.method in ("POST", "PUT", "PATCH") and request.is_json:
        try:
            bad += _unstorable_paths(json.loads(request.get_data(cache=True)))
        except RecursionError:
            return errors.problem(400, title="Malformed request", detail="The JSON body is nested too deeply.",
                                  errors={"body": ["Nested too deeply."]})
        except ValueError:
            pass  # malformed JSON: the schema layer answers it with its own 400
    if bad:
        return errors.problem(
            422, title="Validation failed", type_=errors.ValidationFailed.type,
            detail=f"Invalid fields: {', '.join(bad)}", errors={path: [UNSTORABLE_MESSAGE] for path in bad},
        )
    return None
