"""Console pages: meeting slots (when people may meet) and tables (where), for meeting requests and
speed-networking sessions."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for

from server import access
from server.console import auth, forms
from server.console.blueprint import bp
from server.meetings import schemas, venue


@bp.route("/events/<int:event_id>/meetings", methods=["GET"])
@auth.signed_in
def meetings_page(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    event = caller.event
    return render_template("console/meetings.html", account=account, event=event,
                           slots=venue.list_slots(caller=caller),
                           tables=venue.list_locations(caller=caller))


@bp.route("/events/<int:event_id>/meetings/slots", methods=["POST"])
@auth.signed_in
def add_slot(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    data = forms.load(schemas.SlotInputSchema(), request.form, fields=(), times=("starts_at", "ends_at"),
                      checkboxes=("open_for_meetings",))
    venue.create_slot(caller=caller, data=data)
    return redirect(url_for("console.meetings_page", event_id=event_id), 303)


@bp.route("/events/<int:event_id>/meetings/tables", methods=["POST"])
@auth.signed_in
def add_table(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    data = forms.load(schemas.LocationInputSchema(), request.form, fields=("name", "capacity"), numbers=("capacity",))
    venue.create_location(caller=caller, data=data)
    return redirect(url_for("console.meetings_page", event_id=event_id), 303)


@bp.route("/events/<int:event_id>/meetings/<any(slots, tables):kind>/<int:item_id>/remove", methods=["POST"])
@auth.signed_in
def remove_meeting_item(account, event_id, kind, item_id):
    caller = access.organizer(account=account, event_id=event_id)
    if kind == "slots":
        venue.delete_slot(caller=caller, slot_id=item_id)
    else:
        venue.delete_location(caller=caller, location_id=item_id)
    return redirect(url_for("console.meetings_page", event_id=event_id), 303)
