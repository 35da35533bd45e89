"""Request checks that no schema can make: ids that fit a column, text a database can store, sane nesting."""
from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
from flask import Response, current_app, request
from werkzeug.routing import IntegerConverter, ValidationError

from server import errors

# Ids are 32-bit integer columns on PostgreSQL; nothing larger can name a row.
MAX_ID = 2**31 - 1

# PostgreSQL text cannot hold NUL; a lone UTF-16 surrogate cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "Contains a NUL character or an unpaired surrogate."
# Endpoints that take uploads get the import limit (plus room for the multipart framing around the file).
UPLOAD_ENDPOINTS = frozenset({"imports.Imports", "console.import_page"})
UPLOAD_FRAMING_BYTES = 1024 * 1024
# JSON strings (an unclosed one runs to the end, so no quote is ever rescanned: linear time), the bytes
# that are not brackets, and how each bracket moves the nesting depth (summed a chunk at a time).
_JSON_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = np.zeros(256, dtype=np.int32)
_DEPTH_STEP[[ord("["), ord("{")]] = 1
_DEPTH_STEP[[ord("]"), ord("}")]] = -1
_DEPTH_CHUNK = 1 << 20


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


def body_limit(endpoint: str | None) -> int:
    """Largest body, in bytes, the route may receive."""
    if endpoint in UPLOAD_ENDPOINTS:
        return current_app.config["RAPPORT_IMPORT_MAX_BYTES"] + UPLOAD_FRAMING_BYTES
    return current_app.config["RAPPORT_MAX_BODY_BYTES"]


def limit_body() -> Response | None:
    """before_request, first of all: 413 for a declared body past its route's limit, unread."""
    limit = body_limit(request.endpoint)
    # Also bounds chunked bodies: reading past the limit raises 413 wherever the body is read.
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        field = "file" if request.endpoint in UPLOAD_ENDPOINTS else "body"
        return errors.problem(413, title="Payload too large", detail=f"The {field} is larger than {limit} bytes.",
                              errors={field: [f"At most {limit} bytes."]})
    return None


def json_too_deep(document: bytes | str, max_depth: int) -> bool:
    """Whether arrays/objects nest deeper than `max_depth`, found without parsing: O(len(document))."""
    if isinstance(document, str):
        document = document.encode("utf-8", "surrogatepass")
    brackets = _JSON_STRINGS.sub(b"", document).translate(None, _NOT_BRACKETS)
    depth = 0
    for start in range(0, len(brackets), _DEPTH_CHUNK):
        chunk = np.frombuffer(brackets, dtype=np.uint8, count=min(_DEPTH_CHUNK, len(brackets) - start), offset=start)
        levels = _DEPTH_STEP[chunk].cumsum() + depth
        if int(levels.max()) > max_depth:
            return True
        depth = int(levels[-1])
    return False


def require_shallow_json(document: bytes | str, *, field: str) -> None:
    """400 naming `field` when its JSON nests past RAPPORT_JSON_MAX_DEPTH (checked before parsing)."""
    depth = current_app.config["RAPPORT_JSON_MAX_DEPTH"]
    if json_too_deep(document, depth):
        raise errors.ApiError(f"{field}: JSON nested deeper than {depth} levels.",
                              errors={field: [f"Nested deeper than {depth} levels."]})


def reject_unstorable_input() -> Response | None:
    """before_request: 400 for JSON nested too deeply, 422 naming text that cannot be stored."""
    bad = sorted({key for key, value in request.args.items(multi=True) if _UNSTORABLE.search(value)})
    if request.method in ("POST", "PUT", "PATCH") and request.is_json:
        if request.endpoint in UPLOAD_ENDPOINTS:
            # Upload bodies may be 25 MB: no one parses them for a caller without a valid token.
            from server.auth import current_account  # import here: auth's imports reach back to this module

            current_account()
        body = request.get_data(cache=True)  # at most body_limit() bytes: limit_body ran first
        require_shallow_json(body, field="body")
        try:
            bad += _unstorable_paths(json.loads(body))
        except (ValueError, RecursionError):
            pass  # malformed JSON: the schema layer answers it with its own 400
    if bad:
        return errors.problem(
            422, title="Validation failed", type_=errors.ValidationFailed.type,
            detail=f"Invalid fields: {', '.join(bad)}", errors={path: [UNSTORABLE_MESSAGE] for path in bad},
        )
    return None
