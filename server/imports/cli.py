"""`flask --app server import-attendees EVENT_ID FILE`: the upload endpoint's work, on the server."""
from __future__ import annotations

import os

import click
from flask import Flask

from server.errors import ApiError


def _echo_report(imp) -> None:
    from server.imports import schemas

    report = schemas.ImportSchema().dump(imp)
    click.echo(f"{report['status']}: {report['counts']['created']} created, {report['counts']['updated']} updated, "
               f"{report['counts']['unchanged']} unchanged, {report['counts']['error']} with errors"
               f"{' (dry run: nothing written)' if imp.dry_run else ''}")
    if report["sheet"]:
        click.echo(f"sheet: {report['sheet']}")
    if report["ignored_columns"]:
        click.echo(f"ignored columns: {', '.join(report['ignored_columns'])}")
    for error in report["errors"]:
        click.echo(f"row {error['row']}, {error['column']}: {error['message']}")
    if report["errors_total"] > len(report["errors"]):
        click.echo(f"... {report['errors_total'] - len(report['errors'])} more errors (GET .../imports/{imp.id}/rows)")
    if imp.failure:
        click.echo(f"failed: {imp.failure}", err=True)


def register(app: Flask) -> None:
    """Add `flask import-attendees`."""
    @app.cli.command("import-attendees")
    @click.argument("event_id", type=int)
    @click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="Report only; write nothing.")
    @click.option("--send-invites", is_flag=True, help="Mail an invitation to every new attendee.")
    @click.option("--sheet", default=None, help="XLSX: sheet name or 1-based number.")
    @click.option("--column-map", default=None, help='JSON object header -> field, e.g. \'{"Mail": "email"}\'.')
    def import_attendees(event_id, path, dry_run, send_invites, sheet, column_map) -> None:
        """Import attendees from a CSV, XLSX or JSON file, with a progress bar and the per-row report."""
        from server.events import service as events_service
        from server.imports import service
        from server.imports.columns import check_column_map

        if events_service.get_event(event_id=event_id) is None:
            raise click.ClickException(f"No event {event_id}.")
        with open(path, "rb") as handle:
            data = handle.read()
        upload = service.Upload(data, os.path.basename(path), is_json=path.lower().endswith(".json"))
        try:
            mapping = check_column_map(service.parse_column_map(column_map)) if column_map else None
            imp, table = service.create_import(event_id=event_id, created_by=None, upload=upload, dry_run=dry_run,
                                               send_invites=send_invites, column_map=mapping, sheet=sheet)
        except ApiError as exc:
            details = "; ".join(f"{k}: {' '.join(v)}" for k, v in (exc.errors or {}).items())
            raise click.ClickException(details or exc.detail) from None
        for warning in imp.options.get("warnings", []):  # before anything else: the report may mislead
            click.echo(f"WARNING: {warning}", err=True)
        with click.progressbar(length=imp.rows_total, label="Importing", show_pos=True) as bar:
            done = [0]

            def progress(rows_done: int) -> None:
                bar.update(rows_done - done[0])
                done[0] = rows_done

            imp = service.run_import(import_id=imp.id, table=table, on_progress=progress)
        _echo_report(imp)
        if imp.status != "succeeded":
            raise SystemExit(1)
