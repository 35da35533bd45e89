"""Writing webhook messages into the caller's transaction, and waking the sender after commit.

Features call `emit` before their own commit. Nothing is sent from here: the sender reads the
committed rows (see `delivery`), so a rolled-back change leaves no trace and a crash after commit
loses nothing.
"""
from __future__ import annotations

from typing import Any

from server import outbox_sender
from server.extensions import db
from server.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage

__all__ = ["emit", "queue_message"]


def _subscribed(event_id: int, type_: str) -> list[WebhookEndpoint]:
    # Locking the event's endpoints makes concurrent emitters for one event take message ids in
    # commit order, which is what keeps each endpoint's deliveries in order.
    rows = db.session.execute(
        db.select(WebhookEndpoint).where(WebhookEndpoint.event_id == event_id)
        .order_by(WebhookEndpoint.id).with_for_update()
    ).scalars()
    return [e for e in rows if e.active and type_ in e.event_types]


def queue_message(*, event_id: int, type_: str, data: dict[str, Any],
                  endpoints: list[WebhookEndpoint]) -> WebhookMessage:
    """Add one message and a pending delivery per endpoint to the session (no commit)."""
    message = WebhookMessage(event_id=event_id, type=type_, data=data)
    db.session.add(message)
    db.session.flush()
    db.session.add_all(WebhookDelivery(endpoint_id=e.id, message_id=message.id) for e in endpoints)
    outbox_sender.wake_after_commit(db.session, "webhooks")
    return message


def emit(*, event_id: int, type_: str, data: dict[str, Any]) -> WebhookMessage | None:
    """Queue `type_` for every endpoint of the event subscribed to it, in the caller's transaction."""
    endpoints = _subscribed(event_id, type_)
    if not endpoints:
        return None
    return queue_message(event_id=event_id, type_=type_, data=data, endpoints=endpoints)
