"""Follow-up after the event: private notes, the contact log, next steps, feedback, the due list, exports."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import csv_export
from server import access
from server.auth import current_account
from server.followups import due, export, schemas, service, summary
from server.pagination import PageArgs, link_header

blp = Blueprint("followups", __name__, url_prefix="/api/v1",
                description="Follow-up after the event (everything here is private to its author)")
CONNECTION = "/connections/<int:connection_id>"


@blp.route(f"{CONNECTION}/note")
class Note(MethodView):
    @blp.response(200, schemas.NoteSchema)
    def get(self, connection_id):
        """Your private note on this connection (404 when you wrote none)"""
        return service.get_note(account=current_account(), connection_id=connection_id)

    @blp.arguments(schemas.NoteInputSchema)
    @blp.response(200, schemas.NoteSchema)
    def put(self, body, connection_id):
        """Write or replace your private note; the other person never sees it"""
        return service.put_note(account=current_account(), connection_id=connection_id, **body)

    @blp.response(204)
    def delete(self, connection_id):
        """Delete your note"""
        service.delete_note(account=current_account(), connection_id=connection_id)


@blp.route(f"{CONNECTION}/followups")
class FollowUps(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.FollowUpPageSchema)
    def get(self, args, connection_id):
        """Your own log of contacts with this person (theirs is private to them)"""
        items, next_cursor = service.list_followups(account=current_account(), connection_id=connection_id, **args)
        return {"items": items, "next_cursor": next_cursor}, 200, link_header(next_cursor)

    @blp.arguments(schemas.FollowUpInputSchema)
    @blp.response(201, schemas.FollowUpSchema)
    def post(self, body, connection_id):
        """Log a contact: channel, when it happened, a note and an optional outcome"""
        return service.log_followup(account=current_account(), connection_id=connection_id, data=body)


@blp.route(f"{CONNECTION}/followups/<int:followup_id>")
class FollowUpDetail(MethodView):
    @blp.arguments(schemas.FollowUpInputSchema(partial=True))
    @blp.response(200, schemas.FollowUpSchema)
    def patch(self, body, connection_id, followup_id):
        """Change one of your log entries"""
        return service.update_followup(account=current_account(), connection_id=connection_id,
                                       followup_id=followup_id, data=body)

    @blp.response(204)
    def delete(self, connection_id, followup_id):
        """Delete one of your log entries"""
        service.delete_followup(account=current_account(), connection_id=connection_id, followup_id=followup_id)


@blp.route(f"{CONNECTION}/next-step")
class NextStep(MethodView):
    @blp.response(200, schemas.NextStepSchema)
    def get(self, connection_id):
        """Your planned next contact (404 when none is set)"""
        return service.get_next_step(account=current_account(), connection_id=connection_id)

    @blp.arguments(schemas.NextStepInputSchema)
    @blp.response(200, schemas.NextStepSchema)
    def put(self, body, connection_id):
        """Plan your next contact; it is done once you log a contact made after setting it"""
        return service.put_next_step(account=current_account(), connection_id=connection_id, **body)

    @blp.response(204)
    def delete(self, connection_id):
        """Clear your next step"""
        service.delete_next_step(account=current_account(), connection_id=connection_id)


@blp.route(f"{CONNECTION}/feedback")
class Feedback(MethodView):
    @blp.response(200, schemas.ConnectionFeedbackSchema)
    def get(self, connection_id):
        """Your feedback on meeting this person (404 when none)"""
        return service.get_feedback(account=current_account(), connection_id=connection_id)

    @blp.arguments(schemas.ConnectionFeedbackInputSchema)
    @blp.response(200, schemas.ConnectionFeedbackSchema)
    def put(self, body, connection_id):
        """Rate meeting them; low ratings keep you apart in suggestions, no-shows reach the organizers as counts"""
        return service.put_feedback(account=current_account(), connection_id=connection_id, **body)


@blp.route("/me/followups/due")
class Due(MethodView):
    @blp.response(200, schemas.DueListSchema)
    def get(self):
        """Overdue and upcoming follow-ups across all your events, strongest match and latest meeting first"""
        return {"items": due.due_items(account_id=current_account().id)}


@blp.route("/events/<int:event_id>/attendees/me/summary")
class Summary(MethodView):
    @blp.response(200, schemas.AttendeeSummarySchema)
    def get(self, event_id):
        """Your outcome of this event: people met and how, intros, follow-ups done and pending"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return summary.attendee_summary(caller=caller)


@blp.route("/me/connections.vcf")
class VCardExport(MethodView):
    @blp.response(200, content_type="text/vcard", description="vCard 4.0, one card per connection")
    def get(self):
        """Your connections as vCard 4.0: name, company, title and only the contact fields each shares"""
        return csv_export.response(export.vcards(account=current_account()), filename="rapport-connections.vcf",
                                   personal=True, mimetype="text/vcard")


@blp.route("/me/connections.csv")
class CsvExport(MethodView):
    @blp.response(200, content_type="text/csv", description="One row per connection, safe to open in a spreadsheet")
    def get(self):
        """Your connections as CSV (cells that could run as formulas are prefixed with ')"""
        return csv_export.response(export.csv_text(account=current_account()), filename="rapport-connections.csv",
                                   personal=True)
