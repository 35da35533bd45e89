"""Bodies of the export, erase and audit-log endpoints."""
import marshmallow as ma

from server.fields import UTCDateTime
from server.pagination import page_schema

_SECTIONS = ("profiles", "organizer_roles", "connections", "notes", "followups", "next_steps",
             "connection_feedback", "reminders_sent", "intros", "meetings", "suggestion_feedback", "check_ins",
             "busy_slots", "session_opt_ins", "session_seats", "blocks", "conversations", "message_reports",
             "messaging_suspensions", "notifications", "devices", "push_settings")


class _Archive(ma.Schema):
    format_version = ma.fields.Integer()
    exported_at = ma.fields.String(metadata={"description": "UTC, ISO 8601"})
    account = ma.fields.Dict(metadata={"description": "The account: email, name, dates"})


ArchiveSchema = _Archive.from_dict(
    {name: ma.fields.List(ma.fields.Dict(), metadata={"description": f"Every row of your {name.replace('_', ' ')}"})
     for name in _SECTIONS}, name="Archive")
ArchiveSchema.__doc__ = "Everything stored about you; other people only as you already see them."


class ActorSchema(ma.Schema):
    account_id = ma.fields.Integer()
    name = ma.fields.String()
    email = ma.fields.String()


class AuditRecordSchema(ma.Schema):
    id = ma.fields.Integer()
    action = ma.fields.String(metadata={"description": "attendees.export"})
    actor = ma.fields.Nested(ActorSchema, allow_none=True,
                             metadata={"description": "Who read; null once their account is erased"})
    detail = ma.fields.Dict(metadata={"description": "e.g. {\"format\": \"csv\"}"})
    created_at = UTCDateTime()


AuditPageSchema = page_schema(AuditRecordSchema, "AuditPage")
