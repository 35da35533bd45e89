"""An endpoint that has failed for RAPPORT_WEBHOOK_GIVE_UP_AFTER is switched off and its organizers told."""
from __future__ import annotations

import logging

from server import mail
from server.events import service as events_service
from server.notifications import service as notifications_service
from server.webhooks.models import WebhookEndpoint

log = logging.getLogger("rapport.webhooks")


def disable_failing(endpoint: WebhookEndpoint) -> None:
    """Deactivate the endpoint and notify every organizer (feed now, mail best effort), in the caller's transaction."""
    since = endpoint.failing_since.isoformat().replace("+00:00", "Z")
    endpoint.active = False
    endpoint.disabled_reason = f"Every delivery failed since {since}."
    data = {"webhook_id": endpoint.id, "url": endpoint.url, "failing_since": since}
    event = events_service.get_event(event_id=endpoint.event_id)
    for account in events_service.organizer_accounts(event_id=endpoint.event_id):
        notifications_service.notify(account_id=account.id, event_id=endpoint.event_id, kind="webhook_disabled",
                                     data=data)
        try:
            mail.send(to=account.email, subject=f"Webhook disabled for {event.name}", body=(
                f"Rapport stopped sending webhooks to {endpoint.url} (event {event.name}): every delivery "
                f"has failed since {since}.\nFix the receiver, then set the webhook active again: pending "
                f"deliveries resume in order. The delivery log shows each attempt's answer.\n"))
        except Exception:  # the notice in the feed is enough to act on; the sender must go on
            log.exception("could not mail %s about webhook %s", account.email, endpoint.id)
