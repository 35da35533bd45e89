"""Outgoing mail with three backends: `smtp` (production), `file` (.eml files), `memory` (tests)."""
from __future__ import annotations

import os
import smtplib
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Flask, current_app


def _build(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["RAPPORT_MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="rapport.invalid")
    message.set_content(body)
    return message


def send(*, to: str, subject: str, body: str) -> None:
    """Send one plain-text message with the configured backend."""
    message = _build(to, subject, body)
    backend = current_app.config["RAPPORT_MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions["rapport.outbox"].append(message)
    elif backend == "file":
        directory = current_app.config["RAPPORT_MAIL_DIR"]
        os.makedirs(directory, exist_ok=True)
        # Sortable names so `ls` shows the newest message last.
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        with open(os.path.join(directory, name), "wb") as handle:
            handle.write(bytes(message))
    elif backend == "smtp":
        cfg = current_app.config
        with smtplib.SMTP(cfg["RAPPORT_SMTP_HOST"], cfg["RAPPORT_SMTP_PORT"], timeout=10) as smtp:
            if cfg["RAPPORT_SMTP_STARTTLS"]:
                smtp.starttls()
            if cfg["RAPPORT_SMTP_USERNAME"]:
                smtp.login(cfg["RAPPORT_SMTP_USERNAME"], cfg["RAPPORT_SMTP_PASSWORD"])
            smtp.send_message(message)
    else:
        raise RuntimeError(f"unknown RAPPORT_MAIL_BACKEND {backend!r}")


def outbox() -> list[EmailMessage]:
    """Messages sent with the memory backend (tests read codes from here)."""
    return current_app.extensions["rapport.outbox"]


def init_app(app: Flask) -> None:
    """Check the mail backend setting and prepare the in-memory outbox."""
    if app.config["RAPPORT_MAIL_BACKEND"] not in {"smtp", "file", "memory"}:
        raise RuntimeError("RAPPORT_MAIL_BACKEND must be smtp, file or memory")
    app.extensions["rapport.outbox"] = []
