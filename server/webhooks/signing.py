"""Standard Webhooks signatures: `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`.

Secrets are `whsec_` + base64 of 32 random bytes, the form off-the-shelf verifiers accept.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = ["new_secret", "sign", "headers"]
PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh signing secret, shown to the organizer once."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """One `v1,<base64>` signature of the body under `secret`."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def headers(secrets_in_use: list[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three webhook-* headers; several secrets (during a roll) give space-separated signatures."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, msg_id, timestamp, body) for s in secrets_in_use),
        "content-type": "application/json",
        "user-agent": "Rapport-Webhooks/1",
    }
