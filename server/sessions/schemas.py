"""Bodies of speed-networking sessions, seating plans and rounds."""
import marshmallow as ma

from server.attendees.schemas import PublicAttendeeSchema
from server.fields import Id, UTCDateTime, text


class SessionInputSchema(ma.Schema):
    name = text(max_length=120, required=True, allow_empty=False)
    starts_at = UTCDateTime(required=True)
    rounds = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1, max=30))
    minutes_per_round = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1, max=240))
    group_size = ma.fields.Integer(load_default=2, strict=True, validate=ma.validate.OneOf((2, 3)),
                                   metadata={"description": "2 (pairs) or 3 (trios; one group of 4 when needed)"})
    mix_departments = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "group_size 3 only: nobody shares a table with someone of their department"})
    participants = ma.fields.String(required=True, validate=ma.validate.OneOf(("checked_in", "opted_in")),
                                    metadata={"description": "checked_in: everyone checked in; "
                                                             "opted_in: who opted in"})
    table_count = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=10000),
                                    metadata={"description": "Numbered tables; or give location_ids"})
    location_ids = ma.fields.List(Id(), validate=ma.validate.Length(min=1, max=10000),
                                  metadata={"description": "Named tables (one group each)"})


class SessionSchema(ma.Schema):
    id = ma.fields.Integer()
    event_id = ma.fields.Integer()
    name = ma.fields.String()
    starts_at = UTCDateTime()
    rounds = ma.fields.Integer()
    minutes_per_round = ma.fields.Integer()
    group_size = ma.fields.Integer()
    mix_departments = ma.fields.Boolean()
    participants = ma.fields.String()
    table_count = ma.fields.Integer(allow_none=True)
    location_ids = ma.fields.List(ma.fields.Integer())
    absent_ids = ma.fields.List(ma.fields.Integer(), metadata={"description": "Reported no-shows, left out"})
    status = ma.fields.String(metadata={"description": "draft or published"})
    published_at = UTCDateTime(allow_none=True)
    opted_in = ma.fields.Boolean(allow_none=True, metadata={"description": "Whether you opted in"})


class SessionListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SessionSchema), required=True)


class OptInSchema(ma.Schema):
    opted_in = ma.fields.Boolean(required=True)


class ReplanSchema(ma.Schema):
    played_rounds = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=0, max=30),
                                      metadata={"description": "Rounds to keep even if not started yet"})
    absent_ids = ma.fields.List(Id(), load_default=list, validate=ma.validate.Length(max=10000),
                                metadata={"description": "No-shows: left out of this and later re-plans"})


class PartnerSchema(ma.Schema):
    attendee = ma.fields.Nested(PublicAttendeeSchema)
    score = ma.fields.Float()
    icebreaker = ma.fields.String(allow_none=True)
    reasons = ma.fields.List(ma.fields.Dict(), metadata={"description": "Why you were seated together"})


class PlanTableSchema(ma.Schema):
    table_no = ma.fields.Integer()
    label = ma.fields.String()
    attendees = ma.fields.List(ma.fields.Nested(PublicAttendeeSchema))


class RoundQualitySchema(ma.Schema):
    pairs = ma.fields.Integer(metadata={"description": "Pairs seated at one table this round"})
    with_common_ground = ma.fields.Integer(metadata={"description": "Pairs with a shared interest or goal"})
    mean_score = ma.fields.Float(metadata={"description": "Mean matching score of those pairs"})


class PlanRoundSchema(ma.Schema):
    round_no = ma.fields.Integer()
    starts_at = UTCDateTime()
    ends_at = UTCDateTime()
    quality = ma.fields.Nested(RoundQualitySchema)
    tables = ma.fields.List(ma.fields.Nested(PlanTableSchema))


class SeatingPlanSchema(ma.Schema):
    session = ma.fields.Nested(SessionSchema)
    rounds = ma.fields.List(ma.fields.Nested(PlanRoundSchema))


class MyRoundSchema(ma.Schema):
    session_id = ma.fields.Integer(attribute="session.id")
    session_name = ma.fields.String(attribute="session.name")
    round_no = ma.fields.Integer()
    starts_at = UTCDateTime()
    ends_at = UTCDateTime()
    table_no = ma.fields.Integer()
    table_label = ma.fields.String()
    partners = ma.fields.List(ma.fields.Nested(PartnerSchema))


class MyRoundsSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(MyRoundSchema), required=True)
