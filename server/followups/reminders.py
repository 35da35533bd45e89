"""The reminder digest (`flask --app server send-followup-reminders`, meant for cron).

One mail per account listing the items that are due today or overdue and were never mailed before.
Each item is claimed in `reminders_sent` (unique per account, connection, kind and due date) and
committed *before* the mail goes out: a crash or a second cron running at the same moment can lose a
reminder, but can never send the same one twice.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import IntegrityError

from server import mail
from server.accounts import service as accounts_service
from server.connections import service as connections_service
from server.extensions import db
from server.followups import clock
from server.followups.due import DueItem, due_items
from server.followups.models import ReminderSent

_WHAT = {"thank_you": "say thank you", "check_in": "check in", "next_step": "your next step",
         "congratulate": "congratulate them"}


@dataclass
class Outcome:
    accounts: int = 0  # accounts with at least one due item
    mails: int = 0
    items: int = 0  # items mailed now
    already_sent: int = 0  # due items skipped because an earlier run mailed them


def _already_sent(account_id: int) -> set[tuple[int, str, object]]:
    rows = db.session.execute(db.select(ReminderSent.connection_id, ReminderSent.kind, ReminderSent.due_on)
                              .where(ReminderSent.account_id == account_id)).all()
    return {tuple(r) for r in rows}


def _line(item: DueItem) -> str:
    who = item.attendee.display_name + (f" ({item.attendee.company})" if item.attendee.company else "")
    when = "due today" if item.days_until == 0 else f"{-item.days_until} days overdue"
    return f"- {who}: {_WHAT[item.kind]}, {when}. {item.reason}"


def _body(name: str, items: list[DueItem]) -> str:
    lines = [f"Hello {name},", "", "These people are waiting to hear from you:", ""]
    lines += [_line(item) for item in items]
    lines += ["", f"Open Rapport ({current_app.config['RAPPORT_PUBLIC_URL']}) to log a follow-up or set a next step."]
    return "\n".join(lines) + "\n"


def send_reminders() -> Outcome:
    """Mail each account one digest of its newly due items; returns what was done."""
    outcome = Outcome()
    for account_id in connections_service.connected_accounts():
        due = due_items(account_id=account_id, include_upcoming=False)
        if not due:
            continue
        outcome.accounts += 1
        sent = _already_sent(account_id)
        fresh = [i for i in due if (i.connection.id, i.kind, i.due_on) not in sent]
        outcome.already_sent += len(due) - len(fresh)
        if not fresh:
            continue
        now = clock.now()
        for item in fresh:
            db.session.add(ReminderSent(account_id=account_id, connection_id=item.connection.id, kind=item.kind,
                                        due_on=item.due_on, sent_at=now))
        try:
            db.session.commit()
        except IntegrityError:  # another run claimed these items first: theirs goes out
            db.session.rollback()
            continue
        account = accounts_service.get_account(account_id=account_id)
        count = len(fresh)
        mail.send(to=account.email, subject=f"Rapport: {count} {'person' if count == 1 else 'people'} to follow up with",
                  body=_body(account.name or account.email, fresh))
        outcome.mails += 1
        outcome.items += count
    return outcome
