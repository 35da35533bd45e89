"""Follow-up bodies: notes, the contact log, next steps, feedback, the due list and the summary."""
import marshmallow as ma

from server.attendees.schemas import PublicAttendeeSchema
from server.connections.models import ORIGINS
from server.connections.schemas import ContactSchema
from server.fields import UTCDateTime, text
from server.followups.models import CHANNELS, DUE_KINDS, OUTCOMES
from server.pagination import page_schema

NOTE_MAX = 5000
FOLLOWUP_NOTE_MAX = 2000


class NoteInputSchema(ma.Schema):
    body = text(max_length=NOTE_MAX, required=True, metadata={"description": "Only you ever see it"})


class NoteSchema(ma.Schema):
    connection_id = ma.fields.Integer()
    body = ma.fields.String()
    updated_at = UTCDateTime()


class FollowUpInputSchema(ma.Schema):
    channel = ma.fields.String(required=True, validate=ma.validate.OneOf(CHANNELS),
                               metadata={"description": " | ".join(CHANNELS)})
    happened_at = UTCDateTime(required=True, metadata={
        "description": "With an offset; not in the future, not more than a day before you connected"})
    note = text(max_length=FOLLOWUP_NOTE_MAX, load_default="")
    outcome = ma.fields.String(allow_none=True, load_default=None, validate=ma.validate.OneOf(OUTCOMES),
                               metadata={"description": " | ".join(OUTCOMES) + " (optional)"})


class FollowUpSchema(ma.Schema):
    id = ma.fields.Integer()
    connection_id = ma.fields.Integer()
    channel = ma.fields.String()
    happened_at = UTCDateTime()
    note = ma.fields.String()
    outcome = ma.fields.String(allow_none=True)
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


FollowUpPageSchema = page_schema(FollowUpSchema, "FollowUpPage")


class NextStepInputSchema(ma.Schema):
    due_on = ma.fields.Date(required=True, metadata={"description": "YYYY-MM-DD (UTC day), up to 5 years ahead"})
    note = text(max_length=500, load_default="")


class NextStepSchema(ma.Schema):
    connection_id = ma.fields.Integer()
    due_on = ma.fields.Date()
    note = ma.fields.String()
    set_at = UTCDateTime()


class ConnectionFeedbackInputSchema(ma.Schema):
    rating = ma.fields.Integer(strict=True, allow_none=True, load_default=None, validate=ma.validate.Range(1, 5),
                               metadata={"description": "1-5; may be null only when no_show is true"})
    would_meet_again = ma.fields.Boolean(load_default=True)
    no_show = ma.fields.Boolean(load_default=False, metadata={"description": "They did not show up"})


class ConnectionFeedbackSchema(ma.Schema):
    connection_id = ma.fields.Integer(allow_none=True)
    rating = ma.fields.Integer(allow_none=True)
    would_meet_again = ma.fields.Boolean()
    no_show = ma.fields.Boolean()
    updated_at = UTCDateTime()


class EventRefSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()


class DueItemSchema(ma.Schema):
    connection_id = ma.fields.Integer(attribute="connection.id")
    kind = ma.fields.String(metadata={"description": " | ".join(DUE_KINDS)})
    status = ma.fields.String(metadata={"description": "overdue | upcoming"})
    due_on = ma.fields.Date()
    days_until = ma.fields.Integer(metadata={"description": "Negative when overdue"})
    reason = ma.fields.String(metadata={"description": "Why it is due, in a sentence"})
    last_contact_at = UTCDateTime(allow_none=True, metadata={"description": "Your last logged contact"})
    next_step_note = ma.fields.String(allow_none=True)
    score = ma.fields.Float(metadata={"description": "Matching score of the pair where you met (0 if unknown)"})
    met_at = UTCDateTime(metadata={"description": "When you connected"})
    origin = ma.fields.String(attribute="connection.origin", metadata={"description": " | ".join(ORIGINS)})
    event = ma.fields.Nested(EventRefSchema, allow_none=True)
    attendee = ma.fields.Nested(PublicAttendeeSchema)
    contact = ma.fields.Nested(ContactSchema)


class DueListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(DueItemSchema), required=True)


def _counts(name: str, keys: tuple[str, ...]) -> type[ma.Schema]:
    return ma.Schema.from_dict({key: ma.fields.Integer() for key in keys}, name=name)


class PeopleMetSchema(ma.Schema):
    total = ma.fields.Integer()
    by_origin = ma.fields.Nested(_counts("ConnectionsByOrigin", ORIGINS))


class AttendeeSummarySchema(ma.Schema):
    event_id = ma.fields.Integer()
    people_met = ma.fields.Nested(PeopleMetSchema)
    intros = ma.fields.Nested(_counts("IntroCounts", ("sent", "received", "accepted", "pending")))
    followups = ma.fields.Nested(_counts("FollowUpCounts", ("logged", "people_followed_up", "overdue", "upcoming")))
    messages = ma.fields.Nested(_counts("MessageCounts", ("conversations", "messages")),
                                metadata={"description": "Your conversations begun at this event (counts only)"})
