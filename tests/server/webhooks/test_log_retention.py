"""Payload copies do not outlive the delivery log, nor the event's attendee data."""
from __future__ import annotations

from server.extensions import db
from server.webhooks.models import WebhookDelivery, WebhookMessage
from tests.server.webhooks.conftest import add_attendee, drain, register
from tests.server.webhooks.receiver import Receiver


def _count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def test_the_log_keeps_messages_for_the_set_days_but_never_drops_what_is_still_to_send(client, app, org, event):
    app.config["RAPPORT_WEBHOOK_LOG_DAYS"] = 0  # everything finished is old enough
    with Receiver() as ok, Receiver(default=(500, 0.0)) as failing:
        register(client, org, event, ok.url)
        add_attendee(client, org, event, "lea@example.org")
        drain(app)
        assert len(ok.received) == 1 and _count(app, WebhookMessage) == 0 and _count(app, WebhookDelivery) == 0
        register(client, org, event, failing.url)
        add_attendee(client, org, event, "max@example.org")
        drain(app)
    assert _count(app, WebhookMessage) == 1  # still pending for the failing endpoint
    app.config["RAPPORT_WEBHOOK_LOG_DAYS"] = 30
    drain(app)
    assert _count(app, WebhookDelivery) == 2


def test_purging_the_events_attendee_data_takes_its_webhook_payloads(client, app, org, event):
    from server.privacy import retention

    with Receiver() as receiver:
        register(client, org, event, receiver.url)
        add_attendee(client, org, event, "ned@example.org")
        drain(app)
    assert _count(app, WebhookMessage) == 1
    with app.app_context():
        retention.purge_event(event_id=event["id"])
    assert _count(app, WebhookMessage) == 0 and _count(app, WebhookDelivery) == 0
