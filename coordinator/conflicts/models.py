"""The matching index, links between records, conflict alerts and receipts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Agency, User
from ..extensions import db
from ..types import UTCDateTime, utcnow


class SubjectKey(db.Model):
    """A blocking key a subject record emits: records sharing a key are candidates."""

    __tablename__ = "subject_keys"
    __table_args__ = (Index("ix_subject_keys_key_agency", "key", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))


class OperationCell(db.Model):
    """A space cell an operation covers, with its time window, for overlap queries."""

    __tablename__ = "operation_cells"
    __table_args__ = (Index("ix_operation_cells_key_ends_at", "key", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SubjectLink(db.Model):
    """Two agencies' records that may be the same real thing (never merged, linked).

    ``low_id`` < ``high_id`` so a pair is stored once. ``state`` is ``auto``
    (the engine's verdict), ``confirmed`` or ``rejected`` (a reviewer's).
    """

    __tablename__ = "subject_links"
    __table_args__ = (UniqueConstraint("low_id", "high_id", name="uq_subject_links_pair"),
                      # Whether two cases are already joined, in one look however many links they share.
                      Index("ix_subject_links_cases", "low_case_id", "high_case_id"),
                      {"sqlite_autoincrement": True})  # a dropped link's id is never given again

    id: Mapped[int] = mapped_column(primary_key=True)
    low_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id", ondelete="CASCADE"), index=True)
    high_id: Mapped[int] = mapped_column(ForeignKey("subject_records.id", ondelete="CASCADE"), index=True)
    # The records' cases, copied here so the case graph is read from this table alone.
    low_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    high_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(16), default="auto")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ConflictAlert(db.Model):
    """An overlap between two agencies' work; each agency has its own side.

    ``pair`` names the two records canonically, so the same pair is never
    alerted twice, even when two processes find it at the same moment.
    """

    __tablename__ = "conflict_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(16), index=True)
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    sides: Mapped[list["AlertSide"]] = relationship(back_populates="alert", order_by="AlertSide.id",
                                                    cascade="all, delete-orphan")


class AlertSide(db.Model):
    """One agency's view of an alert: its own record, the reasons in its terms, its status.

    Both sides may be of one agency (two of its cases' operations): a side is
    its record, not its agency. A side held by a peer instance (federation)
    has no local agency, case or record here: ``instance`` names the peer and
    ``remote`` keeps what the peer told (its agency's code, the point of
    contact, its opaque reference), ``record_type`` is "remote".
    """

    __tablename__ = "alert_sides"
    __table_args__ = (UniqueConstraint("alert_id", "record_type", "record_id", name="uq_alert_sides_alert_record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("conflict_alerts.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    record_type: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[int]
    record_kind: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    instance: Mapped[str | None] = mapped_column(String(64))
    remote: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    # Not told: the other side's record is sensitive, and its owner has not decided to tell this agency.
    withheld: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The alert's severity rank and the moment it was raised, carried here (conflicts/ordering.py) so that an
    # agency's list of sides is read in its order from an index, a page at a time, not sorted whole.
    severity_rank: Mapped[int] = mapped_column(SmallInteger)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())

    alert: Mapped[ConflictAlert] = relationship(back_populates="sides")
    agency: Mapped[Agency | None] = relationship()
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def agency_code(self) -> str:
        """The side's agency code: a local agency's, or the one a peer instance named."""
        if self.instance is not None:
            return str((self.remote or {}).get("agency") or "")
        return self.agency.code

    @property
    def agency_label(self) -> str:
        """The agency code as people read it: a peer's side is marked with the peer's name."""
        return f"{self.agency_code} ({self.instance})" if self.instance is not None else self.agency_code

    @property
    def agency_name(self) -> str:
        if self.instance is not None:
            return f"{self.agency_code} ({self.instance})"
        return self.agency.name


# An agency's sides in the list's order (most severe, newest, latest alert first), with a status and without.
LIST_ORDER = (AlertSide.severity_rank, AlertSide.raised_at.desc(), AlertSide.alert_id.desc(), AlertSide.id)
Index("ix_alert_sides_list_status", AlertSide.agency_id, AlertSide.status, AlertSide.withheld, *LIST_ORDER)
Index("ix_alert_sides_list", AlertSide.agency_id, AlertSide.withheld, *LIST_ORDER)


class AlertEvent(db.Model):
    """The history of an alert: raised, re-raised, acknowledged, resolved, reopened."""

    __tablename__ = "alert_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("conflict_alerts.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The side a person acted for: an alert between two of one agency's cases has two sides of that agency.
    side_id: Mapped[int | None] = mapped_column(ForeignKey("alert_sides.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship()
    alert: Mapped[ConflictAlert] = relationship()


class DeconflictionCheck(db.Model):
    """The receipt of one check: what was checked, by whom, when, what it found."""

    __tablename__ = "deconfliction_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    record_type: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[int] = mapped_column(index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    candidates: Mapped[int] = mapped_column(default=0)
    alert_ids: Mapped[list] = mapped_column(JSON, default=list)
    # Peer instances: {"checked": [names], "not_checked": [names]} (None: no federation).
    peers: Mapped[dict | None] = mapped_column(JSON)


class ProbeBurst(db.Model):
    """Operations one agency registered and soon cancelled near other teams' operations.

    A few such probes, with what the alerts said, could locate another team:
    the burst is recorded for the agency's supervisors and the watch centre,
    once per burst.
    """

    __tablename__ = "probe_bursts"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    operation_ids: Mapped[list] = mapped_column(JSON, default=list)
    user_ids: Mapped[list] = mapped_column(JSON, default=list)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PersonTermCount(db.Model):
    """How many person records carry a term: a given-name word, the first two together, a surname or a date of birth.

    The person model's u-probabilities (``deconfliction.frequencies``).
    Kept in the same transaction as the records (``conflicts.frequencies``);
    the number of person records is spread over a few ``n:`` rows so that
    concurrent registrations do not all wait for one row.
    """

    __tablename__ = "person_term_counts"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
