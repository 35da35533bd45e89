"""`flask purge-attendee-data`: the retention job, safe to run from cron."""
from __future__ import annotations

import click
from flask import Flask, current_app


def register(app: Flask) -> None:
    """Add `flask purge-attendee-data`."""
    @app.cli.command("purge-attendee-data")
    @click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 100_000),
                  help="Profiles deleted per transaction.")
    @click.option("--dry-run", is_flag=True, help="Only list the events that are due.")
    def purge_attendee_data(batch: int, dry_run: bool) -> None:
        """Delete attendee data of events ended longer ago than their retention (idempotent)."""
        from server.privacy import retention
        from server.types import utcnow

        default_days = current_app.config["RAPPORT_RETENTION_DAYS"]
        if dry_run:
            due = retention.due_events(now=utcnow(), default_days=default_days)
            click.echo(f"{len(due)} events due: {', '.join(map(str, due)) or '-'}")
            return
        done = retention.purge_expired(now=utcnow(), default_days=default_days, batch=batch)
        for item in done:
            click.echo(f"event {item.event_id}: {item.attendees} attendee profiles deleted")
        click.echo(f"{len(done)} events purged.")
