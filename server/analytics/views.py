"""Organizer outcomes of an event: JSON or CSV, and the no-show list."""
import csv
import io

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.analytics import schemas, service
from server.auth import current_account

blp = Blueprint("analytics", __name__, url_prefix="/api/v1", description="Event outcomes for organizers")
# A spreadsheet runs cells starting with these as formulas; interest labels are attendees' free text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv(data: dict) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("metric", "value"))
    for name, value in service.flatten(data):
        writer.writerow(["'" + name if name.startswith(_FORMULA_START) else name, value])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="event-{data["event_id"]}-analytics.csv"'
    return response


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
