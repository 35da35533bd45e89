"""Intro requests as the two people see them."""
import marshmallow as ma

from server.attendees.schemas import PublicAttendeeSchema
from server.fields import Id, Trimmed, UTCDateTime
from server.intros.models import STATUSES
from server.pagination import PageArgs

class IntroCreateSchema(ma.Schema):
    to_attendee_id = Id(required=True)
    message = Trimmed(load_default="", validate=ma.validate.Length(max=500),
                      metadata={"description": "A short personal note, up to 500 characters"})


class IntroListArgs(PageArgs):
    direction = ma.fields.String(validate=ma.validate.OneOf(("incoming", "outgoing")))
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))


class IntroSchema(ma.Schema):
    id = ma.fields.Integer(attribute="intro.id")
    event_id = ma.fields.Integer(attribute="intro.event_id")
    status = ma.fields.String(attribute="intro.status")
    message = ma.fields.String(attribute="intro.message")
    direction = ma.fields.String(metadata={"description": "incoming or outgoing, for the caller"})
    sender = ma.fields.Nested(PublicAttendeeSchema)
    recipient = ma.fields.Nested(PublicAttendeeSchema)
    created_at = UTCDateTime(attribute="intro.created_at")
    responded_at = UTCDateTime(attribute="intro.responded_at", allow_none=True)


class IntroPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(IntroSchema), required=True)
    next_cursor = ma.fields.String(allow_none=True)
