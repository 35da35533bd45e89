"""`/events/{id}/intros`: ask to meet someone; they accept, decline, or the sender cancels."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account
from server.intros import schemas, service
from server.pagination import link_header

blp = Blueprint("intros", __name__, url_prefix="/api/v1", description="Intro requests with consent")


@blp.route("/events/<int:event_id>/intros")
class Intros(MethodView):
    @blp.arguments(schemas.IntroListArgs, location="query")
    @blp.response(200, schemas.IntroPageSchema)
    def get(self, args, event_id):
        """The caller's intros: incoming, outgoing or both, optionally by status"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        items, next_cursor = service.list_mine(caller=caller, **args)
        return {"items": items, "next_cursor": next_cursor}, 200, link_header(next_cursor)

    @blp.arguments(schemas.IntroCreateSchema)
    @blp.response(201, schemas.IntroSchema)
    def post(self, body, event_id):
        """Ask to meet someone, with a short personal message"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        intro = service.create(caller=caller, **body)
        return _described(intro, intro.sender_id)


def _described(intro, viewer_id: int) -> dict:
    return service.describe([intro], viewer_id=viewer_id)[0]


@blp.route("/events/<int:event_id>/intros/<int:intro_id>/accept")
class AcceptIntro(MethodView):
    @blp.response(200, schemas.IntroSchema)
    def post(self, event_id, intro_id):
        """Accept an intro: you become connected and see each other's shared contact fields"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        intro = service.accept(caller=caller, intro_id=intro_id)
        return _described(intro, intro.recipient_id)


@blp.route("/events/<int:event_id>/intros/<int:intro_id>/decline")
class DeclineIntro(MethodView):
    @blp.response(200, schemas.IntroSchema)
    def post(self, event_id, intro_id):
        """Decline an intro (the sender is not notified)"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        intro = service.decline(caller=caller, intro_id=intro_id)
        return _described(intro, intro.recipient_id)


@blp.route("/events/<int:event_id>/intros/<int:intro_id>/cancel")
class CancelIntro(MethodView):
    @blp.response(200, schemas.IntroSchema)
    def post(self, event_id, intro_id):
        """Withdraw an intro you sent"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        intro = service.cancel(caller=caller, intro_id=intro_id)
        return _described(intro, intro.sender_id)
