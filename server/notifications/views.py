"""`/me/notifications`: the caller's feed."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server.auth import current_account
from server.notifications import schemas, service
from server.pagination import link_header

blp = Blueprint("notifications", __name__, url_prefix="/api/v1", description="Notification feed")


@blp.route("/me/notifications")
class Notifications(MethodView):
    @blp.arguments(schemas.FeedArgs, location="query")
    @blp.response(200, schemas.NotificationPageSchema)
    def get(self, args):
        """New intros, accepted intros, mutual matches and scans, page by page"""
        rows, next_cursor = service.feed(account=current_account(), **args)
        return {"items": rows, "next_cursor": next_cursor}, 200, link_header(next_cursor)


@blp.route("/me/notifications/read")
class MarkRead(MethodView):
    @blp.arguments(schemas.MarkReadSchema)
    @blp.response(200, schemas.MarkedSchema)
    def post(self, body):
        """Mark notifications read (all when no ids are given)"""
        return {"marked": service.mark_read(account=current_account(), ids=body.get("ids"))}
