"""Attendee bodies: what the person edits, what others may see, what organizers see."""
import marshmallow as ma

from server.attendees.models import CONTACT_FIELDS
from server.fields import Trimmed, UTCDateTime, text
from server.pagination import PageArgs, page_schema

MAX_INTERESTS = 30
MAX_INTEREST_LENGTH = 80


def names_something(text: str) -> bool:
    """At least one letter or digit, in any script: "😀", "-" or "!!!" name no interest."""
    return any(char.isalnum() for char in text)


def _names_something(text: str) -> None:
    if not names_something(text):
        raise ma.ValidationError("Needs at least one letter or digit.")


ORG_FIELDS = ("department", "team", "office")


def _org_unit(text: str) -> None:
    # Empty clears the field; anything else must name a unit and fit on one line.
    if text and (not names_something(text) or any(ord(c) < 32 for c in text)):
        raise ma.ValidationError("Needs at least one letter or digit, on one line.")


def org_unit_field(what: str) -> ma.fields.String:
    """Department, team or office as people write it ("Eng", "Engineering dept"); "" clears it."""
    return Trimmed(validate=[ma.validate.Length(max=120), _org_unit],
                   metadata={"description": f"{what}, free text up to 120 characters; \"\" clears it. Other "
                                            "attendees see it only when the event lists it in public_org_fields"})


class ProfileInputSchema(ma.Schema):
    """Fields a person fills in about themselves (all optional on PATCH)."""

    display_name = text(max_length=120, allow_empty=False)
    email = ma.fields.Email(validate=ma.validate.Length(max=254),
                            metadata={"description": "Contact address shown to connections who were granted it"})
    company = text(max_length=120)
    job_title = text(max_length=120)
    industry = text(max_length=120, metadata={"description": "Industry or department"})
    bio = text(max_length=1000)
    department = org_unit_field("Department")
    team = org_unit_field("Team (inside the department)")
    office = org_unit_field("Office or site")
    goals = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=40)),
                           validate=ma.validate.Length(max=20),
                           metadata={"description": "Intent keys from the event's catalogue"})
    interests = ma.fields.List(
        Trimmed(validate=[ma.validate.Length(min=1, max=MAX_INTEREST_LENGTH), _names_something]),
        validate=ma.validate.Length(max=MAX_INTERESTS),
        metadata={"description": f"Free text, up to {MAX_INTERESTS}, each up to {MAX_INTEREST_LENGTH} characters"},
    )
    links = ma.fields.List(ma.fields.URL(schemes={"http", "https"}, validate=ma.validate.Length(max=300)),
                           validate=ma.validate.Length(max=10))
    # Trimmed first: a `$` in the pattern also matches before a final newline, which the column cannot hold.
    phone = Trimmed(validate=ma.validate.Regexp(r"^[+0-9 ()./-]{0,40}$",
                                                         error="Digits, spaces and + ( ) . / - only, up to 40."))
    discoverable = ma.fields.Boolean(metadata={"description": "Listed in the event directory"})
    open_to_matching = ma.fields.Boolean(metadata={"description": "May be suggested to others"})
    shared_fields = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(CONTACT_FIELDS)),
                                   metadata={"description": "Contact fields connections may see"})


class AttendeeCreateSchema(ProfileInputSchema):
    """An organizer adds a person by email; an invitation goes out unless `send_invite` is false."""

    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    send_invite = ma.fields.Boolean(load_default=True)


class AttendeeSchema(ma.Schema):
    """A profile. Contact and setting fields appear only for the person and the organizers."""

    id = ma.fields.Integer()
    event_id = ma.fields.Integer()
    display_name = ma.fields.String()
    company = ma.fields.String()
    job_title = ma.fields.String()
    industry = ma.fields.String()
    bio = ma.fields.String()
    department = ma.fields.String()
    team = ma.fields.String()
    office = ma.fields.String()
    goals = ma.fields.List(ma.fields.String())
    interests = ma.fields.List(ma.fields.String())
    email = ma.fields.String()
    phone = ma.fields.String()
    links = ma.fields.List(ma.fields.String())
    discoverable = ma.fields.Boolean()
    open_to_matching = ma.fields.Boolean()
    shared_fields = ma.fields.List(ma.fields.String())
    status = ma.fields.String(metadata={"description": "invited or joined"})
    account_id = ma.fields.Integer()
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


PUBLIC_FIELDS = ("id", "event_id", "display_name", "company", "job_title", "industry", "bio", "goals", "interests")
# Shown to other attendees per event (public_org_fields); never private, never always public.
PRIVATE_FIELDS = tuple(f for f in AttendeeSchema().fields if f not in PUBLIC_FIELDS + ORG_FIELDS)



class PublicAttendeeSchema(AttendeeSchema):
    """What other attendees may see of a profile: never contact details or settings."""

    class Meta:
        fields = PUBLIC_FIELDS + ORG_FIELDS

    @ma.post_dump(pass_original=True)
    def _org_fields_per_event(self, data, original, **kwargs):
        """Department, team and office stay only where the event shows them (and are set)."""
        shown = _shown_org_fields(original)
        for name in ORG_FIELDS:
            if name not in shown or not data.get(name):
                data.pop(name, None)
        return data


def _shown_org_fields(original) -> tuple[str, ...]:
    # A dict is a card already cut to what the event shows (the suggestion index keeps those).
    if isinstance(original, dict):
        return ORG_FIELDS
    event = getattr(original, "event", None)
    return tuple(event.public_org_fields or ()) if event is not None else ()


AttendeePageSchema = page_schema(AttendeeSchema, "AttendeePage")


class DirectoryArgs(PageArgs):
    q = ma.fields.String(validate=ma.validate.Length(max=100),
                         metadata={"description": "Search in name and company"})
    since = ma.fields.String(validate=ma.validate.Length(min=1, max=500), metadata={
        "description": "`next_since` of an earlier answer: only the entries changed after it, with tombstones"})


class DirectoryTombstoneSchema(ma.Schema):
    id = ma.fields.Integer(metadata={"description": "an attendee to drop: left, hidden or blocked (nothing else)"})


class DirectoryPageSchema(AttendeePageSchema):
    tombstones = ma.fields.List(ma.fields.Nested(DirectoryTombstoneSchema), metadata={"description": "with `since`"})
    next_since = ma.fields.String(metadata={"description": "token for `?since=`: changes after this answer"})
    has_more = ma.fields.Boolean(metadata={"description": "with `since`: call again with next_since at once"})


class JoinSchema(ma.Schema):
    join_code = ma.fields.String(required=True, validate=ma.validate.Length(min=4, max=16))
