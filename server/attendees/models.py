"""Attendee profiles: one per account and event."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.events.models import Event
from server.extensions import db
from server.types import UTCDateTime, utcnow

CONTACT_FIELDS = ("email", "phone", "links")
ERASED_NAME = "A deleted attendee"


def new_qr_handle() -> str:
    """A fresh random QR handle (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


class Attendee(db.Model):
    __tablename__ = "attendees"
    # external_id: the organizer's own key (ticket or CRM id) that imports upsert by; unique per event.
    __table_args__ = (UniqueConstraint("event_id", "account_id"), UniqueConstraint("event_id", "external_id"),
                      # The console's attendee table pages by these orders (keyset) at 100k+ rows.
                      Index("ix_attendees_event_name", "event_id", "display_name", "id"),
                      Index("ix_attendees_event_company", "event_id", "company", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="joined")  # invited | joined
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))  # contact address; the account's by default
    company: Mapped[str] = mapped_column(String(120), default="")
    job_title: Mapped[str] = mapped_column(String(120), default="")
    industry: Mapped[str] = mapped_column(String(120), default="")
    # Where the person sits in their organization (internal events); free text, compared by
    # matching.unit_key, shown to other attendees only where the event's public_org_fields says so.
    department: Mapped[str] = mapped_column(String(120), default="")
    team: Mapped[str] = mapped_column(String(120), default="")
    office: Mapped[str] = mapped_column(String(120), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[list[str]] = mapped_column(JSON, default=list)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    phone: Mapped[str] = mapped_column(String(40), default="")
    discoverable: Mapped[bool] = mapped_column(default=True)
    open_to_matching: Mapped[bool] = mapped_column(default=True)
    # Which of CONTACT_FIELDS connections may see; nobody else ever sees them.
    shared_fields: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["email"])
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    external_id: Mapped[str | None] = mapped_column(String(120))
    # The event revision of this profile's last change: workers patch their index with rows newer
    # than the revision they hold.
    matching_revision: Mapped[int] = mapped_column(default=0, index=True)
    # Random handle that QR tokens carry instead of the attendee id; set at creation, so showing a badge
    # (a GET) never writes, and replaced only by an explicit rotation.
    qr_handle: Mapped[str] = mapped_column(String(32), unique=True, default=new_qr_handle)

    # Loaded with the caller's own profile (require_attendee), so hot paths skip a second query.
    event: Mapped[Event] = relationship(lazy="select", viewonly=True)


def erased_placeholder(event_id: int) -> Attendee:
    """What others see where a person who erased their account used to be: nothing identifying."""
    return Attendee(id=None, event_id=event_id, display_name=ERASED_NAME, email="", company="", job_title="",
                    industry="", department="", team="", office="", bio="", goals=[], interests=[], links=[],
                    phone="", shared_fields=[])
