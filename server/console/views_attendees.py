"""Console pages: the attendee table (search, sort, pages), hide and remove."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for

from server import access
from server.attendees import service as attendees_service
from server.console import auth, table
from server.console.blueprint import bp


@bp.route("/events/<int:event_id>/attendees")
@auth.signed_in
def attendees(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    q, sort = request.args.get("q", ""), request.args.get("sort", "name")
    rows, next_cursor = table.attendee_page(account=account, event_id=event_id, q=q, sort=sort,
                                            cursor=request.args.get("cursor") or None)
    event = caller.event
    return render_template("console/attendees.html", account=account, event=event, rows=rows, q=q, sort=sort,
                           sorts=list(table.SORTS), next_cursor=next_cursor)


@bp.route("/events/<int:event_id>/attendees/<int:attendee_id>/visibility", methods=["POST"])
@auth.signed_in
def attendee_visibility(account, event_id, attendee_id):
    caller = access.organizer(account=account, event_id=event_id)
    attendees_service.update_attendee(caller=caller, attendee_id=attendee_id,
                                      data={"discoverable": request.form.get("discoverable") == "true"})
    return redirect(url_for("console.attendees", event_id=event_id, q=request.form.get("q", "")), 303)


@bp.route("/events/<int:event_id>/attendees/<int:attendee_id>/remove", methods=["POST"])
@auth.signed_in
def remove_attendee(account, event_id, attendee_id):
    caller = access.organizer(account=account, event_id=event_id)
    attendees_service.delete_attendee(caller=caller, attendee_id=attendee_id)
    return redirect(url_for("console.attendees", event_id=event_id), 303)
