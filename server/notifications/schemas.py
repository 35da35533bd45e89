"""The notification feed."""
import marshmallow as ma

from server.fields import Id, UTCDateTime
from server.notifications.service import KINDS
from server.pagination import PageArgs, page_schema


class FeedArgs(PageArgs):
    unread = ma.fields.Boolean(load_default=False)


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": " | ".join(KINDS)})
    event_id = ma.fields.Integer(allow_none=True)
    data = ma.fields.Dict(metadata={"description": "attendee_id, display_name, intro_id as the kind needs"})
    created_at = UTCDateTime()
    read_at = UTCDateTime(allow_none=True)


NotificationPageSchema = page_schema(NotificationSchema, "NotificationPage")


class MarkReadSchema(ma.Schema):
    ids = ma.fields.List(Id(), validate=ma.validate.Length(min=1, max=500),
                         metadata={"description": "Omit to mark every notification read"})


class MarkedSchema(ma.Schema):
    marked = ma.fields.Integer()
