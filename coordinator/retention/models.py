"""The log of retention reviews: each validation or purge, by whom, when, why."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..types import UTCDateTime, utcnow


class RetentionReview(db.Model):
    """One review decision on a subject record.

    ``subject_id`` is a plain number, not a reference: after a purge the
    record is gone and this line is what remains of it (with its case, its
    kind, and no content).
    """

    __tablename__ = "retention_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    record_kind: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(16))  # validated | purged
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reviewer_name: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    reviewer: Mapped[User] = relationship()
