"""`/events/{id}/imports` (attendee lists in) and `/events/{id}/attendees.csv|.xlsx` (out), for organizers."""
import marshmallow as ma
from flask import current_app, request, stream_with_context, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access, csv_export
from server.api import ProblemSchema
from server.auth import current_account
from server.errors import PROBLEM_MIME, ValidationFailed, flatten_messages
from server.imports import export, schemas, service
from server.imports.columns import check_column_map
from server.pagination import PageArgs, link_header

blp = Blueprint("imports", __name__, url_prefix="/api/v1", description="Attendee import and export (organizers)")
_MULTIPART_SLACK = 1024 * 1024  # form boundaries and fields around the file

_UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary",
                             "description": "CSV (, ; tab or | separated; UTF-8, UTF-16 or Windows-1252) or XLSX"},
                    "dry_run": {"type": "boolean"}, "send_invites": {"type": "boolean"},
                    "column_map": {"type": "string", "description": "JSON object header -> field"},
                    "sheet": {"type": "string"},
                }}},
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    }
}


def _options() -> dict:
    raw = {**request.args.to_dict(), **(request.form.to_dict() if not request.is_json else {})}
    raw.pop("file", None)
    try:
        options = schemas.ImportOptionsSchema().load(raw, unknown=ma.EXCLUDE)
    except ma.ValidationError as error:
        raise ValidationFailed(errors=flatten_messages(error.messages), detail="Invalid import options.") from None
    if "column_map" in options:
        options["column_map"] = check_column_map(service.parse_column_map(options["column_map"]))
    return options


def _upload() -> service.Upload:
    limit = current_app.config["RAPPORT_IMPORT_MAX_BYTES"]
    if (request.content_length or 0) > limit + _MULTIPART_SLACK:
        raise service.file_too_large(limit)
    request.max_content_length = limit + _MULTIPART_SLACK  # also bounds chunked uploads
    if request.is_json:
        return service.Upload(request.get_data(), "", is_json=True)
    if request.mimetype != "multipart/form-data" or "file" not in request.files:
        raise ValidationFailed("file", "Upload the list as multipart/form-data with a `file` field "
                                       "(CSV or XLSX), or send a JSON array.")
    upload = request.files["file"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise service.file_too_large(limit)
    return service.Upload(data, upload.filename or "")


@blp.route("/events/<int:event_id>/imports")
class Imports(MethodView):
    @blp.doc(**_UPLOAD_DOC)
    @blp.arguments(schemas.ImportOptionsSchema, location="query", as_kwargs=True)
    @blp.response(201, schemas.ImportReportSchema, description="Small file: imported (or checked), with the report")
    @blp.alt_response(202, schema=schemas.ImportSchema, description="Big file: runs in the background; poll Location")
    @blp.alt_response(413, schema=ProblemSchema, content_type=PROBLEM_MIME,
                      description="File, row count or XLSX expansion beyond a RAPPORT_IMPORT_* limit (named in "
                                  "`errors.file`)")
    @blp.alt_response(422, schema=schemas.ImportProblemSchema, content_type=PROBLEM_MIME,
                      description="Invalid options or an unreadable file (`errors` names the field)")
    def post(self, event_id, **_query):
        """Import attendees from a CSV/XLSX upload or a JSON array; upserts by external ID, else email"""
        account = current_account()
        caller = access.organizer(account=account, event_id=event_id)  # before reading the upload
        upload = _upload()
        imp, finished = service.start_import(caller=caller, upload=upload, **_options())
        location = url_for("imports.ImportDetail", event_id=event_id, import_id=imp.id)
        if finished:
            imp.rows = service.row_reports(imp)[0]  # dumped by ImportReportSchema
            return imp, 201, {"Location": location}
        return imp, 202, {"Location": location}

    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.ImportPageSchema)
    def get(self, args, event_id):
        """The event's imports, oldest first"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        rows, next_cursor = service.list_imports(caller=caller, **args)
        return {"items": rows, "next_cursor": next_cursor}, 200, link_header(next_cursor)


@blp.route("/events/<int:event_id>/imports/<int:import_id>")
class ImportDetail(MethodView):
    @blp.response(200, schemas.ImportSchema)
    def get(self, event_id, import_id):
        """One import: status (a stalled one shows as failed), progress, counts and the first errors"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return service.get_import(caller=caller, import_id=import_id)


@blp.route("/events/<int:event_id>/imports/<int:import_id>/rows")
class ImportRows(MethodView):
    @blp.arguments(schemas.ImportRowArgs, location="query")
    @blp.response(200, schemas.ImportRowPageSchema)
    def get(self, args, event_id, import_id):
        """Every row's outcome with its errors, page by page (`status=error` for the failures)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        items, next_cursor = service.import_rows(caller=caller,
                                                 import_id=import_id, **args)
        return {"items": items, "next_cursor": next_cursor}, 200, link_header(next_cursor)


@blp.route("/events/<int:event_id>/attendees.csv")
class ExportCsv(MethodView):
    @blp.response(200, content_type="text/csv", description="UTF-8 CSV with BOM, streamed")
    def get(self, event_id):
        """Every attendee as CSV, in the importer's columns (formula-safe)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        chunks = export.csv_chunks(caller=caller)
        return csv_export.response(stream_with_context(chunks), filename=f"event-{event_id}-attendees.csv",
                                   personal=True)


@blp.route("/events/<int:event_id>/attendees.xlsx")
class ExportXlsx(MethodView):
    @blp.response(200, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    def get(self, event_id):
        """Every attendee as an XLSX workbook, in the importer's columns (formula-safe)"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        data = export.xlsx_bytes(caller=caller)
        return csv_export.response(data, filename=f"event-{event_id}-attendees.xlsx", personal=True,
                                   mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
