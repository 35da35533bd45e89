"""`/me/conversations`, `/me/inbox`: messaging between connected attendees (private to the two people)."""
from flask import g, request
from flask.views import MethodView
from flask_smorest import Blueprint

from server.api import documented_only
from server.auth import INVALID_TOKEN, bearer_token, current_account
from server.errors import Unauthorized
from server.headers import no_store
from server.messages import listing, moderation, schemas, sending, service
from server.pagination import PageArgs, link_header

blp = Blueprint("messages", __name__, url_prefix="/api/v1", description="Messaging between connected attendees")


@blp.route("/me/conversations")
class Conversations(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.ConversationPageSchema)
    @no_store
    def get(self, args):
        """Your conversations, newest activity first, with the other person, a preview and unread counts"""
        items, next_cursor = listing.conversations(account=current_account(), **args)
        return {"items": items, "next_cursor": next_cursor}, 200, link_header(next_cursor)

    @blp.arguments(schemas.OpenConversationSchema)
    @blp.response(201, schemas.ConversationSchema)
    @blp.alt_response(200, schema=schemas.ConversationSchema, description="The conversation already existed")
    @no_store
    def post(self, body):
        """Open the conversation with a connection (one per pair of people, across events)"""
        account = current_account()
        conversation, created = service.open_conversation(account=account, **body)
        return listing.one(account=account, conversation_id=conversation.id), 201 if created else 200


@blp.route("/me/conversations/<int:conversation_id>")
class OneConversation(MethodView):
    @blp.response(200, schemas.ConversationSchema)
    @no_store
    def get(self, conversation_id):
        """One conversation"""
        return listing.one(account=current_account(), conversation_id=conversation_id)


@blp.route("/me/conversations/<int:conversation_id>/messages")
class Messages(MethodView):
    @blp.arguments(schemas.MessageArgs, location="query")
    @blp.response(200, schemas.MessagePageSchema)
    @no_store
    def get(self, args, conversation_id):
        """A page of messages, oldest first: the newest page, or `before`/`after` a message id"""
        account = current_account()
        found = service.page(account=account, conversation_id=conversation_id, **args)
        return {**found, "items": service.as_items(found["items"], account_id=account.id)}

    @documented_only(blp.arguments(schemas.SendSchema), blp.response(201, schemas.MessageSchema),
                     blp.alt_response(200, schema=schemas.MessageSchema, description="Sent before with this client_id"))
    @no_store
    def post(self, conversation_id):
        """Send a plain-text message (a retry with the same client_id never sends twice)"""
        body = schemas.plainly_valid_send(request.get_json(silent=True)) or blp.ARGUMENTS_PARSER.parse(
            schemas.SendSchema, location="json")
        token = bearer_token()
        # The token is checked by the send's own statement; a missing or refused one gets the 401 every
        # endpoint answers (the one extra query is on that path only).
        sent = token and sending.send(access_token=token, conversation_id=conversation_id, **body)
        if not sent:
            current_account()
            raise Unauthorized(INVALID_TOKEN)  # not reached: a refused token stays refused
        message, created = sent
        g.account_id = message.sender_account_id  # for the request log, as the sign-in would have noted it
        return schemas.message_answer(message, from_me=True), 201 if created else 200


@blp.route("/me/conversations/<int:conversation_id>/read")
class Read(MethodView):
    @blp.arguments(schemas.ReadSchema)
    @blp.response(200, schemas.ReadStateSchema)
    def post(self, body, conversation_id):
        """Mark the conversation read up to a message (read receipts never move back)"""
        return service.mark_read(account=current_account(), conversation_id=conversation_id, **body)


@blp.route("/me/inbox")
class Inbox(MethodView):
    @blp.arguments(schemas.InboxArgs, location="query")
    @blp.response(200, schemas.InboxSchema)
    @no_store
    def get(self, args):
        """Messages after a cursor; when there are none yet, waits up to `wait` seconds for one"""
        account = current_account()
        found = listing.inbox(account=account, **args)
        return {**found, "items": service.as_items(found["items"], account_id=account.id)}


@blp.route("/me/messages/<int:message_id>/report")
class Report(MethodView):
    @blp.arguments(schemas.ReportInputSchema)
    @blp.response(201, schemas.MyReportSchema)
    @blp.alt_response(200, schema=schemas.MyReportSchema, description="Reported before")
    def post(self, body, message_id):
        """Report a message to the organizers of the event where you met (they see it and its sender only)"""
        row, created = moderation.report(account=current_account(), message_id=message_id, **body)
        return row, 201 if created else 200
