"""The one "now" of follow-ups and analytics (tests move it, like every clock, with time-machine)."""
from __future__ import annotations

from datetime import date, datetime

from server import types


def now() -> datetime:
    """The current UTC time (aware). Every due date and input bound of this feature starts here."""
    return types.utcnow()


def today() -> date:
    """The current UTC date: due dates are whole UTC days."""
    return now().date()
