"""`/me/sync`: everything that changed for the caller since the last call."""
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from server.auth import current_account
from server.sync import schemas, service

blp = Blueprint("sync", __name__, url_prefix="/api/v1", description="Delta sync for the app")


@blp.route("/me/sync")
class Sync(MethodView):
    @blp.arguments(schemas.SyncArgs, location="query")
    @blp.response(200, schemas.SyncPageSchema)
    @blp.alt_response(410, description="The token is older than the changes kept: sync again without `since`")
    def get(self, args):
        """Changes since `since` (a full snapshot without it), with tombstones; paged by `has_more`"""
        # The service answers JSON text assembled from the feed's stored bodies (documented by the schema).
        return current_app.response_class(service.sync(account=current_account(), **args), mimetype="application/json")
