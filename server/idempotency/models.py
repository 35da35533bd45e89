"""The first response to each (account, Idempotency-Key), kept so a retry gets it again.

The row is inserted before the work starts: the unique constraint is what lets exactly one of
several concurrent requests with one key do the work."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.types import UTCDateTime, utcnow


class IdempotentResponse(db.Model):
    __tablename__ = "idempotent_responses"
    __table_args__ = (UniqueConstraint("account_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    # What was asked: a retry must be the same request, or it is a client bug worth saying so.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # NULL while the first request is still running (a reservation); 0 once its work has committed
    # (in the same transaction) but before its answer is stored; then the answer's status.
    status: Mapped[int | None] = mapped_column()
    content_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
