"""Outcome records of a case: referrals, indictments and their dispositions, seizures, traces.

Dates of outcomes are calendar dates (a court files on a day, not at a
moment); the audit columns (``created_at``) are UTC moments.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Agency, User
from ..cases.models import Case
from ..extensions import db
from ..subjects.models import SubjectRecord
from ..types import UTCDateTime, utcnow


class Referral(db.Model):
    """A case referred by its agency to another agency (investigative) or to a prosecutor.

    ``from_agency_id`` is the case's agency when it was sent, kept so a report
    never changes if a case is later transferred.
    """

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    to_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # investigative | prosecution
    sent_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | accepted | declined
    decided_on: Mapped[date | None]
    reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    from_agency: Mapped[Agency] = relationship(foreign_keys=[from_agency_id])
    to_agency: Mapped[Agency] = relationship(foreign_keys=[to_agency_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class Indictment(db.Model):
    """A defendant (a person record of the case) charged before a court."""

    __tablename__ = "indictments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id"), index=True)
    filed_on: Mapped[date] = mapped_column(index=True)
    court: Mapped[str] = mapped_column(String(200))
    charges: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship()
    subject: Mapped[SubjectRecord] = relationship()
    created_by: Mapped[User] = relationship()
    disposition: Mapped["Disposition | None"] = relationship(back_populates="indictment", uselist=False)


class Disposition(db.Model):
    """How an indictment ended: convicted (at trial or on a plea), acquitted or dismissed."""

    __tablename__ = "dispositions"

    id: Mapped[int] = mapped_column(primary_key=True)
    indictment_id: Mapped[int] = mapped_column(ForeignKey("indictments.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(16))
    decided_on: Mapped[date] = mapped_column(index=True)
    sentence_months: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indictment: Mapped[Indictment] = relationship(back_populates="disposition")
    created_by: Mapped[User] = relationship()


class Seizure(db.Model):
    """Firearms and ammunition seized in a case, where and in which direction they were going.

    ``firearms`` counts by firearm type ({"rifle": 12, "pistol": 3});
    ``firearm_count`` is their sum, kept as a column so reports add it up in SQL.
    """

    __tablename__ = "seizures"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seized_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    port_of_entry: Mapped[str | None] = mapped_column(String(120))
    direction: Mapped[str] = mapped_column(String(16))
    firearms: Mapped[dict] = mapped_column(JSON, default=dict)
    firearm_count: Mapped[int] = mapped_column(default=0)
    rounds: Mapped[int] = mapped_column(default=0)
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship()
    created_by: Mapped[User] = relationship()


class TraceRequest(db.Model):
    """A request to trace a seized firearm to its first retail purchaser, and its answer."""

    __tablename__ = "trace_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seizure_id: Mapped[int | None] = mapped_column(ForeignKey("seizures.id"), index=True)
    firearm_id: Mapped[int | None] = mapped_column(ForeignKey("subject_records.id"))
    sent_on: Mapped[date] = mapped_column(index=True)
    answered_on: Mapped[date | None]
    result: Mapped[str | None] = mapped_column(String(16))  # purchaser_found | not_found
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship()
    seizure: Mapped[Seizure | None] = relationship()
    firearm: Mapped[SubjectRecord | None] = relationship()
    created_by: Mapped[User] = relationship()

    @property
    def days_taken(self) -> int | None:
        """Days from sending the request to its answer (None while unanswered)."""
        return (self.answered_on - self.sent_on).days if self.answered_on else None
