"""`/events/{id}/webhooks`: endpoints, their secret, test-send and the delivery log (organizers)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account
from server.pagination import PageArgs, link_header
from server.webhooks import schemas, service

blp = Blueprint("webhooks", __name__, url_prefix="/api/v1/events/<int:event_id>/webhooks",
                description="Signed webhooks (Standard Webhooks) and their delivery log")


@blp.route("")
class Webhooks(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.WebhookPageSchema)
    def get(self, args, event_id):
        """The event's webhook endpoints (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        rows, next_cursor = service.list_endpoints(caller=caller, **args)
        return {"items": rows, "next_cursor": next_cursor}, 200, link_header(next_cursor)

    @blp.arguments(schemas.WebhookInputSchema)
    @blp.response(201, schemas.WebhookWithSecretSchema)
    def post(self, body, event_id):
        """Register an endpoint; the answer holds its signing secret, shown this once (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.create(caller=caller, data=body)


@blp.route("/<int:webhook_id>")
class WebhookDetail(MethodView):
    @blp.response(200, schemas.WebhookSchema)
    def get(self, event_id, webhook_id):
        """One endpoint (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.get(caller=caller, webhook_id=webhook_id)

    @blp.arguments(schemas.WebhookInputSchema(partial=True))
    @blp.response(200, schemas.WebhookSchema)
    def patch(self, body, event_id, webhook_id):
        """Change URL, event types, description or active; re-activating resumes pending deliveries in order"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.update(caller=caller, webhook_id=webhook_id, data=body)

    @blp.response(204)
    def delete(self, event_id, webhook_id):
        """Remove an endpoint and its delivery log (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        service.delete(caller=caller, webhook_id=webhook_id)


@blp.route("/<int:webhook_id>/secret")
class WebhookSecret(MethodView):
    @blp.response(200, schemas.WebhookWithSecretSchema)
    def post(self, event_id, webhook_id):
        """Roll the signing secret; the old one also signs for a day (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.roll_secret(caller=caller, webhook_id=webhook_id)


@blp.route("/<int:webhook_id>/test")
class WebhookTest(MethodView):
    @blp.response(202, schemas.DeliverySchema)
    def post(self, event_id, webhook_id):
        """Send a `ping` to this endpoint (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.test_send(caller=caller, webhook_id=webhook_id)


@blp.route("/<int:webhook_id>/deliveries")
class Deliveries(MethodView):
    @blp.arguments(schemas.DeliveryArgs, location="query")
    @blp.response(200, schemas.DeliveryPageSchema)
    def get(self, args, event_id, webhook_id):
        """The delivery log: status, attempts, answer code, latency and the answer's first characters"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        rows, next_cursor = service.deliveries(caller=caller,
                                               webhook_id=webhook_id, **args)
        return {"items": rows, "next_cursor": next_cursor}, 200, link_header(next_cursor)


@blp.route("/<int:webhook_id>/deliveries/<int:delivery_id>")
class DeliveryDetail(MethodView):
    @blp.response(200, schemas.DeliveryDetailSchema)
    def get(self, event_id, webhook_id, delivery_id):
        """One delivery with the payload it carries (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.get_delivery(caller=caller, webhook_id=webhook_id,
                                    delivery_id=delivery_id)


@blp.route("/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver")
class Redeliver(MethodView):
    @blp.response(202, schemas.DeliverySchema)
    def post(self, event_id, webhook_id, delivery_id):
        """Send this delivery's message again, same webhook-id, after the endpoint's pending ones"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.redeliver(caller=caller, webhook_id=webhook_id,
                                 delivery_id=delivery_id)
