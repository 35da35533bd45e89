"""`flask push deliver`: send the push outbox from the command line (cron, a sender container)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

push_cli = AppGroup("push", help="Push notifications.")


@push_cli.command("deliver")
def deliver() -> None:
    """Send every due push once, then exit (retries and quiet-hour pushes wait for a later run)."""
    from server.push.delivery import drain

    result = drain()
    click.echo(f"{result.sent} sent, {result.failed} failed attempts, {result.dead} dead devices removed"
               + (f"; next due {result.next_due.isoformat()}" if result.next_due else ""))


def register(app: Flask) -> None:
    app.cli.add_command(push_cli)
