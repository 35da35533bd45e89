"""Organizer outcome bodies: aggregates only."""
import marshmallow as ma

from server.attendees.schemas import PublicAttendeeSchema
from server.connections.models import ORIGINS


def _shape(name: str, fields: dict[str, ma.fields.Field]) -> ma.fields.Nested:
    return ma.fields.Nested(ma.Schema.from_dict(fields, name=name))


def _share(description: str) -> ma.fields.Float:
    return ma.fields.Float(allow_none=True, metadata={"description": f"{description}; null when there is no one"})


Int = ma.fields.Integer


class AnalyticsArgs(ma.Schema):
    format = ma.fields.String(load_default="json", validate=ma.validate.OneOf(("json", "csv")),
                              metadata={"description": "json, or csv (metric,value rows)"})


class InterestCountSchema(ma.Schema):
    label = ma.fields.String(metadata={"description": "Canonical label (spellings merged by matching)"})
    count = Int(metadata={"description": "People who listed it"})


class EventAnalyticsSchema(ma.Schema):
    event_id = Int()
    registrations = _shape("Registrations", {"total": Int(), "joined": Int(), "invited": Int()})
    profile_completion = _shape("ProfileCompletion", {
        "complete": Int(metadata={"description": "Goals, >= 3 interests, and a company or job title"}),
        "share": _share("complete / registrations")})
    good_suggestions = _shape("GoodSuggestions", {
        "threshold": ma.fields.Float(metadata={"description": "Minimum pair score of a good suggestion"}),
        "wanted": Int(), "attendees": Int(metadata={"description": "Attendees with at least `wanted` of them"}),
        "share": _share("attendees / registrations")})
    intros = _shape("IntroOutcomes", {k: Int() for k in ("sent", "accepted", "declined", "pending", "cancelled")})
    mutual_matches = Int(metadata={"description": "Pairs connected by mutual interest at this event"})
    connections = _shape("EventConnections", {
        "total": Int(), "by_origin": _shape("EventConnectionsByOrigin", {o: Int() for o in ORIGINS})})
    followup_rate = _shape("FollowUpRate", {
        "window_days": Int(), "connections": Int(), "followed_up": Int(), "rate": _share("followed_up / connections")})
    messaging = _shape("EventMessaging", {
        "conversations": Int(metadata={"description": "Conversations between people who met at this event"}),
        "messages": Int(metadata={"description": "Messages in them (counts only, never content)"})})
    ratings = _shape("Ratings", {"count": Int(), "average": ma.fields.Float(allow_none=True)})
    no_shows = _shape("NoShowCounts", {"reported_by_attendees": Int(), "meetings": Int(), "total": Int()})
    top_interests = ma.fields.List(ma.fields.Nested(InterestCountSchema))


class NoShowSchema(ma.Schema):
    attendee = ma.fields.Nested(PublicAttendeeSchema)
    reported_no_shows = Int(metadata={"description": "Connections who said this person did not show up"})
    missed_meetings = Int(metadata={"description": "Meetings this person was marked a no-show of"})
    total = Int()


class NoShowListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NoShowSchema), required=True)
