"""`/events/{id}/sessions` (speed networking) and `/attendees/me/rounds`."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access, csv_export
from server.auth import current_account
from server.sessions import plans, schemas
from server.sessions import service as sessions

blp = Blueprint("networking-sessions", __name__, url_prefix="/api/v1",
                description="Speed-networking sessions, seating plans and rounds")


def _session(pair) -> dict:
    session, opted_in = pair
    return {**schemas.SessionSchema().dump(session), "opted_in": opted_in}


@blp.route("/events/<int:event_id>/sessions")
class Sessions(MethodView):
    @blp.response(200, schemas.SessionListSchema)
    def get(self, event_id):
        """The event's sessions (attendees: published ones and those open to opt in)"""
        caller = access.member(account=current_account(), event_id=event_id)
        return {"items": [_session(p) for p in sessions.list_sessions(caller=caller)]}

    @blp.arguments(schemas.SessionInputSchema)
    @blp.response(201, schemas.SessionSchema)
    def post(self, body, event_id):
        """Create a draft session: rounds, minutes per round, tables, start, who takes part (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return _session((sessions.create(caller=caller, data=body), None))


@blp.route("/events/<int:event_id>/sessions/<int:session_id>")
class SessionDetail(MethodView):
    @blp.response(200, schemas.SessionSchema)
    def get(self, event_id, session_id):
        """One session (members)"""
        caller = access.member(account=current_account(), event_id=event_id)
        return _session((sessions.get(caller=caller, session_id=session_id), None))

    @blp.response(204)
    def delete(self, event_id, session_id):
        """Delete a session and its seating (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        sessions.delete(caller=caller, session_id=session_id)


@blp.route("/events/<int:event_id>/sessions/<int:session_id>/opt-in")
class OptIn(MethodView):
    @blp.arguments(schemas.OptInSchema)
    @blp.response(200, schemas.OptInSchema)
    def put(self, body, event_id, session_id):
        """Take part in a session that seats those who opted in (or stop)"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return {"opted_in": sessions.opt_in(caller=caller, session_id=session_id,
                                            **body)}


@blp.route("/events/<int:event_id>/sessions/<int:session_id>/preview")
class Preview(MethodView):
    @blp.response(200, schemas.SeatingPlanSchema)
    def get(self, event_id, session_id):
        """The plan as it would be published now; nothing is stored (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return sessions.preview(caller=caller, session_id=session_id)


@blp.route("/events/<int:event_id>/sessions/<int:session_id>/publish")
class Publish(MethodView):
    @blp.response(200, schemas.SeatingPlanSchema)
    def post(self, event_id, session_id):
        """Plan and store every round; attendees see their tables (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return sessions.publish(caller=caller, session_id=session_id)


@blp.route("/events/<int:event_id>/sessions/<int:session_id>/replan")
class Replan(MethodView):
    @blp.arguments(schemas.ReplanSchema)
    @blp.response(200, schemas.SeatingPlanSchema)
    def post(self, body, event_id, session_id):
        """Re-plan the rounds not started yet for late arrivals and no-shows; started rounds stay (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return sessions.replan(caller=caller, session_id=session_id, **body)


@blp.route("/events/<int:event_id>/sessions/<int:session_id>/seating")
class Seating(MethodView):
    @blp.response(200, schemas.SeatingPlanSchema)
    def get(self, event_id, session_id):
        """The published seating plan: rounds, tables, people (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return plans.seating_plan(caller=caller, session_id=session_id)


@blp.route("/events/<int:event_id>/sessions/<int:session_id>/seating.csv")
class SeatingCsv(MethodView):
    @blp.response(200, content_type="text/csv", description="One row per person per round, sorted by round and table")
    def get(self, event_id, session_id):
        """The seating plan as a printable CSV (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        body = plans.seating_csv(caller=caller, session_id=session_id)
        return csv_export.response(body, filename=f"session-{session_id}-seating.csv", personal=True)


@blp.route("/events/<int:event_id>/attendees/me/rounds")
class MyRounds(MethodView):
    @blp.response(200, schemas.MyRoundsSchema)
    def get(self, event_id):
        """Your speed-networking rounds: when, which table, with whom and why"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return {"items": plans.my_rounds(caller=caller)}
