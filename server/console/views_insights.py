"""Console pages: the outcomes dashboard, and the interest vocabulary with merge/split overrides."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for

from server import access
from server.console import auth, charts, dashboard
from server.console.blueprint import bp
from server.matches import overrides


@bp.route("/events/<int:event_id>/dashboard")
@auth.signed_in
def dashboard_page(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    found = dashboard.figures(account=account, event_id=event_id)
    event = caller.event
    return render_template(
        "console/dashboard.html", account=account, event=event, figures=found,
        funnel_chart=charts.bars(found["funnel"], title="From joining to following up"),
        time_chart=charts.line(found["connections_over_time"], title="Connections made, cumulative"),
        interests_chart=charts.bars(found["top_interests"], title="Most common interests (people)"))


@bp.route("/events/<int:event_id>/vocabulary")
@auth.signed_in
def vocabulary(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    report = overrides.vocabulary_report(caller=caller)
    rows = overrides.list_overrides(caller=caller)
    event = caller.event
    return render_template("console/vocabulary.html", account=account, event=event, report=report, overrides=rows)


@bp.route("/events/<int:event_id>/vocabulary/overrides", methods=["POST"])
@auth.signed_in
def add_override(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    overrides.set_override(caller=caller, kind=request.form.get("kind", ""),
                           spelling=request.form.get("spelling", ""), target=request.form.get("target", ""))
    return redirect(url_for("console.vocabulary", event_id=event_id), 303)


@bp.route("/events/<int:event_id>/vocabulary/overrides/<int:override_id>/remove", methods=["POST"])
@auth.signed_in
def remove_override(account, event_id, override_id):
    caller = access.organizer(account=account, event_id=event_id)
    overrides.remove_override(caller=caller, override_id=override_id)
    return redirect(url_for("console.vocabulary", event_id=event_id), 303)
