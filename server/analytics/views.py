"""Organizer outcomes of an event: JSON or CSV, and the no-show list."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import csv_export
from server import access
from server.analytics import schemas, service
from server.auth import current_account

blp = Blueprint("analytics", __name__, url_prefix="/api/v1", description="Event outcomes for organizers")


def _csv(data: dict):
    # Aggregates only (no person in them), so caches may keep it; interest labels are free text.
    return csv_export.response(csv_export.text(("metric", "value"), service.flatten(data)),
                               filename=f"event-{data['event_id']}-analytics.csv", personal=False)


@blp.route("/events/<int:event_id>/analytics")
class Analytics(MethodView):
    @blp.arguments(schemas.AnalyticsArgs, location="query")
    @blp.response(200, schemas.EventAnalyticsSchema)
    @blp.doc(responses={200: {"description": "JSON, or `format=csv`: metric,value rows",
                              "content": {"text/csv": {"schema": {"type": "string"}}}}})
    def get(self, args, event_id):
        """The event's outcomes: registrations, profiles, suggestions, intros, connections, follow-ups, ratings"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        data = service.event_analytics(caller=caller)
        return _csv(data) if args["format"] == "csv" else data


@blp.route("/events/<int:event_id>/analytics.csv")
class AnalyticsCsv(MethodView):
    @blp.response(200, content_type="text/csv", description="metric,value rows")
    def get(self, event_id):
        """The event's outcomes as CSV"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return _csv(service.event_analytics(caller=caller))


@blp.route("/events/<int:event_id>/analytics/no-shows")
class NoShows(MethodView):
    @blp.response(200, schemas.NoShowListSchema)
    def get(self, event_id):
        """Who was reported as not showing up and how often (never who reported it)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return {"items": service.no_shows(caller=caller)}
