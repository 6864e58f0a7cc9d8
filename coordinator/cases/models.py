"""A case is one agency's investigation, under the agency's own number."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Agency, Office, User
from ..extensions import db
from ..types import UTCDateTime, utcnow


class Case(db.Model):
    """An investigation owned by one agency; its number is unique within the agency."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("agency_id", "number", name="uq_cases_agency_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    number: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    case_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    initiated_by: Mapped[str] = mapped_column(String(32))
    referring_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    mexico_nexus: Mapped[bool] = mapped_column(default=False)
    lead_agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship(foreign_keys=[agency_id])
    office: Mapped[Office | None] = relationship()
    referring_agency: Mapped[Agency | None] = relationship(foreign_keys=[referring_agency_id])
    lead_agent: Mapped[User | None] = relationship(foreign_keys=[lead_agent_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    participants: Mapped[list["CaseParticipant"]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    shares: Mapped[list["CaseShare"]] = relationship(back_populates="case", cascade="all, delete-orphan")

    @property
    def participating_agencies(self) -> list[Agency]:
        return [p.agency for p in self.participants]


class CaseParticipant(db.Model):
    """Another agency named as taking part in the case (a joint investigation)."""

    __tablename__ = "case_participants"
    __table_args__ = (UniqueConstraint("case_id", "agency_id", name="uq_case_participants_case_agency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))

    case: Mapped[Case] = relationship(back_populates="participants")
    agency: Mapped[Agency] = relationship()


class CaseShare(db.Model):
    """An explicit grant by the owning agency letting another agency read the case."""

    __tablename__ = "case_shares"
    __table_args__ = (UniqueConstraint("case_id", "agency_id", name="uq_case_shares_case_agency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="shares")
    agency: Mapped[Agency] = relationship()
    granted_by: Mapped[User] = relationship()


class Dissemination(db.Model):
    """A release of a case's information to another agency: who, to whom, what, why, when.

    28 CFR 23.20(e) asks for a record of every dissemination of criminal
    intelligence. Every grant of a ``CaseShare`` writes one (an explicit
    share, or a referral that lets the receiving agency read the case); a
    revocation ends the share and dates the record, which stays.
    """

    __tablename__ = "disseminations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    to_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    scope: Mapped[str] = mapped_column(String(16), default="case")  # what was released: the whole case
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str | None] = mapped_column(String(200))  # who at the receiving agency asked
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship()
    from_agency: Mapped[Agency] = relationship(foreign_keys=[from_agency_id])
    to_agency: Mapped[Agency] = relationship(foreign_keys=[to_agency_id])
    granted_by: Mapped[User] = relationship(foreign_keys=[granted_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
