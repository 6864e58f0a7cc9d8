"""Outcome records of a case: referrals, indictments and their dispositions, seizures, traces.

Dates of outcomes are calendar dates (a court files on a day, not at a
moment); the audit columns (``created_at``) are UTC moments.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..accounts.models import Agency, User
from ..cases.models import Case
from ..extensions import db
from ..subjects.models import SubjectRecord
from ..types import UTCDateTime, utcnow


class CaseOutcome:
    """What every outcome record of a case holds besides its own facts: its case, who recorded it and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @declared_attr
    def case(cls) -> Mapped[Case]:
        return relationship(Case)

    @declared_attr
    def created_by(cls) -> Mapped[User]:
        return relationship(User)


class PersonOutcome(CaseOutcome):
    """An outcome that befalls one person record of the case (an indictment, an arrest, an extradition)."""

    subject_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id"), index=True)

    @declared_attr
    def subject(cls) -> Mapped[SubjectRecord]:
        return relationship(SubjectRecord)


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


class Indictment(PersonOutcome, db.Model):
    """A defendant (a person record of the case) charged before a court."""

    __tablename__ = "indictments"

    filed_on: Mapped[date] = mapped_column(index=True)
    court: Mapped[str] = mapped_column(String(200))
    charges: Mapped[list] = mapped_column(JSON, default=list)
    # Codes of the statutes charged (``codes.CHARGE_CODES``), beside the charges as written.
    charge_codes: Mapped[list] = mapped_column(JSON, default=list)

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


class Seizure(CaseOutcome, db.Model):
    """Firearms and ammunition seized in a case, where and in which direction they were going.

    ``firearms`` counts by firearm type ({"rifle": 12, "pistol": 3}), the
    guns listed one by one (``records`` of role ``firearm``) included;
    ``firearm_count`` is their sum, kept as a column so reports add it up in
    SQL. ``ammunition`` counts rounds by calibre ({"7.62x39": 1200}).
    """

    __tablename__ = "seizures"

    seized_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    port_of_entry: Mapped[str | None] = mapped_column(String(120))
    direction: Mapped[str] = mapped_column(String(16))
    firearms: Mapped[dict] = mapped_column(JSON, default=dict)
    firearm_count: Mapped[int] = mapped_column(default=0)
    rounds: Mapped[int] = mapped_column(default=0)
    note: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(String(8), index=True)  # AZ, SIN, CHIH, ...
    municipality: Mapped[str | None] = mapped_column(String(120))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    transit_country: Mapped[str | None] = mapped_column(String(2))
    ammunition: Mapped[dict] = mapped_column(JSON, default=dict)
    custody_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    custody_location: Mapped[str | None] = mapped_column(String(200))

    custody_agency: Mapped[Agency | None] = relationship()
    records: Mapped[list["SeizureRecord"]] = relationship(back_populates="seizure", order_by="SeizureRecord.id")

    def records_of(self, role: str) -> list[SubjectRecord]:
        """The case's records tied to this seizure in one role (firearm, person, vehicle)."""
        return [link.subject for link in self.records if link.role == role]


class SeizureRecord(db.Model):
    """A record of the seizing case tied to a seizure: a gun seized, or a person or vehicle it was found with."""

    __tablename__ = "seizure_records"
    __table_args__ = (UniqueConstraint("seizure_id", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seizure_id: Mapped[int] = mapped_column(ForeignKey("seizures.id"), index=True)
    # A purged record leaves the seizure (and its counts) as they were: only the tie goes.
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # firearm | person | vehicle

    seizure: Mapped[Seizure] = relationship(back_populates="records")
    subject: Mapped[SubjectRecord] = relationship()


WITHIN_24H = timedelta(hours=24)


class TraceRequest(CaseOutcome, db.Model):
    """A request to trace a seized firearm to its first retail purchaser, and its answer.

    The answer's dealer and purchaser are records of the requesting case
    (``dealer_id``, ``purchaser_id``: created or linked by the answer), so
    they deconflict like any record; the purchase date and place give the
    time-to-crime and the trafficking lane.
    """

    __tablename__ = "trace_requests"

    seizure_id: Mapped[int | None] = mapped_column(ForeignKey("seizures.id"), index=True)
    firearm_id: Mapped[int | None] = mapped_column(ForeignKey("subject_records.id"))
    sent_on: Mapped[date] = mapped_column(index=True)
    answered_on: Mapped[date | None]
    result: Mapped[str | None] = mapped_column(String(16))  # purchaser_found | not_found
    note: Mapped[str | None] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(default=False)
    manufacturer: Mapped[str | None] = mapped_column(String(200))
    importer: Mapped[str | None] = mapped_column(String(200))
    dealer_id: Mapped[int | None] = mapped_column(ForeignKey("subject_records.id"), index=True)
    purchaser_id: Mapped[int | None] = mapped_column(ForeignKey("subject_records.id"))
    purchased_on: Mapped[date | None]
    purchase_city: Mapped[str | None] = mapped_column(String(120))
    purchase_state: Mapped[str | None] = mapped_column(String(8))
    # The moments (UTC) the request was sent and answered, when known: "within 24 hours" is counted on them.
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    seizure: Mapped[Seizure | None] = relationship()
    firearm: Mapped[SubjectRecord | None] = relationship(foreign_keys=[firearm_id])
    dealer: Mapped[SubjectRecord | None] = relationship(foreign_keys=[dealer_id])
    purchaser: Mapped[SubjectRecord | None] = relationship(foreign_keys=[purchaser_id])

    @property
    def days_taken(self) -> int | None:
        """Days from sending the request to its answer (None while unanswered)."""
        return (self.answered_on - self.sent_on).days if self.answered_on else None

    @property
    def answered_within_24h(self) -> bool:
        """Answered at most 24 hours after it was requested, moment to moment (UTC).

        Dates cannot tell: a trace sent at 23:00 and answered the next day at
        23:30 took 24.5 hours. Without both moments it is not counted as within.
        """
        if self.requested_at is None or self.answered_at is None:
            return False
        return self.answered_at - self.requested_at <= WITHIN_24H

    @property
    def recovered_on(self) -> date | None:
        """When the traced gun was recovered: its seizure's date."""
        return self.seizure.seized_on if self.seizure is not None else None

    @property
    def time_to_crime_days(self) -> int | None:
        """Days from the first retail purchase to the gun's recovery (ATF's "time-to-crime")."""
        if self.purchased_on is None or self.recovered_on is None:
            return None
        return (self.recovered_on - self.purchased_on).days


class Arrest(PersonOutcome, db.Model):
    """A person of the case arrested: when, by which agency, in which country."""

    __tablename__ = "arrests"

    arrested_on: Mapped[date] = mapped_column(index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    country: Mapped[str] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(Text)

    agency: Mapped[Agency] = relationship()


class Extradition(PersonOutcome, db.Model):
    """A request that one country surrender a person of the case to the other, and its result."""

    __tablename__ = "extraditions"

    requested_on: Mapped[date] = mapped_column(index=True)
    requesting_country: Mapped[str] = mapped_column(String(2))
    requested_country: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | granted | denied | withdrawn
    decided_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)


class LegalAssistanceRequest(CaseOutcome, db.Model):
    """A mutual legal assistance request of the case to the other country's central authority."""

    __tablename__ = "legal_assistance_requests"

    to_country: Mapped[str] = mapped_column(String(2))
    authority: Mapped[str | None] = mapped_column(String(200))
    sent_on: Mapped[date] = mapped_column(index=True)
    answered_on: Mapped[date | None]
    request: Mapped[str | None] = mapped_column(Text)

    @property
    def days_taken(self) -> int | None:
        """Days from sending the request to its answer (None while unanswered)."""
        return (self.answered_on - self.sent_on).days if self.answered_on else None


class AssetSeizure(CaseOutcome, db.Model):
    """Currency or other assets seized in the case (amounts in whole units of their currency)."""

    __tablename__ = "asset_seizures"

    seized_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))  # currency | vehicle | real_estate | account | other
    amount: Mapped[int] = mapped_column(BigInteger)  # pesos run past a 32-bit integer
    currency: Mapped[str] = mapped_column(String(3))  # USD | MXN
    description: Mapped[str | None] = mapped_column(Text)
