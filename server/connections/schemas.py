"""Connections with shared contact details, blocks, and QR badges."""
import marshmallow as ma

from server.attendees.schemas import PublicAttendeeSchema
from server.connections.models import ORIGINS
from server.fields import Id, UTCDateTime
from server.pagination import page_schema


class ContactSchema(ma.Schema):
    """Only the fields the other person chose to share with connections."""

    email = ma.fields.String()
    phone = ma.fields.String()
    links = ma.fields.List(ma.fields.String())


class ConnectionSchema(ma.Schema):
    id = ma.fields.Integer(attribute="connection.id")
    origin = ma.fields.String(attribute="connection.origin", metadata={"description": " | ".join(ORIGINS)})
    event_id = ma.fields.Integer(attribute="connection.event_id", allow_none=True,
                                 metadata={"description": "Where the two first connected"})
    created_at = UTCDateTime(attribute="connection.created_at")
    attendee = ma.fields.Nested(PublicAttendeeSchema)
    contact = ma.fields.Nested(ContactSchema)


ConnectionPageSchema = page_schema(ConnectionSchema, "ConnectionPage")


class ScanSchema(ma.Schema):
    token = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=500))


class QrArgs(ma.Schema):
    format = ma.fields.String(load_default="json", validate=ma.validate.OneOf(("json", "svg", "png")),
                              metadata={"description": "json (token and inline SVG), svg or png"})


class QrSchema(ma.Schema):
    token = ma.fields.String(metadata={"description": "Signed, short-lived; carries no id"})
    expires_at = UTCDateTime()
    svg = ma.fields.String(metadata={"description": "The QR code as an SVG document"})


class BlockSchema(ma.Schema):
    attendee_id = Id(required=True)


class BlockListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PublicAttendeeSchema), required=True)
