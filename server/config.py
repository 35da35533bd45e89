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
    "IDEMPOTENCY_WAIT": (5.0, float),  # seconds a repeated key waits for the first request's answer (then 409)
    "IDEMPOTENCY_LEASE": (120, int),  # seconds after which an unanswered key counts as abandoned (worker died)
    "QR_TOKEN_TTL": (300, int),  # seconds a QR badge token stays valid
    "REDIS_URL": ("", str),
    "RATELIMIT_ENABLED": (True, bool),
    "AUTH_RATE_LIMIT": ("30 per minute", str),  # per client address, on the sign-in endpoints
    "PROXY_FIX_HOPS": (0, int),  # trusted proxies in front (X-Forwarded-For) for client addresses
    "FOLLOWUP_FIRST_DAYS": (3, int),  # a thank-you is due this many days after the event (or connecting)
    "FOLLOWUP_EVERY_DAYS": (90, int),  # then a check-in this many days after the last logged contact
    "FOLLOWUP_UPCOMING_DAYS": (7, int),  # the due list shows items due up to this many days ahead
    "MAX_BODY_BYTES": (1024 * 1024, int),  # request body on every route but uploads (413 beyond)
    "JSON_MAX_DEPTH": (32, int),  # nesting of arrays/objects in a JSON body or JSON form field (400 beyond)
    "IMPORT_MAX_BYTES": (25 * 1024 * 1024, int),  # attendee import upload size (413 beyond)
    "IMPORT_MAX_ROWS": (200_000, int),  # attendee import rows (413 beyond)
    "IMPORT_MAX_CELL_CHARS": (5000, int),  # longer cells are a row error
    "IMPORT_SYNC_MAX_ROWS": (2000, int),  # up to this many rows the upload answers with the report
    "IMPORT_BATCH_ROWS": (1000, int),  # attendees per transaction
    "IMPORT_STALE_AFTER": (600, int),  # seconds without progress before a running import counts as failed
    "IMPORT_MAX_REPORTED_ERRORS": (1000, int),  # row errors kept with an import (errors_total counts all)
    "WEBHOOK_SENDER": ("auto", str),  # auto: RQ with REDIS_URL else a thread | off: only `flask webhooks deliver`
    "WEBHOOK_ALLOW_LOOPBACK": (False, bool),  # tests and local receivers only; never in production
    "WEBHOOK_TIMEOUT": (5.0, float),  # seconds to connect, and per read of the answer
    "WEBHOOK_RETRY_BASE": (5.0, float),  # first retry after about this many seconds, doubling each time
    "WEBHOOK_RETRY_MAX": (7200.0, float),  # longest wait between two attempts
    "WEBHOOK_GIVE_UP_AFTER": (86400.0, float),  # an endpoint failing this long is disabled
    "WEBHOOK_POLL_SECONDS": (5.0, float),  # the sender thread looks for due retries this often
    "WEBHOOK_LEASE_SECONDS": (60.0, float),  # a sender that stops answering loses its endpoints after this
    "WEBHOOK_EXCERPT_CHARS": (500, int),  # the start of each answer kept in the delivery log
    "WEBHOOK_SECRET_OVERLAP": (86400, int),  # seconds a rolled secret keeps signing next to the new one
    "WEBHOOK_LOG_DAYS": (30, int),  # messages (payload copies) and their delivery log are kept this long
    "SYNC_PAGE_ITEMS": (500, int),  # most items in one /me/sync answer (has_more pages on)
    "SYNC_TOMBSTONE_DAYS": (30, int),  # tombstones kept this long; older tokens answer 410 (resync)
    "SYNC_EAGER_ACCOUNTS": (20, int),  # a change touching up to this many accounts writes their sync feeds at once
    "PUSH_SENDER": ("auto", str),  # auto: RQ with REDIS_URL else a thread | off: only `flask push deliver`
    "PUSH_POLL_SECONDS": (5.0, float),  # the sender thread looks for due retries (and quiet-hour ends) this often
    "PUSH_CONCURRENCY": (8, int),  # pushes in flight at once per sender
    "PUSH_TIMEOUT": (10.0, float),  # seconds per request to a push service
    "PUSH_RETRY_BASE": (5.0, float),  # first retry after about this many seconds, doubling
    "PUSH_RETRY_MAX": (3600.0, float),  # longest wait between two attempts
    "PUSH_MAX_ATTEMPTS": (8, int),  # then the push is dropped (the feed still has it)
    "PUSH_LEASE_SECONDS": (120.0, float),  # a sender that died gives its claimed pushes up after this
    "PUSH_LOG_HOURS": (48, int),  # sent and failed pushes are kept this long
    "PUSH_ALLOW_LOOPBACK": (False, bool),  # Web Push endpoints on 127.0.0.1 (tests); never in production
    "PUSH_VAPID_PRIVATE_KEY": ("", str),  # Web Push: VAPID key (a .pem path or base64url raw key); empty: log
    "PUSH_VAPID_SUBJECT": ("mailto:push@rapport.invalid", str),
    "PUSH_FCM_CREDENTIALS_FILE": ("", str),  # service-account JSON; empty: FCM pushes are only logged
    "PUSH_FCM_URL": ("https://fcm.googleapis.com", str),
    "PUSH_APNS_KEY_FILE": ("", str),  # .p8 token-signing key; empty: APNs pushes are only logged
    "PUSH_APNS_KEY_ID": ("", str),
    "PUSH_APNS_TEAM_ID": ("", str),
    "PUSH_APNS_TOPIC": ("", str),  # the app's bundle id
    "PUSH_APNS_URL": ("https://api.push.apple.com", str),
    "MESSAGES_PER_MINUTE": (30, int),  # messages one account may send in any minute (429 beyond)
    "NEW_CONVERSATIONS_PER_DAY": (50, int),  # conversations one account may start in any 24 hours
    "INBOX_POLL_SECONDS": (1.0, float),  # without Redis: how often each worker looks for new messages
    "RETENTION_DAYS": (0, int),  # attendee data deleted this many days after an event ends; 0: only per event
    # XLSX is a zip of XML: bounds on what one upload may expand to (413 beyond), checked while streaming.
    "IMPORT_XLSX_MAX_EXPANDED_BYTES": (256 * 1024 * 1024, int),  # all XML parts read
    "IMPORT_XLSX_MAX_RATIO": (100, int),  # expanded / compressed size of one part (parts over 8 MB)
    "IMPORT_XLSX_MAX_SHARED_BYTES": (64 * 1024 * 1024, int),  # the shared strings table held in memory
    "IMPORT_XLSX_MAX_CELL_CHARS": (32767, int),  # one cell, any column (Excel's own limit)
    "LOG_LEVEL": ("WARNING", str),  # of every logger but the request log, which always writes one line a request
    "METRICS_TOKEN": ("", str),  # bearer token for /metrics; empty: only unproxied requests from this host
    # SQLite only (WAL): FULL waits for the disk at every commit; NORMAL only at checkpoints (a power cut may
    # lose the last commits, a crash of the app loses nothing); OFF never (tests, like fsync=off there).
    "SQLITE_SYNCHRONOUS": ("FULL", str),
    "DB_PING_AFTER": (10.0, float),  # a pooled connection idle longer is tested before use (server/dbpool.py)
}


# Settings that may instead be read from the file named by RAPPORT_<NAME>_FILE (container secrets).
FILE_SETTINGS = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SMTP_USERNAME", "SMTP_PASSWORD", "METRICS_TOKEN")


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names the variable and what to do."""


def _coerce(name: str, raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"RAPPORT_{name} must be {kind.__name__}, got {raw!r}") from None


def _read_secret_file(name: str, path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            # `echo secret > file` adds a newline that is not part of the value; other spaces may be.
            return handle.read().rstrip("\r\n")
    except OSError as exc:
        raise ConfigError(f"RAPPORT_{name}_FILE={path!r} cannot be read: {exc.strerror}") from None


def _from_environment() -> dict[str, str]:
    raw: dict[str, str] = {}
    for name in SETTINGS:
        value = os.environ.get(f"RAPPORT_{name}", "")
        path = os.environ.get(f"RAPPORT_{name}_FILE", "") if name in FILE_SETTINGS else ""
        if value and path:
            raise ConfigError(f"Set RAPPORT_{name} or RAPPORT_{name}_FILE, not both")
        if path:
            value = _read_secret_file(name, path)
        if value:
            raw[name] = value
    return raw


def _check_production(values: dict[str, Any], given: set[str]) -> None:
    # Development defaults (a SQLite file in the container, mail to localhost, links to 127.0.0.1)
    # would run and quietly lose data or mail in production, so each must be chosen explicitly.
    missing = []
    if "DATABASE_URL" not in given:
        missing.append("RAPPORT_DATABASE_URL (postgresql+psycopg://user:password@host/db)")
    if "SECRET_KEY" not in given:
        missing.append("RAPPORT_SECRET_KEY (a long random string)")
    if "PUBLIC_URL" not in given:
        missing.append("RAPPORT_PUBLIC_URL (the https:// address users reach, used in mails)")
    backend = values["MAIL_BACKEND"]
    if backend == "smtp" and "SMTP_HOST" not in given:
        missing.append("RAPPORT_SMTP_HOST (the mail relay; RAPPORT_SMTP_PORT, _USERNAME, _PASSWORD as needed)")
    elif backend == "file" and "MAIL_DIR" not in given:
        missing.append("RAPPORT_MAIL_DIR (a folder another program sends from) or RAPPORT_MAIL_BACKEND=smtp")
    elif backend == "memory":
        missing.append("RAPPORT_MAIL_BACKEND=smtp (memory keeps mail in the process and never sends it)")
    if missing:
        raise ConfigError(
            "RAPPORT_ENV=production refuses to start without: " + "; ".join(missing)
            + ". Secrets may come from files: RAPPORT_<NAME>_FILE for " + ", ".join(FILE_SETTINGS) + "."
        )
    if values["WEBHOOK_ALLOW_LOOPBACK"]:
        raise ConfigError("RAPPORT_WEBHOOK_ALLOW_LOOPBACK is for tests; it would let webhooks reach this host's services")
    if not values["PUBLIC_URL"].startswith(("https://", "http://")):
        raise ConfigError(f"RAPPORT_PUBLIC_URL must start with https:// or http://, got {values['PUBLIC_URL']!r}")


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
    """Merge defaults, RAPPORT_* variables (or their *_FILE twins) and explicit overrides (tests)."""
    values = {name: default for name, (default, _) in SETTINGS.items()}
    environment = _from_environment()
    values.update({name: _coerce(name, raw, SETTINGS[name][1]) for name, raw in environment.items()})
    overrides = overrides or {}
    values.update({k: v for k, v in overrides.items() if k in SETTINGS})
    given = set(environment) | {k for k, v in overrides.items() if k in SETTINGS and v not in ("", None)}
    if values["ENV"] == "production":
        _check_production(values, given)
    if values["SQLITE_SYNCHRONOUS"].upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
        raise ConfigError(f"RAPPORT_SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA, got "
                          f"{values['SQLITE_SYNCHRONOUS']!r}")
    if values["WEBHOOK_SENDER"] not in ("auto", "off"):
        raise ConfigError(f"RAPPORT_WEBHOOK_SENDER must be auto or off, got {values['WEBHOOK_SENDER']!r}")

    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{os.path.join(instance_path, 'rapport.db')}"
    if not values["MAIL_DIR"]:
        values["MAIL_DIR"] = os.path.join(instance_path, "outbox")
    if not values["SECRET_KEY"]:
        values["SECRET_KEY"] = _development_secret(instance_path)

    flask_config = {f"RAPPORT_{k}": v for k, v in values.items()}
    flask_config.update(
        SECRET_KEY=values["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=values["DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": False},  # server/dbpool.py pings idle connections only
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=values["MAX_BODY_BYTES"],  # raised per request for upload routes
        API_TITLE="Rapport",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/api/v1/docs/assets/",  # served from the swagger-ui-bundle package (offline)
        RATELIMIT_ENABLED=values["RATELIMIT_ENABLED"],
        RATELIMIT_HEADERS_ENABLED=True,
    )
    for key, value in overrides.items():
        if key not in SETTINGS:
            flask_config[key] = value
    return flask_config
