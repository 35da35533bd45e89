"""Sync tokens: opaque, signed, bound to one account and one stream (`me`, or an event directory)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from server.errors import ApiError, ValidationFailed

__all__ = ["Position", "encode", "decode", "invalid", "expired", "SyncExpired"]


class SyncExpired(ApiError):
    status = 410
    title = "Sync token expired"
    type = "urn:rapport:problem:sync-expired"


@dataclass(frozen=True)
class Position:
    epoch: str
    seq: int


@lru_cache(maxsize=8)
def _serializer_for(secret: str) -> URLSafeSerializer:
    # Built once per key: every sync decodes a token, and building one costs about as much as using it.
    return URLSafeSerializer(secret, salt="rapport-sync")


def _serializer() -> URLSafeSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


def encode(*, account_id: int, stream: str, position: Position) -> str:
    """A token for `stream` of `account_id`, at `position`."""
    return _serializer().dumps([account_id, stream, position.epoch, position.seq])


def decode(token: str, *, account_id: int, stream: str) -> Position:
    """The position in `token`; any token not made by us for this account and stream is a 422 on `since`."""
    bad = invalid()
    try:
        owner, kind, epoch, seq = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        raise bad from None
    if owner != account_id or kind != stream or not isinstance(seq, int) or isinstance(seq, bool) or seq < 0 \
            or not isinstance(epoch, str):
        raise bad
    return Position(epoch, seq)


def invalid() -> ValidationFailed:
    return ValidationFailed("since", "Not a sync token of this account; sync again without `since`.")


def expired() -> SyncExpired:
    return SyncExpired("This sync token is older than the changes kept; sync again without `since` "
                       "and replace the local copy.", errors={"since": ["Expired: resync."]})
