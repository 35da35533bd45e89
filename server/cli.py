"""`flask --app server ...` commands for operators."""
from __future__ import annotations

import click
from flask import Flask


def register(app: Flask) -> None:
    """Add the `flask seed-demo` command and each feature's commands."""
    @app.cli.command("seed-demo")
    @click.option("--attendees", default=200, show_default=True, help="How many demo attendees.")
    def seed_demo(attendees: int) -> None:
        """Load the demo event (idempotent) and print how to sign in."""
        from server.demo import seed

        for line in seed(attendee_count=attendees):
            click.echo(line)

    from server.imports.cli import register as register_imports

    register_imports(app)

    from server.privacy.cli import register as register_privacy

    register_privacy(app)

    from server.webhooks.cli import register as register_webhooks

    register_webhooks(app)

    from server.push.cli import register as register_push

    register_push(app)

    @app.cli.command("send-followup-reminders")
    def send_followup_reminders() -> None:
        """Mail each account one digest of follow-ups now due (cron; never the same item twice)."""
        from server.followups.reminders import send_reminders

        done = send_reminders()
        click.echo(f"{done.mails} digests sent ({done.items} items) to {done.accounts} accounts with due items; "
                   f"{done.already_sent} items had been sent before.")
