"""`/events/{id}/message-reports` and messaging suspensions: what organizers may do about abuse."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account
from server.messages import moderation, schemas
from server.pagination import link_header

blp = Blueprint("message_moderation", __name__, url_prefix="/api/v1",
                description="Reported messages and messaging suspensions (organizers)")


@blp.route("/events/<int:event_id>/message-reports")
class Reports(MethodView):
    @blp.arguments(schemas.ReportArgs, location="query")
    @blp.response(200, schemas.ReportPageSchema)
    def get(self, args, event_id):
        """Messages reported to this event's organizers: the message and its sender, nothing else"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        items, next_cursor = moderation.reports(caller=caller, **args)
        return {"items": items, "next_cursor": next_cursor}, 200, link_header(next_cursor)


@blp.route("/events/<int:event_id>/message-reports/<int:report_id>/resolve")
class Resolve(MethodView):
    @blp.arguments(schemas.ResolveSchema)
    @blp.response(200, schemas.ReportSchema)
    def post(self, body, event_id, report_id):
        """Dismiss the report or suspend the sender's messaging here; the reporter is notified"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return moderation.resolve(caller=caller, report_id=report_id, **body)


@blp.route("/events/<int:event_id>/messaging-suspensions/<int:attendee_id>")
class Suspension(MethodView):
    @blp.arguments(schemas.SuspendSchema)
    @blp.response(200, schemas.SuspensionSchema)
    def put(self, body, event_id, attendee_id):
        """Suspend an attendee's messaging in conversations that began at this event"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return moderation.suspend(caller=caller, attendee_id=attendee_id, **body)

    @blp.response(204)
    def delete(self, event_id, attendee_id):
        """Lift the suspension"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        moderation.lift(caller=caller, attendee_id=attendee_id)
