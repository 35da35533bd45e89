"""`/events`, `/events/join`, `/me/events`, organizers and the goal catalogue."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account
from server.events import schemas, service
from server.pagination import PageArgs, link_header

blp = Blueprint("events", __name__, url_prefix="/api/v1", description="Events and their goal catalogue")


def _dump(membership) -> dict:
    """The event as this caller may see it: the join code is for organizers."""
    event = membership.event
    data = schemas.EventSchema().dump(event)
    data["role"] = membership.role
    data["attendee_id"] = None if membership.is_organizer else membership.attendee_id
    if not membership.is_organizer:
        data.pop("join_code")
    return data


@blp.route("/events")
class Events(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.EventPageSchema)
    def get(self, args):
        """Events the caller organizes"""
        found, next_cursor = service.organized_events(account=current_account(), **args)
        return {"items": [_dump(m) for m in found], "next_cursor": next_cursor}, 200, link_header(next_cursor)

    @blp.arguments(schemas.EventInputSchema)
    @blp.response(201, schemas.EventSchema)
    def post(self, body):
        """Create an event (organizer accounts)"""
        account = current_account()
        event = service.create_event(account=account, data=body)
        return _dump(access.member(account=account, event_id=event.id))


@blp.route("/events/<int:event_id>")
class EventDetail(MethodView):
    @blp.response(200, schemas.EventSchema)
    def get(self, event_id):
        """An event the caller organizes or attends"""
        return _dump(access.member(account=current_account(), event_id=event_id))

    @blp.arguments(schemas.EventInputSchema(partial=True))
    @blp.response(200, schemas.EventSchema)
    def patch(self, body, event_id):
        """Change an event (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        service.update_event(caller=caller, data=body)
        return _dump(caller)

    @blp.response(204)
    def delete(self, event_id):
        """Delete an event and everything in it (owner)"""
        caller = access.owner(account=current_account(), event_id=event_id)
        service.delete_event(caller=caller)


@blp.route("/events/<int:event_id>/join-code")
class JoinCode(MethodView):
    @blp.response(200, schemas.EventSchema)
    def post(self, event_id):
        """Replace the join code; the old one stops working (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        service.regenerate_join_code(caller=caller)
        return _dump(caller)


@blp.route("/me/events")
class MyEvents(MethodView):
    @blp.response(200, schemas.MyEventsSchema)
    def get(self):
        """Every event the caller organizes or attends, newest first"""
        return {"items": [_dump(m) for m in service.memberships(account=current_account())]}


@blp.route("/events/<int:event_id>/organizers")
class Organizers(MethodView):
    @blp.response(200, schemas.OrganizerListSchema)
    def get(self, event_id):
        """The event's organizers (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        rows = service.list_organizers(caller=caller)
        return {"items": [_organizer(row, acc) for row, acc in rows]}

    @blp.arguments(schemas.OrganizerInputSchema)
    @blp.response(201, schemas.OrganizerSchema)
    def post(self, body, event_id):
        """Add a co-organizer by email (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return _organizer(*service.add_organizer(caller=caller, **body))


@blp.route("/events/<int:event_id>/organizers/<int:account_id>")
class OrganizerDetail(MethodView):
    @blp.response(204)
    def delete(self, event_id, account_id):
        """Remove a co-organizer (organizers; not the owner)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        service.remove_organizer(caller=caller, account_id=account_id)


def _organizer(row, account) -> dict:
    return {"account_id": account.id, "email": account.email, "name": account.name, "role": row.role}


@blp.route("/events/<int:event_id>/intents")
class Intents(MethodView):
    @blp.response(200, schemas.IntentCatalogueSchema)
    def get(self, event_id):
        """The event's goal catalogue (members)"""
        caller = access.member(account=current_account(), event_id=event_id)
        return {"intents": service.intent_catalogue(event=caller.event)}

    @blp.arguments(schemas.IntentCatalogueSchema)
    @blp.response(200, schemas.IntentCatalogueSchema)
    def put(self, body, event_id):
        """Replace the goal catalogue; complements become symmetric (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        intents = service.replace_intents(caller=caller, **body)
        return {"intents": intents}
