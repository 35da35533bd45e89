"""`/events/{id}/meetings`, slots, tables, check-in, availability and `/attendees/me/agenda(.ics)`."""
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account
from server.meetings import answers, calendar, schemas, service, venue
from server.pagination import link_header

blp = Blueprint("meetings", __name__, url_prefix="/api/v1",
                description="Meetings at the event and the attendee's agenda")


@blp.route("/events/<int:event_id>/slots")
class Slots(MethodView):
    @blp.response(200, schemas.SlotListSchema)
    def get(self, event_id):
        """The event's meeting slots (members)"""
        caller = access.member(account=current_account(), event_id=event_id)
        return {"items": venue.list_slots(caller=caller)}

    @blp.arguments(schemas.SlotInputSchema)
    @blp.response(201, schemas.SlotSchema)
    def post(self, body, event_id):
        """Add a slot inside the event, overlapping no other (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return venue.create_slot(caller=caller, data=body)


@blp.route("/events/<int:event_id>/slots/<int:slot_id>")
class SlotDetail(MethodView):
    @blp.arguments(schemas.SlotInputSchema(partial=True))
    @blp.response(200, schemas.SlotSchema)
    def patch(self, body, event_id, slot_id):
        """Move, open or close a slot (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return venue.update_slot(caller=caller, slot_id=slot_id, data=body)

    @blp.response(204)
    def delete(self, event_id, slot_id):
        """Remove a slot no meeting uses (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        venue.delete_slot(caller=caller, slot_id=slot_id)


@blp.route("/events/<int:event_id>/locations")
class Locations(MethodView):
    @blp.response(200, schemas.LocationListSchema)
    def get(self, event_id):
        """The event's tables (members)"""
        caller = access.member(account=current_account(), event_id=event_id)
        return {"items": venue.list_locations(caller=caller)}

    @blp.arguments(schemas.LocationInputSchema)
    @blp.response(201, schemas.LocationSchema)
    def post(self, body, event_id):
        """Add a table seating 2-6 (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return venue.create_location(caller=caller, data=body)


@blp.route("/events/<int:event_id>/locations/<int:location_id>")
class LocationDetail(MethodView):
    @blp.arguments(schemas.LocationInputSchema(partial=True))
    @blp.response(200, schemas.LocationSchema)
    def patch(self, body, event_id, location_id):
        """Rename or resize a table (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return venue.update_location(caller=caller, location_id=location_id,
                                     data=body)

    @blp.response(204)
    def delete(self, event_id, location_id):
        """Remove a table nothing is booked at (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        venue.delete_location(caller=caller, location_id=location_id)


@blp.route("/events/<int:event_id>/check-ins")
class CheckIns(MethodView):
    @blp.response(200, schemas.CheckInListSchema)
    def get(self, event_id):
        """Who is checked in (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return {"items": venue.list_check_ins(caller=caller)}

    @blp.arguments(schemas.CheckInInputSchema)
    @blp.response(201, schemas.CheckInSchema)
    @blp.alt_response(200, schema=schemas.CheckInSchema, description="Already checked in")
    def post(self, body, event_id):
        """Mark an attendee present, by id or by scanning their badge's QR token (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        row, created = venue.check_in(caller=caller, **body)
        return row, 201 if created else 200


@blp.route("/events/<int:event_id>/check-ins/<int:attendee_id>")
class CheckInDetail(MethodView):
    @blp.response(204)
    def delete(self, event_id, attendee_id):
        """Undo a check-in (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        venue.undo_check_in(caller=caller, attendee_id=attendee_id)


@blp.route("/events/<int:event_id>/attendees/me/availability")
class Availability(MethodView):
    @blp.response(200, schemas.AvailabilitySchema)
    def get(self, event_id):
        """Every slot with whether you marked it busy or have a meeting then"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return {"items": venue.availability(caller=caller)}

    @blp.arguments(schemas.AvailabilityInputSchema)
    @blp.response(200, schemas.AvailabilitySchema)
    def put(self, body, event_id):
        """Replace the slots you are busy in; nobody can book you then"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return {"items": venue.set_busy(caller=caller, **body)}


def _dump(pair) -> dict:
    meeting, viewer_id = pair
    return service.describe(meeting, viewer_id=viewer_id)


@blp.route("/events/<int:event_id>/meetings")
class Meetings(MethodView):
    @blp.arguments(schemas.MeetingListArgs, location="query")
    @blp.response(200, schemas.MeetingPageSchema)
    def get(self, args, event_id):
        """Your meetings in this event, optionally by status"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        rows, next_cursor, me = service.list_mine(caller=caller, **args)
        body = {"items": [_dump((m, me)) for m in rows], "next_cursor": next_cursor}
        return body, 200, link_header(next_cursor)

    @blp.arguments(schemas.MeetingCreateSchema)
    @blp.response(201, schemas.MeetingSchema)
    def post(self, body, event_id):
        """Ask one or a few people to meet in a slot, optionally at a table, with a message"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        meeting = service.create(caller=caller, **body)
        return _dump((meeting, meeting.requester_id))


@blp.route("/events/<int:event_id>/meetings/<int:meeting_id>")
class MeetingDetail(MethodView):
    @blp.response(200, schemas.MeetingSchema)
    def get(self, event_id, meeting_id):
        """One of your meetings"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return _dump(service.get(caller=caller, meeting_id=meeting_id))


@blp.route("/events/<int:event_id>/meetings/<int:meeting_id>/accept")
class AcceptMeeting(MethodView):
    @blp.response(200, schemas.MeetingSchema)
    def post(self, event_id, meeting_id):
        """Accept; once everyone has, the meeting is booked and a free table assigned (409 if taken)"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return _dump(answers.accept(caller=caller, meeting_id=meeting_id))


@blp.route("/events/<int:event_id>/meetings/<int:meeting_id>/decline")
class DeclineMeeting(MethodView):
    @blp.response(200, schemas.MeetingSchema)
    def post(self, event_id, meeting_id):
        """Decline a meeting request or a counter-proposal"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return _dump(answers.decline(caller=caller, meeting_id=meeting_id))


@blp.route("/events/<int:event_id>/meetings/<int:meeting_id>/cancel")
class CancelMeeting(MethodView):
    @blp.response(200, schemas.MeetingSchema)
    def post(self, event_id, meeting_id):
        """Call a pending or accepted meeting off for everyone; its slot and table become free"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return _dump(answers.cancel(caller=caller, meeting_id=meeting_id))


@blp.route("/events/<int:event_id>/meetings/<int:meeting_id>/propose")
class ProposeMeeting(MethodView):
    @blp.arguments(schemas.ProposeSchema)
    @blp.response(200, schemas.MeetingSchema)
    def post(self, body, event_id, meeting_id):
        """Counter-propose another slot or time (and table); the others accept it"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return _dump(answers.propose(caller=caller, meeting_id=meeting_id, **body))


@blp.route("/events/<int:event_id>/meetings/<int:meeting_id>/outcome")
class MeetingOutcome(MethodView):
    @blp.arguments(schemas.OutcomeSchema)
    @blp.response(200, schemas.MeetingSchema)
    def post(self, body, event_id, meeting_id):
        """After it started: say it was held (you become connected) or who did not show up"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return _dump(answers.record_outcome(caller=caller,
                                            meeting_id=meeting_id, **body))


@blp.route("/events/<int:event_id>/attendees/me/agenda")
class Agenda(MethodView):
    @blp.response(200, schemas.AgendaSchema)
    def get(self, event_id):
        """Your meetings and rounds, in UTC and in the event's time zone"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return calendar.agenda(caller=caller)


@blp.route("/events/<int:event_id>/attendees/me/agenda.ics")
class AgendaIcs(MethodView):
    @blp.response(200, content_type="text/calendar", description="iCalendar (RFC 5545) with a VTIMEZONE")
    def get(self, event_id):
        """Your agenda as a calendar file; cancelled meetings come as STATUS:CANCELLED"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        body = calendar.agenda_ics(caller=caller)
        return Response(body, mimetype="text/calendar", headers={
            "Content-Disposition": f'attachment; filename="event-{event_id}-agenda.ics"'})
