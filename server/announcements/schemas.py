"""`/events/{id}/announcements`."""
import marshmallow as ma

from server.announcements.models import AUDIENCES
from server.fields import Id, UTCDateTime


class AnnouncementInputSchema(ma.Schema):
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))
    audience = ma.fields.String(load_default="all", validate=ma.validate.OneOf(AUDIENCES), metadata={
        "description": "all joined attendees, those checked in, or a networking session's seated participants"})
    session_id = Id(allow_none=True, load_default=None, metadata={"description": "with audience `session`"})


class AnnouncementSchema(ma.Schema):
    id = ma.fields.Integer()
    event_id = ma.fields.Integer()
    title = ma.fields.String()
    body = ma.fields.String()
    audience = ma.fields.String()
    session_id = ma.fields.Integer(allow_none=True)
    recipients = ma.fields.Integer(metadata={"description": "people it went to"})
    created_at = UTCDateTime()


class AnnouncementListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AnnouncementSchema))
