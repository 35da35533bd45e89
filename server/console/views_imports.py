"""Console pages: upload an attendee list, preview it (dry run) with a column mapping, import, report."""
from __future__ import annotations

import json

from flask import Response, current_app, redirect, render_template, request, url_for

from server import access
from server.console import auth, uploads
from server.console.blueprint import bp
from server.errors import ValidationFailed
from server.imports import service as imports_service
from server.imports.columns import FIELDS


def _column_map(form) -> dict:
    # One <select name="map:<header>"> per header; "" means "ignore this column".
    return {name[4:]: (value or None) for name, value in form.items() if name.startswith("map:")}


@bp.route("/events/<int:event_id>/import", methods=["GET", "POST"])
@auth.signed_in
def import_page(account, event_id):
    caller = access.organizer(account=account, event_id=event_id)
    if request.method == "POST":
        file = request.files.get("file")
        if file is None or not file.filename:
            raise ValidationFailed("file", "Choose a CSV, XLSX or JSON file.")
        limit = current_app.config["RAPPORT_IMPORT_MAX_BYTES"]
        upload = uploads.hold(account=account, event_id=event_id, data=file.stream.read(limit + 1),
                              filename=file.filename)
        dry = uploads.run(account=account, event_id=event_id, upload_id=upload.id, column_map={}, dry_run=True)
        return redirect(url_for("console.preview", event_id=event_id, upload_id=upload.id, check=dry.id), 303)
    event = caller.event
    recent, _ = imports_service.list_imports(caller=caller, limit=200)
    return render_template("console/import.html", account=account, event=event,
                           imports=[i for i in reversed(recent) if not i.dry_run][:10])


@bp.route("/events/<int:event_id>/uploads/<int:upload_id>", methods=["GET", "POST"])
@auth.signed_in
def preview(account, event_id, upload_id):
    caller = access.organizer(account=account, event_id=event_id)
    if request.method == "POST":
        dry = uploads.run(account=account, event_id=event_id, upload_id=upload_id,
                          column_map=_column_map(request.form), dry_run=True)
        return redirect(url_for("console.preview", event_id=event_id, upload_id=upload_id, check=dry.id), 303)
    upload = uploads.held(account=account, event_id=event_id, upload_id=upload_id)
    check = imports_service.get_import(caller=caller,
                                       import_id=request.args.get("check", type=int) or 0)
    headers = list(check.options.get("columns", {})) + list(check.options.get("ignored_columns", []))
    rows, _ = imports_service.row_reports(check, status="error", limit=20)
    event = caller.event
    return render_template("console/preview.html", account=account, event=event, upload=upload, check=check,
                           headers=headers, columns=check.options.get("columns", {}), fields=FIELDS,
                           error_rows=rows, column_map_json=json.dumps(check.options.get("column_map") or {}))


@bp.route("/events/<int:event_id>/uploads/<int:upload_id>/import", methods=["POST"])
@auth.signed_in
def run_import(account, event_id, upload_id):
    column_map = imports_service.parse_column_map(request.form.get("column_map", "")) or {}
    imp = uploads.run(account=account, event_id=event_id, upload_id=upload_id, column_map=column_map,
                      dry_run=False, send_invites=request.form.get("send_invites") == "on")
    return redirect(url_for("console.import_report", event_id=event_id, import_id=imp.id), 303)


@bp.route("/events/<int:event_id>/imports/<int:import_id>")
@auth.signed_in
def import_report(account, event_id, import_id):
    caller = access.organizer(account=account, event_id=event_id)
    imp = imports_service.get_import(caller=caller, import_id=import_id)
    rows, _ = imports_service.row_reports(imp, status="error", limit=50)
    event = caller.event
    return render_template("console/import_report.html", account=account, event=event, imp=imp, error_rows=rows)


@bp.route("/events/<int:event_id>/imports/<int:import_id>/errors.csv")
@auth.signed_in
def import_errors(account, event_id, import_id):
    caller = access.organizer(account=account, event_id=event_id)
    imp = imports_service.get_import(caller=caller, import_id=import_id)
    return Response(uploads.error_report_csv(imp), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="import-{imp.id}-errors.csv"'})
