"""Connections, QR badges and scans, and blocks."""
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account
from server.connections import schemas, service
from server.headers import no_store
from server.pagination import PageArgs, link_header

blp = Blueprint("connections", __name__, url_prefix="/api/v1",
                description="Connections, QR contact exchange and blocks")


@blp.route("/events/<int:event_id>/connections")
class Connections(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.ConnectionPageSchema)
    @no_store
    def get(self, args, event_id):
        """The caller's connections in this event, with the contact fields each shares"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        items, next_cursor = service.list_connections(caller=caller, **args)
        return {"items": items, "next_cursor": next_cursor}, 200, link_header(next_cursor)


@blp.route("/events/<int:event_id>/connections/scan")
class Scan(MethodView):
    @blp.arguments(schemas.ScanSchema)
    @blp.response(201, schemas.ConnectionSchema)
    @blp.alt_response(200, schema=schemas.ConnectionSchema, description="Already connected")
    @no_store
    def post(self, body, event_id):
        """Connect by scanning someone's QR badge (scanning twice keeps one connection)"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        described, created = service.scan(caller=caller, **body)
        return described, 201 if created else 200


@blp.route("/events/<int:event_id>/attendees/me/qr")
class MyQr(MethodView):
    @blp.arguments(schemas.QrArgs, location="query")
    @blp.response(200, schemas.QrSchema, content_type="application/json")
    @blp.doc(responses={200: {"description": "JSON, or `format=svg`: image/svg+xml; `format=png`: image/png",
                              "content": {"image/svg+xml": {"schema": {"type": "string"}},
                                          "image/png": {"schema": {"type": "string", "format": "binary"}}}}})
    def get(self, args, event_id):
        """The caller's QR badge: a fresh signed token, as JSON with inline SVG, or as an image"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return _badge(*service.qr_token(caller=caller), kind=args["format"])


@blp.route("/events/<int:event_id>/attendees/me/qr/rotate")
class MyQrRotation(MethodView):
    @blp.response(200, schemas.QrSchema)
    def post(self, event_id):
        """A new QR badge: every code of yours shown or printed before stops working (a lost badge)"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return _badge(*service.rotate_qr(caller=caller), kind="json")


def _badge(token: str, expires_at, *, kind: str):
    if kind == "json":
        return {"token": token, "expires_at": expires_at, "svg": service.render_qr(token, kind="svg").decode()}
    mimetype = "image/svg+xml" if kind == "svg" else "image/png"
    response = Response(service.render_qr(token, kind=kind), mimetype=mimetype)
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/events/<int:event_id>/blocks")
class Blocks(MethodView):
    @blp.response(200, schemas.BlockListSchema)
    def get(self, event_id):
        """People of this event the caller has blocked"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        return {"items": service.my_blocks(caller=caller)}

    @blp.arguments(schemas.BlockSchema)
    @blp.response(201, schemas.BlockListSchema)
    def post(self, body, event_id):
        """Block someone: neither sees, suggests, asks or scans the other; a connection ends"""
        account = current_account()
        caller = access.attendee(account=account, event_id=event_id)
        service.block(caller=caller, **body)
        return {"items": service.my_blocks(caller=caller)}

    @blp.arguments(schemas.BlockSchema)
    @blp.response(204)
    def delete(self, body, event_id):
        """Unblock someone (body names them)"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        service.unblock(caller=caller, **body)


@blp.route("/events/<int:event_id>/blocks/<int:attendee_id>")
class BlockDetail(MethodView):
    @blp.response(204)
    def delete(self, event_id, attendee_id):
        """Unblock someone"""
        caller = access.attendee(account=current_account(), event_id=event_id)
        service.unblock(caller=caller, attendee_id=attendee_id)
