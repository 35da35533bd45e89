"""Configuration: defaults here, overrides from `RAPPORT_*` environment variables."""
from __future__ import annotations

import os
import secrets
from typing import Any

# name -> (default, type). Every setting can be overridden by RAPPORT_<NAME>.
SETTINGS: dict[str, tuple[Any, type]] = {
    "DATABASE_URL": ("", str),  # empty: SQLite file under instance/
    "SECRET_KEY": ("", str),  # empty: a random key per process (development only)
    "ENV": ("development", str),
    "PUBLIC_URL": ("http://127.0.0.1:5000", str),
    "MAIL_BACKEND": ("file", str),  # smtp | file | memory
    "MAIL_DIR": ("", str),  # empty: instance/outbox
    "MAIL_FROM": ("Rapport <no-reply@rapport.invalid>", str),
    "SMTP_HOST": ("localhost", str),
    "SMTP_PORT": (587, int),
    "SMTP_USERNAME": ("", str),
    "SMTP_PASSWORD": ("", str),
    "SMTP_STARTTLS": (True, bool),
    "ACCESS_TOKEN_TTL": (3600, int),  # seconds
    "REFRESH_TOKEN_TTL": (30 * 24 * 3600, int),
    "EMAIL_CODE_TTL": (600, int),
    "EMAIL_CODE_MAX_ATTEMPTS": (5, int),
    "EMAIL_CODES_PER_HOUR": (5, int),
    "PAGE_LIMIT_DEFAULT": (50, int),
    "PAGE_LIMIT_MAX": (200, int),
    "QR_TOKEN_TTL": (300, int),  # seconds a QR badge token stays valid
    "REDIS_URL": ("", str),
    "RATELIMIT_ENABLED": (True, bool),
    "AUTH_RATE_LIMIT": ("30 per minute", str),  # per client address, on the sign-in endpoints
    "PROXY_FIX_HOPS": (0, int),  # trusted proxies in front (X-Forwarded-For) for client addresses
    "FOLLOWUP_FIRST_DAYS": (3, int),  # a thank-you is due this many days after the event (or connecting)
    "FOLLOWUP_EVERY_DAYS": (90, int),  # then a check-in this many days after the last logged contact
    "FOLLOWUP_UPCOMING_DAYS": (7, int),  # the due list shows items due up to this many days ahead
    "IMPORT_MAX_BYTES": (25 * 1024 * 1024, int),  # attendee import upload size (413 beyond)
    "IMPORT_MAX_ROWS": (200_000, int),  # attendee import rows (413 beyond)
    "IMPORT_MAX_CELL_CHARS": (5000, int),  # longer cells are a row error
    "IMPORT_SYNC_MAX_ROWS": (2000, int),  # up to this many rows the upload answers with the report
    "IMPORT_BATCH_ROWS": (1000, int),  # attendees per transaction
    "IMPORT_STALE_AFTER": (600, int),  # seconds without progress before a running import counts as failed
    "IMPORT_MAX_REPORTED_ERRORS": (1000, int),  # row errors kept with an import (errors_total counts all)
    # XLSX is a zip of XML: bounds on what one upload may expand to (413 beyond), checked while streaming.
    "IMPORT_XLSX_MAX_EXPANDED_BYTES": (256 * 1024 * 1024, int),  # all XML parts read
    "IMPORT_XLSX_MAX_RATIO": (100, int),  # expanded / compressed size of one part (parts over 8 MB)
    "IMPORT_XLSX_MAX_SHARED_BYTES": (64 * 1024 * 1024, int),  # the shared strings table held in memory
    "IMPORT_XLSX_MAX_CELL_CHARS": (32767, int),  # one cell, any column (Excel's own limit)
}


def _coerce(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)


def _development_secret(instance_path: str) -> str:
    # Kept in a file so every worker process (and every restart) signs and hashes with the same key.
    path = os.path.join(instance_path, "secret_key")
    os.makedirs(instance_path, exist_ok=True)
    if not os.path.exists(path):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        return handle.read().strip()


def load(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge defaults, RAPPORT_* environment variables and explicit overrides (tests)."""
    values = {name: default for name, (default, _) in SETTINGS.items()}
    for name, (_, kind) in SETTINGS.items():
        raw = os.environ.get(f"RAPPORT_{name}")
        if raw is not None and raw != "":
            values[name] = _coerce(raw, kind)
    overrides = overrides or {}
    values.update({k: v for k, v in overrides.items() if k in SETTINGS})

    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{os.path.join(instance_path, 'rapport.db')}"
    if not values["MAIL_DIR"]:
        values["MAIL_DIR"] = os.path.join(instance_path, "outbox")
    if not values["SECRET_KEY"]:
        if values["ENV"] == "production":
            raise RuntimeError("RAPPORT_SECRET_KEY must be set in production")
        values["SECRET_KEY"] = _development_secret(instance_path)

    flask_config = {f"RAPPORT_{k}": v for k, v in values.items()}
    flask_config.update(
        SECRET_KEY=values["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=values["DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=None,
        API_TITLE="Rapport",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
        RATELIMIT_ENABLED=values["RATELIMIT_ENABLED"],
        RATELIMIT_STORAGE_URI=values["REDIS_URL"] or "memory://",
        RATELIMIT_HEADERS_ENABLED=True,
    )
    for key, value in overrides.items():
        if key not in SETTINGS:
            flask_config[key] = value
    return flask_config
