"""Bodies of slots, tables, check-in, availability, meeting requests and the agenda."""
import marshmallow as ma

from server.attendees.schemas import PublicAttendeeSchema
from server.fields import Id, Trimmed, UTCDateTime, text
from server.meetings.models import MEETING_STATUSES
from server.pagination import PageArgs, page_schema
from server.sessions.schemas import PartnerSchema


class SlotInputSchema(ma.Schema):
    starts_at = UTCDateTime(required=True)
    ends_at = UTCDateTime(required=True)
    open_for_meetings = ma.fields.Boolean(load_default=True,
                                          metadata={"description": "Takes meeting requests"})


class SlotSchema(ma.Schema):
    id = ma.fields.Integer()
    starts_at = UTCDateTime()
    ends_at = UTCDateTime()
    open_for_meetings = ma.fields.Boolean()


class SlotListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SlotSchema), required=True)


class LocationInputSchema(ma.Schema):
    name = text(max_length=120, required=True, allow_empty=False)
    capacity = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=2, max=6),
                                 metadata={"description": "Seats at the table, 2-6"})


class LocationSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    capacity = ma.fields.Integer()


class LocationListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(LocationSchema), required=True)


class CheckInInputSchema(ma.Schema):
    attendee_id = Id()
    token = ma.fields.String(validate=ma.validate.Length(min=1, max=500),
                             metadata={"description": "The QR token of the attendee's badge"})

    @ma.validates_schema
    def _one_of(self, data, **kwargs):
        if ("attendee_id" in data) == ("token" in data):
            raise ma.ValidationError("Give attendee_id or token (a badge scan), not both.", "attendee_id")


class CheckInSchema(ma.Schema):
    attendee_id = ma.fields.Integer()
    checked_in_at = UTCDateTime()
    method = ma.fields.String(metadata={"description": "organizer or badge"})


class CheckInListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(CheckInSchema), required=True)


class AvailabilityInputSchema(ma.Schema):
    busy_slot_ids = ma.fields.List(Id(), required=True, validate=ma.validate.Length(max=500))


class AvailabilityItemSchema(ma.Schema):
    slot = ma.fields.Nested(SlotSchema)
    busy = ma.fields.Boolean(metadata={"description": "Marked busy by you"})
    booked = ma.fields.Boolean(metadata={"description": "You have an accepted meeting then"})


class AvailabilitySchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AvailabilityItemSchema), required=True)


class _When(ma.Schema):
    slot_id = Id()
    starts_at = UTCDateTime(metadata={"description": "Instead of slot_id: a time inside an open slot"})
    location_id = Id(allow_none=True, metadata={"description": "A table; omitted: one is assigned on accept"})

    @ma.validates_schema
    def _slot_or_time(self, data, **kwargs):
        if ("slot_id" in data) == ("starts_at" in data):
            raise ma.ValidationError("Give slot_id or starts_at, not both.", "slot_id")


class MeetingCreateSchema(_When):
    invitee_ids = ma.fields.List(Id(), required=True, validate=ma.validate.Length(min=1, max=5),
                                 metadata={"description": "Attendee ids; the group must fit a table"})
    message = Trimmed(load_default="", validate=ma.validate.Length(max=500))


class ProposeSchema(_When):
    """Another time (and table) for the meeting."""


class OutcomeSchema(ma.Schema):
    outcome = ma.fields.String(required=True, validate=ma.validate.OneOf(("held", "no_show")))
    no_show_ids = ma.fields.List(Id(), validate=ma.validate.Length(max=5),
                                 metadata={"description": "Who did not come (outcome no_show); "
                                                          "default: everyone but you"})


class MeetingListArgs(PageArgs):
    status = ma.fields.String(validate=ma.validate.OneOf(MEETING_STATUSES))


class ParticipantSchema(ma.Schema):
    attendee = ma.fields.Nested(PublicAttendeeSchema)
    role = ma.fields.String(metadata={"description": "requester or invitee"})
    response = ma.fields.String(metadata={"description": "pending, accepted or declined"})
    no_show = ma.fields.Boolean()


class MeetingSchema(ma.Schema):
    id = ma.fields.Integer(attribute="meeting.id")
    event_id = ma.fields.Integer(attribute="meeting.event_id")
    status = ma.fields.String(attribute="meeting.status", metadata={"description": " | ".join(MEETING_STATUSES)})
    message = ma.fields.String(attribute="meeting.message")
    requester_id = ma.fields.Integer(attribute="meeting.requester_id")
    proposed_by_id = ma.fields.Integer(attribute="meeting.proposed_by_id", allow_none=True,
                                       metadata={"description": "Set when the current time is a counter-proposal"})
    slot = ma.fields.Nested(SlotSchema)
    location = ma.fields.Nested(LocationSchema, allow_none=True)
    requested_location_id = ma.fields.Integer(attribute="meeting.requested_location_id", allow_none=True)
    my_response = ma.fields.String()
    participants = ma.fields.List(ma.fields.Nested(ParticipantSchema))
    sequence = ma.fields.Integer(attribute="meeting.sequence", metadata={"description": "Bumped on every change"})
    created_at = UTCDateTime(attribute="meeting.created_at")
    updated_at = UTCDateTime(attribute="meeting.updated_at")


MeetingPageSchema = page_schema(MeetingSchema, "MeetingPage")


class AgendaItemSchema(ma.Schema):
    kind = ma.fields.String(metadata={"description": "meeting or round"})
    uid = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.String()
    starts_at = UTCDateTime()
    ends_at = UTCDateTime()
    starts_at_local = ma.fields.String(metadata={"description": "In the event's time zone, with its offset"})
    ends_at_local = ma.fields.String()
    location = ma.fields.String(allow_none=True)
    meeting_id = ma.fields.Integer()
    session_id = ma.fields.Integer()
    round_no = ma.fields.Integer()
    table_no = ma.fields.Integer()
    partners = ma.fields.List(ma.fields.Nested(PartnerSchema))
    sequence = ma.fields.Integer()


class AgendaSchema(ma.Schema):
    event_id = ma.fields.Integer()
    timezone = ma.fields.String()
    items = ma.fields.List(ma.fields.Nested(AgendaItemSchema), required=True)
