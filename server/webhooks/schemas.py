"""Bodies of the webhook endpoints and the delivery log."""
import marshmallow as ma

from server.fields import UTCDateTime, text
from server.pagination import PageArgs, page_schema
from server.webhooks.models import DELIVERY_STATUSES, EVENT_TYPES


class WebhookInputSchema(ma.Schema):
    url = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000),
                           metadata={"description": "https:// address (http:// outside production) on a public host"})
    event_types = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(EVENT_TYPES)), required=True,
                                 validate=ma.validate.Length(min=1, max=len(EVENT_TYPES)),
                                 metadata={"description": " | ".join(EVENT_TYPES)})
    active = ma.fields.Boolean(load_default=True)
    description = text(max_length=200)


class WebhookSchema(ma.Schema):
    id = ma.fields.Integer()
    event_id = ma.fields.Integer()
    url = ma.fields.String()
    description = ma.fields.String()
    event_types = ma.fields.List(ma.fields.String())
    active = ma.fields.Boolean()
    disabled_reason = ma.fields.String(allow_none=True,
                                       metadata={"description": "Why Rapport switched it off (failing for a day)"})
    failing_since = UTCDateTime(allow_none=True)
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class WebhookWithSecretSchema(WebhookSchema):
    secret = ma.fields.String(metadata={"description": "whsec_...: shown only in this answer; store it now"})


WebhookPageSchema = page_schema(WebhookSchema, "WebhookPage")


class DeliveryArgs(PageArgs):
    status = ma.fields.String(validate=ma.validate.OneOf(DELIVERY_STATUSES))


class DeliverySchema(ma.Schema):
    id = ma.fields.Integer()
    webhook_id = ma.fields.Integer(attribute="endpoint_id")
    message_id = ma.fields.Function(lambda d: f"msg_{d.message_id}", metadata={"description": "the webhook-id header"})
    type = ma.fields.Function(lambda d: d.message.type)
    status = ma.fields.String(metadata={"description": " | ".join(DELIVERY_STATUSES)})
    attempts = ma.fields.Integer()
    next_attempt_at = UTCDateTime(allow_none=True)
    last_attempt_at = UTCDateTime(allow_none=True)
    response_code = ma.fields.Integer(allow_none=True)
    latency_ms = ma.fields.Integer(allow_none=True)
    response_excerpt = ma.fields.String(allow_none=True)
    error = ma.fields.String(allow_none=True)
    created_at = UTCDateTime()


class DeliveryDetailSchema(DeliverySchema):
    payload = ma.fields.Function(lambda d: {"type": d.message.type, "data": d.message.data})


DeliveryPageSchema = page_schema(DeliverySchema, "WebhookDeliveryPage")
