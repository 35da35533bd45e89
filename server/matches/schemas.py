"""Suggestions with their reasons, and feedback on a suggested person."""
import marshmallow as ma

from server.attendees.schemas import PublicAttendeeSchema
from server.matches.models import FEEDBACK_KINDS


class SuggestionArgs(ma.Schema):
    DEFAULT_LIMIT, MIN_LIMIT, MAX_LIMIT = 10, 1, 50
    limit = ma.fields.Integer(load_default=DEFAULT_LIMIT, validate=ma.validate.Range(min=MIN_LIMIT, max=MAX_LIMIT))


class ReasonSchema(ma.Schema):
    """Why two people should meet. Fields beyond kind/text/weight depend on the kind."""

    kind = ma.fields.String(metadata={"description": "shared_interest, complementary_goal, cross_industry, "
                                                     "same_organization, cross_department, cross_office, "
                                                     "same_department or same_team"})
    text = ma.fields.String(metadata={"description": "One sentence for the viewer (you = viewer, they = suggested person)"})
    weight = ma.fields.Float()
    label = ma.fields.String(metadata={"description": "shared_interest: the interest"})
    yours = ma.fields.List(ma.fields.String(), metadata={"description": "shared_interest: the viewer's words"})
    theirs = ma.fields.List(ma.fields.String(), metadata={"description": "shared_interest: their words"})
    your_goal = ma.fields.String()
    their_goal = ma.fields.String()
    your_phrase = ma.fields.String()
    their_phrase = ma.fields.String()
    you_offer = ma.fields.String()
    they_offer = ma.fields.String()
    your_industry = ma.fields.String()
    their_industry = ma.fields.String()
    organization = ma.fields.String()
    factor = ma.fields.Float()
    your_department = ma.fields.String(metadata={"description": "cross_department, when departments are public"})
    their_department = ma.fields.String()
    your_office = ma.fields.String(metadata={"description": "cross_office, when offices are public"})
    their_office = ma.fields.String()
    department = ma.fields.String(metadata={"description": "same_department, when departments are public"})
    team = ma.fields.String(metadata={"description": "same_team, when teams are public"})


class SuggestionSchema(ma.Schema):
    attendee = ma.fields.Nested(PublicAttendeeSchema)
    score = ma.fields.Float()
    icebreaker = ma.fields.String()
    reasons = ma.fields.List(ma.fields.Nested(ReasonSchema))


class SuggestionListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SuggestionSchema), required=True)


class FeedbackSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(FEEDBACK_KINDS))


class FeedbackResultSchema(ma.Schema):
    attendee_id = ma.fields.Integer()
    kind = ma.fields.String()
    mutual = ma.fields.Boolean(metadata={"description": "Both are interested: you are now connected"})
    connection_id = ma.fields.Integer(allow_none=True)
