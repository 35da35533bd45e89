"""`/events/join` and `/events/{id}/attendees`: the directory and profiles."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.attendees import schemas, service
from server.auth import current_account
from server.headers import no_store
from server.pagination import link_header
from server.sync import directory as directory_sync

blp = Blueprint("attendees", __name__, url_prefix="/api/v1", description="Attendee profiles and the directory")


def _dump(attendee, view: str) -> dict:
    """Public viewers never get contact or setting fields, whatever the profile says."""
    schema = schemas.PublicAttendeeSchema if view == service.PUBLIC else schemas.AttendeeSchema
    return schema().dump(attendee)


@blp.route("/events/join")
class Join(MethodView):
    @blp.arguments(schemas.JoinSchema)
    @blp.response(201, schemas.AttendeeSchema)
    @blp.alt_response(200, schema=schemas.AttendeeSchema, description="Already joined")
    def post(self, body):
        """Join an event with its code; creates the caller's profile there"""
        attendee, created = service.join(account=current_account(), **body)
        return _dump(attendee, service.SELF), 201 if created else 200


@blp.route("/events/<int:event_id>/attendees")
class Attendees(MethodView):
    @blp.arguments(schemas.DirectoryArgs, location="query")
    @blp.response(200, schemas.DirectoryPageSchema)
    def get(self, args, event_id):
        """The event directory: discoverable attendees' public profiles (organizers: everyone, all fields);
        with `since`, only what changed, and tombstones"""
        caller = access.member(account=current_account(), event_id=event_id)
        if args.get("since"):
            body = directory_sync.delta(caller=caller, since=args["since"], limit=args.get("limit"))
            view = service.ORGANIZER if body.pop("organizer") else service.PUBLIC
            return {**body, "items": [_dump(a, view) for a in body["items"]]}
        args.pop("since", None)
        start = directory_sync.start_token(caller=caller)  # before reading: nothing slips by
        rows, next_cursor, view = service.directory(caller=caller, **args)
        body = {"items": [_dump(a, view) for a in rows], "next_cursor": next_cursor, "next_since": start}
        return body, 200, link_header(next_cursor)

    @blp.arguments(schemas.AttendeeCreateSchema)
    @blp.response(201, schemas.AttendeeSchema)
    def post(self, body, event_id):
        """Add a person by email and send an invitation (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        attendee = service.add_attendee(caller=caller, data=body)
        return _dump(attendee, service.ORGANIZER)


@blp.route("/events/<int:event_id>/attendees/me")
class Me(MethodView):
    @blp.response(200, schemas.AttendeeSchema)
    @no_store
    def get(self, event_id):
        """The caller's own profile in this event"""
        caller = access.member(account=current_account(), event_id=event_id)
        return _dump(service.get_me(caller=caller), service.SELF)

    @blp.arguments(schemas.ProfileInputSchema(partial=True))
    @blp.response(200, schemas.AttendeeSchema)
    @no_store
    def patch(self, body, event_id):
        """Change the caller's own profile"""
        caller = access.member(account=current_account(), event_id=event_id)
        attendee = service.update_me(caller=caller, data=body)
        return _dump(attendee, service.SELF)


@blp.route("/events/<int:event_id>/attendees/<int:attendee_id>")
class AttendeeDetail(MethodView):
    @blp.response(200, schemas.AttendeeSchema)
    def get(self, event_id, attendee_id):
        """One profile: public fields to attendees, everything to organizers and the person"""
        caller = access.member(account=current_account(), event_id=event_id)
        return _dump(*service.get_attendee(caller=caller, attendee_id=attendee_id))

    @blp.arguments(schemas.ProfileInputSchema(partial=True))
    @blp.response(200, schemas.AttendeeSchema)
    def patch(self, body, event_id, attendee_id):
        """Change a profile (organizers, or the person)"""
        caller = access.member(account=current_account(), event_id=event_id)
        attendee = service.update_attendee(caller=caller, attendee_id=attendee_id, data=body)
        return _dump(*service.get_attendee(caller=caller, attendee_id=attendee.id))

    @blp.response(204)
    def delete(self, event_id, attendee_id):
        """Remove a person from the event (organizers, or the person leaving)"""
        caller = access.member(account=current_account(), event_id=event_id)
        service.delete_attendee(caller=caller, attendee_id=attendee_id)
