"""`/me/export`, `DELETE /me` and `/events/{id}/audit-log`."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account
from server.pagination import PageArgs, link_header
from server.privacy import audit, erase, export, schemas

blp = Blueprint("privacy", __name__, url_prefix="/api/v1",
                description="Your data: export and erasure; organizers' audit log")


@blp.route("/me/export")
class Export(MethodView):
    @blp.response(200, schemas.ArchiveSchema)
    def get(self):
        """Everything stored about you, as one JSON archive (GDPR Art. 15 and 20)"""
        data = export.archive(account=current_account())
        return data, 200, {"Cache-Control": "no-store",
                           "Content-Disposition": 'attachment; filename="rapport-export.json"'}


@blp.route("/me")
class EraseMe(MethodView):
    @blp.response(204)
    def delete(self):
        """Erase your account: profiles, notes, follow-ups, tokens; connections see "A deleted attendee" """
        erase.erase_account(account=current_account())


@blp.route("/events/<int:event_id>/audit-log")
class AuditLog(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.AuditPageSchema)
    def get(self, args, event_id):
        """Who read the attendee list (CSV/XLSX exports), oldest first (organizers)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        items, next_cursor = audit.list_records(caller=caller, **args)
        return {"items": items, "next_cursor": next_cursor}, 200, link_header(next_cursor)
