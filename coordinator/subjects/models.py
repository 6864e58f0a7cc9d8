"""Subject records and the associations between records of one case."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..cases.models import Case
from ..extensions import db
from ..types import UTCDateTime, utcnow


class SubjectRecord(db.Model):
    """One agency's record of one thing in one of its cases.

    The kind-specific fields (names, serial number, plate, ...) live in
    ``data`` as validated by the kind's form; ``label`` is what lists show.
    Records are never merged across agencies: matches link them.
    """

    __tablename__ = "subject_records"
    # A purged record's id is never given again (SQLite otherwise reuses the highest): alerts name it.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    role: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
    # 28 CFR 23.20(a): the criminal predicate (reasonable suspicion) the record rests on. Required in
    # the pages; a record that came without it (API, import) is listed for its supervisors to complete.
    predicate: Mapped[str | None] = mapped_column(Text)
    # 28 CFR 23.20(h): reviewed five years after entry or after the last validation (retention package).
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    validated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Sensitive (``subjects.sensitivity``): asked with a reason, in force once the agency's supervisor
    # approves; a hit on it then tells only this agency until it decides to tell the other side.
    sensitive_reason: Mapped[str | None] = mapped_column(Text)
    sensitive_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sensitive_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sensitive_since: Mapped[datetime | None] = mapped_column(UTCDateTime())

    case: Mapped[Case] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    validated_by: Mapped[User | None] = relationship(foreign_keys=[validated_by_id])

    @property
    def sensitive(self) -> bool:
        """In force: marked with a reason and approved by a supervisor of the agency."""
        return self.sensitive_approved_by_id is not None

    @property
    def sensitive_pending(self) -> bool:
        """Asked for, awaiting a supervisor's approval."""
        return self.sensitive_reason is not None and self.sensitive_approved_by_id is None

    @property
    def predicate_missing(self) -> bool:
        """True while the record states no criminal predicate."""
        return not (self.predicate or "").strip()

    @property
    def retention_from(self) -> datetime:
        """When the five-year retention period started: entry, or the last validation."""
        return self.validated_at or self.created_at


class Association(db.Model):
    """A link inside a case: phone used by person, gun bought at dealer, ..."""

    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_subject_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id"), index=True)
    to_subject_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    from_subject: Mapped[SubjectRecord] = relationship(foreign_keys=[from_subject_id])
    to_subject: Mapped[SubjectRecord] = relationship(foreign_keys=[to_subject_id])
