"""Bodies of the event, join, organizer and intent endpoints."""
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import marshmallow as ma

from matching import SCOPES
from server.attendees.schemas import ORG_FIELDS
from server.fields import Trimmed, UTCDateTime, text
from server.pagination import page_schema


def _valid_timezone(value: str) -> None:
    try:
        if value not in available_timezones():
            ZoneInfo(value)  # accepts aliases the set may not list
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a name no file system takes
        raise ma.ValidationError("Not an IANA time zone, e.g. Europe/Lisbon.") from exc


class EventInputSchema(ma.Schema):
    name = text(max_length=200, required=True, allow_empty=False)
    description = text(max_length=5000)
    starts_at = UTCDateTime(required=True)
    ends_at = UTCDateTime(required=True)
    timezone = ma.fields.String(required=True, validate=[ma.validate.Length(max=64), _valid_timezone],
                                metadata={"description": "IANA name, e.g. Europe/Lisbon"})
    venue = text(max_length=200)
    exclude_same_company = ma.fields.Boolean(
        metadata={"description": "Never suggest colleagues from the same company to each other"})
    max_pending_intros = ma.fields.Integer(
        allow_none=True, validate=ma.validate.Range(min=1, max=1000),
        metadata={"description": "Most pending intro requests one attendee may have out; null: no cap"})
    networking_scope = ma.fields.String(
        validate=ma.validate.OneOf(SCOPES),
        metadata={"description": "open: everyone (default); cross_company: prefer other organizations; "
                                 "cross_department: prefer other departments and offices, never one's own team"})
    public_org_fields = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(ORG_FIELDS)), validate=ma.validate.Length(max=3),
        metadata={"description": "Which of department, team, office other attendees see on profile cards"})
    retention_days = ma.fields.Integer(
        allow_none=True, strict=True, validate=ma.validate.Range(min=1, max=3650),
        metadata={"description": "Attendee data is deleted this many days after the event ends; "
                                 "null: the server's RAPPORT_RETENTION_DAYS (0 there: kept)"})


class EventSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String()
    description = ma.fields.String()
    starts_at = UTCDateTime()
    ends_at = UTCDateTime()
    timezone = ma.fields.String()
    venue = ma.fields.String()
    exclude_same_company = ma.fields.Boolean()
    max_pending_intros = ma.fields.Integer(allow_none=True)
    networking_scope = ma.fields.String()
    public_org_fields = ma.fields.List(ma.fields.String())
    retention_days = ma.fields.Integer(allow_none=True)
    attendee_data_purged_at = UTCDateTime(allow_none=True, metadata={"description": "Set once retention ran"})
    join_code = ma.fields.String(metadata={"description": "Organizers only"})
    role = ma.fields.String(metadata={"description": "The caller's role: owner, organizer or attendee"})
    attendee_id = ma.fields.Integer(allow_none=True, metadata={"description": "The caller's profile here, if any"})
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


EventPageSchema = page_schema(EventSchema, "EventPage")


class MyEventsSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(EventSchema), required=True)


class OrganizerInputSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))


class OrganizerSchema(ma.Schema):
    account_id = ma.fields.Integer()
    email = ma.fields.String()
    name = ma.fields.String()
    role = ma.fields.String()


class OrganizerListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(OrganizerSchema), required=True)


class IntentSchema(ma.Schema):
    key = Trimmed(  # trimmed first: `$` in the pattern also matches before a final newline
        required=True,
        validate=ma.validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$", error="Lowercase letters, digits and _, 1-40."),
    )
    label = Trimmed(required=True, validate=ma.validate.Length(min=1, max=80))
    complements = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=40)),
                                 load_default=list, validate=ma.validate.Length(max=50))


class IntentCatalogueSchema(ma.Schema):
    intents = ma.fields.List(ma.fields.Nested(IntentSchema), required=True,
                             validate=ma.validate.Length(min=1, max=100))
