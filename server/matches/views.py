"""`/events/{id}/suggestions`: who to meet and why, and what the attendee thinks of them."""
from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.api import documented_only
from server.auth import current_account, current_attendee
from server.matches import schemas, service

blp = Blueprint("matches", __name__, url_prefix="/api/v1", description="Suggestions with reasons")


@blp.arguments(schemas.SuggestionArgs, location="query")
def _parsed(args):
    return args["limit"]


def _limit() -> int:
    """`?limit=`: the common spellings read here; anything else (and every error) through the schema, as
    flask-smorest would (422 naming `limit`)."""
    if not request.query_string:
        return schemas.SuggestionArgs.DEFAULT_LIMIT
    given = request.args.get("limit")
    if given is not None and len(given) <= 2 and given.isascii() and given.isdigit():
        value = int(given)
        if schemas.SuggestionArgs.MIN_LIMIT <= value <= schemas.SuggestionArgs.MAX_LIMIT:
            return value
    return _parsed()


@blp.route("/events/<int:event_id>/suggestions")
class Suggestions(MethodView):
    @documented_only(blp.arguments(schemas.SuggestionArgs, location="query"),
                     blp.response(200, schemas.SuggestionListSchema))
    def get(self, event_id):
        """People the caller should meet, best first, each with reasons and an icebreaker"""
        # The API's hot path: flask-smorest's wrappers (webargs, response handling) cost more than the
        # ranking, so `limit` is read by `_limit` and the service answers JSON bytes, built once.
        limit = _limit()
        caller = current_attendee(event_id, service.read_with_token())
        return Response(service.suggestions(caller=caller, limit=limit), mimetype="application/json")


@blp.route("/events/<int:event_id>/suggestions/<int:attendee_id>/feedback")
class Feedback(MethodView):
    @blp.arguments(schemas.FeedbackSchema)
    @blp.response(200, schemas.FeedbackResultSchema)
    def post(self, body, event_id, attendee_id):
        """Say interested, skip or must_meet; mutual interest connects the two"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return service.give_feedback(caller=caller, attendee_id=attendee_id, **body)
