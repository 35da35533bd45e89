"""`/events/{id}/meetings`, slots, tables, check-in, availability and the caller's agenda."""
from flask_smorest import Blueprint

from server.meetings import models  # noqa: F401  (tables known to the app before any route uses them)

blp = Blueprint("meetings", __name__, url_prefix="/api/v1", description="Meetings at the event")
