"""`flask webhooks deliver`: drain the outbox from the command line (cron, a sender container, tests)."""
from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup

webhooks_cli = AppGroup("webhooks", help="Signed webhooks.")


@webhooks_cli.command("deliver")
@click.option("--watch", is_flag=True, help="Keep running: drain, wait for due retries or new rows, repeat.")
def deliver(watch: bool) -> None:
    """Send every due delivery, each endpoint in message order, then exit (or keep going with --watch)."""
    from flask import current_app

    from server.webhooks.delivery import drain

    poll = current_app.config["RAPPORT_WEBHOOK_POLL_SECONDS"]
    while True:
        result = drain()
        click.echo(f"{result.sent} delivered, {result.failed} failed attempts, {len(result.endpoints)} endpoints"
                   + (f"; next retry due {result.next_due.isoformat()}" if result.next_due else ""))
        if not watch:
            return
        time.sleep(poll)


def register(app: Flask) -> None:
    """Add `flask webhooks ...`."""
    app.cli.add_command(webhooks_cli)
