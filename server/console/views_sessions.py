"""Console pages: speed-networking sessions (create, preview, publish, re-plan) and printable seating."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for

from server import access
from server.console import auth, forms
from server.console.blueprint import bp
from server.meetings import venue
from server.sessions import plans
from server.sessions import schemas
from server.sessions import service as sessions

_SESSION_FIELDS = ("name", "rounds", "minutes_per_round", "group_size", "participants", "table_count")


def _sitting_out(session, rounds: list[dict]) -> list[int]:
    """Per round, how many participants have no seat (odd numbers, more people than tables)."""
    taking_part = len(sessions.participant_ids(session))
    return [taking_part - sum(len(t["attendees"]) for t in rnd["tables"]) for rnd in rounds]


@bp.route("/events/<int:event_id>/sessions", methods=["GET", "POST"])
@auth.signed_in
def sessions_page(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    if request.method == "POST":
        data = forms.load(schemas.SessionInputSchema(), request.form, fields=_SESSION_FIELDS, times=("starts_at",),
                          numbers=("rounds", "minutes_per_round", "group_size", "table_count"))
        session = sessions.create(caller=caller, data=data)
        return redirect(url_for("console.session_page", event_id=event_id, session_id=session.id), 303)
    event = caller.event
    found = sessions.list_sessions(caller=caller)
    return render_template("console/sessions.html", account=account, event=event, sessions=[s for s, _ in found])


@bp.route("/events/<int:event_id>/sessions/<int:session_id>")
@auth.signed_in
def session_page(account, event_id, session_id):
    caller = access.organizer(account=account, event_id=event_id)
    plan = sessions.preview(caller=caller, session_id=session_id)
    event = caller.event
    return render_template("console/session.html", account=account, event=event, session=plan["session"],
                           rounds=plan["rounds"], sitting_out=_sitting_out(plan["session"], plan["rounds"]))


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/publish", methods=["POST"])
@auth.signed_in
def publish_session(account, event_id, session_id):
    caller = access.organizer(account=account, event_id=event_id)
    sessions.publish(caller=caller, session_id=session_id)
    return redirect(url_for("console.session_page", event_id=event_id, session_id=session_id), 303)


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/replan", methods=["POST"])
@auth.signed_in
def replan_session(account, event_id, session_id):
    caller = access.organizer(account=account, event_id=event_id)
    played = request.form.get("played_rounds", "")
    sessions.replan(caller=caller, session_id=session_id,
                    played_rounds=int(played) if played.isdigit() else None)
    return redirect(url_for("console.session_page", event_id=event_id, session_id=session_id), 303)


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/seating")
@auth.signed_in
def seating_page(account, event_id, session_id):
    caller = access.organizer(account=account, event_id=event_id)
    plan = plans.seating_plan(caller=caller, session_id=session_id)
    event = caller.event
    return render_template("console/seating.html", account=account, event=event, session=plan["session"],
                           rounds=plan["rounds"])


@bp.route("/events/<int:event_id>/attendees/<int:attendee_id>/check-in", methods=["POST"])
@auth.signed_in
def check_in(account, event_id, attendee_id):
    caller = access.organizer(account=account, event_id=event_id)
    if request.form.get("undo") == "true":
        venue.undo_check_in(caller=caller, attendee_id=attendee_id)
    else:
        venue.check_in(caller=caller, attendee_id=attendee_id)
    return redirect(url_for("console.attendees", event_id=event_id, q=request.form.get("q", "")), 303)
