"""`/events/{id}/announcements`: organizers tell their attendees something."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.announcements import schemas, service
from server.auth import current_account

blp = Blueprint("announcements", __name__, url_prefix="/api/v1", description="Organizer announcements")


@blp.route("/events/<int:event_id>/announcements")
class Announcements(MethodView):
    @blp.response(200, schemas.AnnouncementListSchema)
    def get(self, event_id):
        """Announcements sent so far, newest first (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return {"items": service.announcements(caller=caller)}

    @blp.arguments(schemas.AnnouncementInputSchema)
    @blp.response(201, schemas.AnnouncementSchema)
    def post(self, body, event_id):
        """Send an announcement to the feed and devices of all, checked-in, or a session's participants"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.announce(caller=caller, **body)
