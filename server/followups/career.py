"""Noticing achievements: a changed job title or company becomes a CareerChange row, whatever path
edited the profile (the person, an organizer), and also when a later event's profile differs from
the one before. A mapper listener, so no profile-writing code has to remember to call it."""
from __future__ import annotations

from sqlalchemy import event, inspect, insert, select

from server.attendees.models import Attendee
from server.followups.models import CareerChange
from server.types import utcnow

FIELDS = ("company", "job_title")


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@event.listens_for(Attendee, "after_update")
def _profile_edited(_mapper, connection, attendee: Attendee) -> None:
    state = inspect(attendee)
    histories = {f: state.attrs[f].history for f in FIELDS}
    if not any(h.has_changes() for h in histories.values()):
        return
    before = {f: (h.deleted[0] if h.deleted else getattr(attendee, f)) or "" for f, h in histories.items()}
    if not all(before.values()):
        # A profile filled for the first time (joining a later event): compare with the newest other one.
        previous = connection.execute(select(Attendee.company, Attendee.job_title).where(
            Attendee.account_id == attendee.account_id, Attendee.id != attendee.id)
            .order_by(Attendee.updated_at.desc(), Attendee.id.desc()).limit(1)).first()
        if previous is not None:
            before = {f: before[f] or (getattr(previous, f) or "") for f in FIELDS}
    after = {f: getattr(attendee, f) or "" for f in FIELDS}
    # Clearing a field is no achievement, and a first fill has nothing to compare with.
    if not any(after[f] and before[f] and not _same(after[f], before[f]) for f in FIELDS):
        return
    connection.execute(insert(CareerChange).values(
        account_id=attendee.account_id, company_before=before["company"], company_after=after["company"],
        job_title_before=before["job_title"], job_title_after=after["job_title"], changed_at=utcnow()))
