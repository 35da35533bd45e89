"""Console pages: sign in and out, events (list, create, edit), join code, co-organizers, invitations."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from server import access
from server.accounts import service as accounts_service
from server.attendees import schemas as attendee_schemas
from server.attendees import service as attendees_service
from server.console import auth, forms
from server.console.blueprint import bp
from server.errors import Unauthorized
from server.events import schemas as event_schemas
from server.events import service as events_service
from server.extensions import limiter

_EVENT_FIELDS = ("name", "description", "timezone", "venue")


def _safe_next(target: str | None) -> str:
    # Only paths inside the console: a crafted ?next= must not send a fresh sign-in elsewhere.
    if target and target.startswith("/console/") and not target.startswith("//"):
        return target
    return url_for("console.events")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RAPPORT_AUTH_RATE_LIMIT"], methods=["POST"])  # password guessing
def sign_in():
    if request.method == "GET":
        return render_template("console/sign_in.html", next=request.args.get("next", ""))
    email, password = request.form.get("email", ""), request.form.get("password", "")
    try:
        tokens = accounts_service.login(email=email[:254], password=password[:1024])
    except Unauthorized:
        return render_template("console/sign_in.html", error="Wrong email or password.", email=email,
                               next=request.form.get("next", "")), 401
    auth.start_session(tokens.access_token)
    if auth.organizer() is None:  # an attendee account: the console is for organizers only
        auth.end_session()
        return render_template("console/sign_in.html", error="The console is for organizer accounts.",
                               email=email), 403
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    auth.end_session()
    return redirect(url_for("console.sign_in"))


@bp.route("/")
@auth.signed_in
def events(account):
    organized, _ = events_service.organized_events(account=account, limit=200)
    return render_template("console/events.html", account=account, memberships=organized)


@bp.route("/events/new", methods=["GET", "POST"])
@auth.signed_in
def new_event(account):
    if request.method == "GET":
        return render_template("console/event_form.html", account=account, event=None)
    data = forms.load(event_schemas.EventInputSchema(), request.form, fields=_EVENT_FIELDS,
                      times=("starts_at", "ends_at"))
    event = events_service.create_event(account=account, data=data)
    return redirect(url_for("console.event", event_id=event.id), 303)


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
@auth.signed_in
def event(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    if request.method == "POST":
        data = forms.load(event_schemas.EventInputSchema(), request.form, fields=_EVENT_FIELDS,
                          times=("starts_at", "ends_at"))
        events_service.update_event(caller=caller, data=data)
        return redirect(url_for("console.event", event_id=event_id), 303)
    membership = caller
    organizers = events_service.list_organizers(caller=caller)
    return render_template("console/event.html", account=account, event=membership.event, role=membership.role,
                           organizers=organizers)


@bp.route("/events/<int:event_id>/join-code", methods=["POST"])
@auth.signed_in
def join_code(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    events_service.regenerate_join_code(caller=caller)
    return redirect(url_for("console.event", event_id=event_id), 303)


@bp.route("/events/<int:event_id>/organizers", methods=["POST"])
@auth.signed_in
def add_organizer(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    body = forms.load(event_schemas.OrganizerInputSchema(), request.form, fields=("email",))
    events_service.add_organizer(caller=caller, email=body["email"])
    return redirect(url_for("console.event", event_id=event_id), 303)


@bp.route("/events/<int:event_id>/organizers/<int:organizer_id>/remove", methods=["POST"])
@auth.signed_in
def remove_organizer(account, event_id, organizer_id):
    caller = access.organizer(account=account, event_id=event_id)
    events_service.remove_organizer(caller=caller, account_id=organizer_id)
    return redirect(url_for("console.event", event_id=event_id), 303)


@bp.route("/events/<int:event_id>/invitations", methods=["POST"])
@auth.signed_in
def invite(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    data = forms.load(attendee_schemas.AttendeeCreateSchema(), request.form, fields=("email", "display_name"))
    attendees_service.add_attendee(caller=caller, data=data)
    return redirect(url_for("console.attendees", event_id=event_id), 303)
