"""A planned operation of a case and the subject records it targets."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Agency, User
from ..cases.models import Case
from ..deconfliction.normalise import phone_to_store
from ..extensions import db
from ..subjects.models import SubjectRecord
from ..types import UTCDateTime, utcnow


class Operation(db.Model):
    """An action planned at a place (a point with a radius) and a UTC time window.

    ``timezone`` is the place's zone, used to show local times; stored times
    are always UTC.
    """

    __tablename__ = "operations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[int]
    venue: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    cross_border: Mapped[bool] = mapped_column(default=False)
    poc_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    poc_name: Mapped[str] = mapped_column(String(200))
    poc_phone: Mapped[str | None] = mapped_column(String(32))
    poc_email: Mapped[str | None] = mapped_column(String(254))
    notes: Mapped[str | None] = mapped_column(Text)
    # Registered less than the agreed notice before it starts (24 h unless an MOU says otherwise).
    late_notice: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    agency: Mapped[Agency] = relationship(foreign_keys=[agency_id])
    poc_user: Mapped[User | None] = relationship(foreign_keys=[poc_user_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    targets: Mapped[list["OperationTarget"]] = relationship(
        back_populates="operation", cascade="all, delete-orphan"
    )

    @property
    def contact_phone(self) -> str | None:
        """The contact's phone with its country code: a number stored as typed, before numbers were kept in
        E.164, is read in the agency's country, whoever reads it."""
        return phone_to_store(self.poc_phone, self.agency.country if self.agency else None)

    @property
    def target_subjects(self) -> list[SubjectRecord]:
        return [t.subject for t in self.targets]


class OperationTarget(db.Model):
    """A subject record of the same case that the operation is aimed at."""

    __tablename__ = "operation_targets"
    __table_args__ = (
        UniqueConstraint("operation_id", "subject_id", name="uq_operation_targets_operation_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id"), index=True)

    operation: Mapped[Operation] = relationship(back_populates="targets")
    subject: Mapped[SubjectRecord] = relationship()


class OperationClearance(db.Model):
    """An agency's decision on an operation that needs its clearance (a cross-border delivery).

    One row per agency and operation: the latest decision stands; the
    operation's history keeps the earlier ones.
    """

    __tablename__ = "operation_clearances"
    __table_args__ = (
        UniqueConstraint("operation_id", "agency_id", name="uq_operation_clearances_operation_agency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    decision: Mapped[str] = mapped_column(String(16), default="pending")  # pending | granted | refused
    note: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The agreement whose rule requires this clearance; None: the application's default (no rule applies).
    mou_id: Mapped[int | None] = mapped_column(ForeignKey("mous.id"))

    operation: Mapped[Operation] = relationship()
    agency: Mapped[Agency] = relationship()
    decided_by: Mapped[User | None] = relationship()
    mou = relationship("Mou")  # monitoring's model: named, not imported (monitoring reads operations)


class OperationEvent(db.Model):
    """The history of an operation: registered, changed, transitions (with overrides), clearances."""

    __tablename__ = "operation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))  # registered | changed | transition | clearance | override
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User | None] = relationship()
