"""Conversation, message, inbox and moderation bodies."""
import re

import marshmallow as ma

from server.attendees.schemas import PublicAttendeeSchema
from server.fields import Id, UTCDateTime
from server.inputs import MAX_ID
from server.messages.models import REPORT_STATUSES
from server.pagination import PageArgs, page_schema

TEXT_MAX = 2000
# Line breaks and tabs are text; other control characters are not (NUL is refused before this).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain_text(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Write something: the text is empty.")
    if _CONTROL.search(value):
        raise ma.ValidationError("Contains control characters.")


class OpenConversationSchema(ma.Schema):
    connection_id = Id(required=True, metadata={"description": "A connection of yours (GET /events/{id}/connections)"})


class LastMessageSchema(ma.Schema):
    id = ma.fields.Integer()
    preview = ma.fields.String(metadata={"description": "The first 120 characters, plain text"})
    mine = ma.fields.Boolean()
    created_at = UTCDateTime()


class ConversationSchema(ma.Schema):
    id = ma.fields.Integer()
    event_id = ma.fields.Integer(allow_none=True, metadata={"description": "Where the two met"})
    attendee = ma.fields.Nested(PublicAttendeeSchema, metadata={"description": "The other person"})
    last_message = ma.fields.Nested(LastMessageSchema, allow_none=True)
    unread = ma.fields.Integer()
    last_read_message_id = ma.fields.Integer()
    created_at = UTCDateTime()
    last_activity_at = UTCDateTime()


ConversationPageSchema = page_schema(ConversationSchema, "ConversationPage")


class SendSchema(ma.Schema):
    text = ma.fields.String(required=True, validate=[ma.validate.Length(min=1, max=TEXT_MAX), _plain_text],
                            metadata={"description": "Plain text, 1-2,000 characters; never rendered as HTML"})
    client_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64), metadata={
        "description": "Chosen by the app per message: sending again with it returns the first message"})


def plainly_valid_send(data) -> dict | None:
    """The body as SendSchema loads it when it is plainly valid, else None: the schema then answers it
    (the send's hot path skips marshmallow only for bodies it would accept unchanged)."""
    if type(data) is not dict or len(data) != 2:
        return None
    text, client_id = data.get("text"), data.get("client_id")
    if (type(text) is not str or type(client_id) is not str or not 0 < len(text) <= TEXT_MAX
            or not 0 < len(client_id) <= 64 or not text.strip() or _CONTROL.search(text)):
        return None
    return {"text": text, "client_id": client_id}


class MessageSchema(ma.Schema):
    id = ma.fields.Integer(attribute="message.id")
    conversation_id = ma.fields.Integer(attribute="message.conversation_id")
    text = ma.fields.String(attribute="message.body")
    client_id = ma.fields.String(attribute="message.client_id")
    from_me = ma.fields.Boolean()
    created_at = UTCDateTime(attribute="message.created_at")


_CREATED_AT = UTCDateTime()


def message_answer(message, *, from_me: bool) -> dict:
    """MessageSchema's dump of one message, written directly (the send's hot path)."""
    return {"id": message.id, "conversation_id": message.conversation_id, "text": message.body,
            "client_id": message.client_id, "from_me": from_me,
            "created_at": _CREATED_AT.serialize("created_at", message)}


class MessageArgs(ma.Schema):
    before = ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_ID),
                               metadata={"description": "Only messages older than this message id"})
    after = ma.fields.Integer(validate=ma.validate.Range(min=0, max=MAX_ID),
                              metadata={"description": "Only messages newer than this message id (oldest first)"})
    limit = ma.fields.Integer(validate=ma.validate.Range(min=1, max=200))


class MessagePageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(MessageSchema), required=True,
                           metadata={"description": "Oldest first"})
    has_more = ma.fields.Boolean(metadata={"description": "More in the direction asked for"})


class ReadSchema(ma.Schema):
    message_id = Id(required=True, metadata={"description": "Everything up to this message is read"})


class ReadStateSchema(ma.Schema):
    conversation_id = ma.fields.Integer()
    last_read_message_id = ma.fields.Integer()
    unread = ma.fields.Integer()


class InboxArgs(ma.Schema):
    after = ma.fields.String(validate=ma.validate.Length(max=200), metadata={
        "description": "The cursor of the previous answer; omit to get the current one at once"})
    wait = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0, max=25),
                             metadata={"description": "Seconds to hold the request when nothing is newer (0-25)"})


class InboxSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(MessageSchema), required=True)
    cursor = ma.fields.String(required=True, metadata={"description": "Pass as `after` next time"})


class ReportInputSchema(ma.Schema):
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))


class ReportedMessageSchema(ma.Schema):
    id = ma.fields.Integer()
    text = ma.fields.String()
    created_at = UTCDateTime()


class ReportSchema(ma.Schema):
    id = ma.fields.Integer()
    status = ma.fields.String(metadata={"description": " | ".join(REPORT_STATUSES)})
    reason = ma.fields.String()
    created_at = UTCDateTime()
    resolved_at = UTCDateTime(allow_none=True)
    message = ma.fields.Nested(ReportedMessageSchema)
    sender = ma.fields.Nested(PublicAttendeeSchema)


class MyReportSchema(ma.Schema):
    id = ma.fields.Integer()
    message_id = ma.fields.Integer()
    status = ma.fields.String()
    created_at = UTCDateTime()


ReportPageSchema = page_schema(ReportSchema, "MessageReportPage")


class ReportArgs(PageArgs):
    status = ma.fields.String(validate=ma.validate.OneOf(REPORT_STATUSES))


class ResolveSchema(ma.Schema):
    outcome = ma.fields.String(required=True, validate=ma.validate.OneOf(("dismissed", "suspended")))


class SuspendSchema(ma.Schema):
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))


class SuspensionSchema(ma.Schema):
    event_id = ma.fields.Integer()
    reason = ma.fields.String()
    created_at = UTCDateTime()
