"""Managing webhook endpoints and reading their delivery log (the event's organizers only)."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask import current_app

from server import access, outbox_sender
from server.access import Caller
from server.errors import Conflict, NotFound
from server.extensions import db
from server.pagination import paginate
from server.types import utcnow
from server.webhooks import addresses, outbox, signing
from server.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage


def _check_url(url: str) -> str:
    config = current_app.config
    addresses.check(url, production=config["RAPPORT_ENV"] == "production",
                    allow_loopback=config["RAPPORT_WEBHOOK_ALLOW_LOOPBACK"])
    return url


def _endpoint(caller: Caller, webhook_id: int) -> WebhookEndpoint:
    return access.get_in_event(WebhookEndpoint, webhook_id, event_id=caller.event_id,
                               detail="No such webhook in this event.")


def create(*, caller: Caller, data: dict[str, Any]) -> WebhookEndpoint:
    """Register an endpoint; its secret is readable on the returned row only until the session ends."""
    account, event_id = caller.account, caller.event_id
    endpoint = WebhookEndpoint(event_id=event_id, url=_check_url(data["url"]), secret=signing.new_secret(),
                               event_types=list(dict.fromkeys(data["event_types"])), active=data["active"],
                               description=data.get("description", ""), created_by=account.id)
    db.session.add(endpoint)
    db.session.commit()
    return endpoint


def list_endpoints(*, caller: Caller, limit: int | None = None, cursor: str | None = None):
    """The event's endpoints page by page."""
    event_id = caller.event_id
    stmt = db.select(WebhookEndpoint).where(WebhookEndpoint.event_id == event_id)
    return paginate(stmt, WebhookEndpoint.id, limit=limit, cursor=cursor, session=db.session)


def get(*, caller: Caller, webhook_id: int) -> WebhookEndpoint:
    """One endpoint of the event (never its secret)."""
    return _endpoint(caller, webhook_id)


def update(*, caller: Caller, webhook_id: int, data: dict[str, Any]) -> WebhookEndpoint:
    """Change URL, types, description or active; re-activating clears the failure state."""
    endpoint = _endpoint(caller, webhook_id)
    if "url" in data:
        endpoint.url = _check_url(data["url"])
    if "event_types" in data:
        endpoint.event_types = list(dict.fromkeys(data["event_types"]))
    if "description" in data:
        endpoint.description = data["description"]
    if data.get("active") and not endpoint.active:
        endpoint.failing_since, endpoint.disabled_reason = None, None
    if "active" in data:
        endpoint.active = data["active"]
    db.session.commit()
    if endpoint.active:
        _resume()
    return endpoint


def roll_secret(*, caller: Caller, webhook_id: int) -> WebhookEndpoint:
    """A new secret; the old one keeps signing too for RAPPORT_WEBHOOK_SECRET_OVERLAP seconds."""
    endpoint = _endpoint(caller, webhook_id)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = utcnow() + timedelta(seconds=current_app.config["RAPPORT_WEBHOOK_SECRET_OVERLAP"])
    endpoint.secret = signing.new_secret()
    db.session.commit()
    return endpoint


def delete(*, caller: Caller, webhook_id: int) -> None:
    """Remove the endpoint and its delivery log."""
    db.session.delete(_endpoint(caller, webhook_id))
    db.session.commit()


def _active(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    if not endpoint.active:
        raise Conflict("This webhook is not active; set `active` to true first.", errors={"active": ["Is false."]})
    return endpoint


def test_send(*, caller: Caller, webhook_id: int) -> WebhookDelivery:
    """Queue a `ping` to this endpoint only, behind its pending deliveries."""
    event_id = caller.event_id
    endpoint = _active(_endpoint(caller, webhook_id))
    db.session.execute(db.select(WebhookEndpoint.id).where(WebhookEndpoint.id == endpoint.id).with_for_update())
    message = outbox.queue_message(event_id=event_id, type_="ping", endpoints=[endpoint],
                                   data={"webhook_id": endpoint.id, "event_id": event_id})
    db.session.commit()
    return _delivery_of(endpoint.id, message.id)


def _delivery_of(endpoint_id: int, message_id: int) -> WebhookDelivery:
    return db.session.execute(db.select(WebhookDelivery).where(
        WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.message_id == message_id,
    ).order_by(WebhookDelivery.id.desc()).limit(1)).scalar_one()


def deliveries(*, caller: Caller, webhook_id: int, status: str | None = None,
               limit: int | None = None, cursor: str | None = None):
    """The endpoint's delivery log, oldest first page by page."""
    endpoint = _endpoint(caller, webhook_id)
    stmt = db.select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    return paginate(stmt, WebhookDelivery.id, limit=limit, cursor=cursor, session=db.session)


def get_delivery(*, caller: Caller, webhook_id: int, delivery_id: int) -> WebhookDelivery:
    """One delivery with its payload."""
    endpoint = _endpoint(caller, webhook_id)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != endpoint.id:
        raise NotFound("No such delivery for this webhook.")
    return delivery


def redeliver(*, caller: Caller, webhook_id: int, delivery_id: int) -> WebhookDelivery:
    """Send one message again (same `webhook-id`), as a new delivery at the end of the endpoint's queue."""
    old = get_delivery(caller=caller, webhook_id=webhook_id, delivery_id=delivery_id)
    endpoint = _active(db.session.get(WebhookEndpoint, old.endpoint_id))
    again = WebhookDelivery(endpoint_id=endpoint.id, message_id=old.message_id)
    db.session.add(again)
    outbox_sender.wake_after_commit(db.session, "webhooks")
    db.session.commit()
    return again


def _resume() -> None:
    from server.webhooks import dispatch

    dispatch.wake()


def forget_mentions(*, event_ids: set[int], identifiers: set[str]) -> None:
    """Delete the stored payloads of these events that quote an erased person (with their deliveries).

    Payloads already sent have left; the copies kept for the delivery log and retries must not outlive
    the erasure. O(messages of these events), run once per erasure."""
    if not event_ids or not identifiers:
        return
    rows = db.session.execute(db.select(WebhookMessage.id, WebhookMessage.data)
                              .where(WebhookMessage.event_id.in_(event_ids)))
    quoting = [row.id for row in rows
               if any(value in json.dumps(row.data, ensure_ascii=False) for value in identifiers)]
    if quoting:
        db.session.execute(db.delete(WebhookDelivery).where(WebhookDelivery.message_id.in_(quoting)))
        db.session.execute(db.delete(WebhookMessage).where(WebhookMessage.id.in_(quoting)))
