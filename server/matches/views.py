"""`/events/{id}/suggestions`: who to meet and why, and what the attendee thinks of them."""
import json

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account, current_account_in_event
from server.dbpool import reads_only
from server.matches import schemas, service

blp = Blueprint("matches", __name__, url_prefix="/api/v1", description="Suggestions with reasons")


@blp.route("/events/<int:event_id>/suggestions")
class Suggestions(MethodView):
    @blp.arguments(schemas.SuggestionArgs, location="query")
    @blp.response(200, schemas.SuggestionListSchema)
    @reads_only
    def get(self, args, event_id):
        """People the caller should meet, best first, each with reasons and an icebreaker"""
        caller = access.attendee(**current_account_in_event(event_id))
        items = service.suggestions(caller=caller, **args)
        # Already plain JSON data: dumping it through the schema again costs more than the search.
        return Response(json.dumps({"items": items}), mimetype="application/json")


@blp.route("/events/<int:event_id>/suggestions/<int:attendee_id>/feedback")
class Feedback(MethodView):
    @blp.arguments(schemas.FeedbackSchema)
    @blp.response(200, schemas.FeedbackResultSchema)
    def post(self, body, event_id, attendee_id):
        """Say interested, skip or must_meet; mutual interest connects the two"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return service.give_feedback(caller=caller, attendee_id=attendee_id, **body)
