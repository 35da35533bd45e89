"""Import options, the import resource with its report, and the per-row report pages."""
import marshmallow as ma

from server.api import ProblemSchema
from server.fields import UTCDateTime
from server.imports.models import STATUSES
from server.pagination import PageArgs, page_schema

ROW_STATUSES = ("created", "updated", "unchanged", "error")


class ImportOptionsSchema(ma.Schema):
    """Options, as query parameters or as fields of the multipart form."""

    dry_run = ma.fields.Boolean(load_default=False, metadata={"description": "Report only; write nothing"})
    send_invites = ma.fields.Boolean(load_default=False, metadata={"description": "Mail new attendees an invitation"})
    column_map = ma.fields.String(
        validate=ma.validate.Length(max=10000),
        metadata={"description": 'JSON object header -> field, e.g. {"Mail": "email", "Notes": null}; '
                                 "wins over the automatic header mapping"})
    sheet = ma.fields.String(validate=ma.validate.Length(min=1, max=120),
                             metadata={"description": "XLSX: sheet name or 1-based number (default: the first "
                                                      "sheet whose header has an email or ID column)"})


class ImportErrorSchema(ma.Schema):
    row = ma.fields.Integer(metadata={"description": "Spreadsheet row (the header is row 1); JSON: item number"})
    column = ma.fields.String(metadata={"description": "The file's header of the column at fault"})
    message = ma.fields.String()


class ImportCellErrorSchema(ma.Schema):
    column = ma.fields.String()
    message = ma.fields.String()


class ImportRowSchema(ma.Schema):
    row = ma.fields.Integer()
    status = ma.fields.String(metadata={"description": " | ".join(ROW_STATUSES)})
    errors = ma.fields.List(ma.fields.Nested(ImportCellErrorSchema))


class ProgressSchema(ma.Schema):
    rows_done = ma.fields.Integer()
    rows_total = ma.fields.Integer(metadata={"description": "Data rows after the header, blank ones included"})


class CountsSchema(ma.Schema):
    created = ma.fields.Integer()
    updated = ma.fields.Integer()
    unchanged = ma.fields.Integer()
    error = ma.fields.Integer()


class ImportSchema(ma.Schema):
    """An import and its report so far. `errors` holds the first errors; `errors_total` counts them all."""

    warnings = ma.fields.List(ma.fields.String(), attribute="options.warnings", dump_default=[], metadata={
        "description": "Read these first: the file's header may not mean what it seems (a header name split "
                       "by the separator, rows of another width, ignored columns that look like pieces of one)"})
    id = ma.fields.Integer()
    event_id = ma.fields.Integer()
    status = ma.fields.String(metadata={"description": " | ".join(STATUSES)})
    dry_run = ma.fields.Boolean()
    send_invites = ma.fields.Boolean()
    format = ma.fields.String(metadata={"description": "csv | xlsx | json"})
    filename = ma.fields.String()
    sheet = ma.fields.String(allow_none=True, metadata={"description": "XLSX: the sheet that was read"})
    columns = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), attribute="options.columns",
                             metadata={"description": "Header -> profile field, as mapped"})
    ignored_columns = ma.fields.List(ma.fields.String(), attribute="options.ignored_columns",
                                     metadata={"description": "Headers that map to no field"})
    progress = ma.fields.Nested(ProgressSchema)
    counts = ma.fields.Nested(CountsSchema, metadata={"description": "Rows per outcome (blank rows not counted)"})
    errors = ma.fields.List(ma.fields.Nested(ImportErrorSchema))
    errors_total = ma.fields.Integer()
    failure = ma.fields.String(allow_none=True, metadata={"description": "Why a failed import stopped"})
    created_at = UTCDateTime()
    started_at = UTCDateTime(allow_none=True)
    finished_at = UTCDateTime(allow_none=True)


class ImportReportSchema(ImportSchema):
    """A finished small import: the resource plus every row's outcome (blank rows left out)."""

    rows = ma.fields.List(ma.fields.Nested(ImportRowSchema))


class ImportProblemSchema(ProblemSchema):
    """A refused upload; when no column holds emails or external IDs, the headers that were found."""

    found_headers = ma.fields.List(ma.fields.String(), metadata={
        "description": "The file's header row as read, when no column could be mapped to email or external_id"})


class ImportRowArgs(PageArgs):
    status = ma.fields.String(validate=ma.validate.OneOf(ROW_STATUSES))


ImportPageSchema = page_schema(ImportSchema, "ImportPage")
ImportRowPageSchema = page_schema(ImportRowSchema, "ImportRowPage")
