"""`flask --app server ...` commands for operators."""
from __future__ import annotations

import click
from flask import Flask


def register(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--attendees", default=200, show_default=True, help="How many demo attendees.")
    def seed_demo(attendees: int) -> None:
        """Load the demo event (idempotent) and print how to sign in."""
        from server.demo import seed

        for line in seed(attendee_count=attendees):
            click.echo(line)
