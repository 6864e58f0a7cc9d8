"""What is due for review, validating a record, and the review report."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..accounts.models import Agency, User
from ..audit.recorder import record
from ..cases.models import Case
from ..subjects.models import SubjectRecord
from ..types import utcnow
from .models import RetentionReview

RETENTION_YEARS = 5
MIN_REASON = 10


class RetentionError(ValueError):
    """A review refused for a reason tied to one field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def years_before(moment: datetime, years: int) -> datetime:
    """The same moment ``years`` earlier (29 February falls back to the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def due_on(subject: SubjectRecord, years: int = RETENTION_YEARS) -> date:
    """The day the record reaches review: five years after entry or its last validation."""
    start = subject.retention_from
    try:
        return start.replace(year=start.year + years).date()
    except ValueError:
        return start.replace(year=start.year + years, day=28).date()


_started = func.coalesce(SubjectRecord.validated_at, SubjectRecord.created_at)


def due_query(agency_id: int, now: datetime | None = None, years: int = RETENTION_YEARS) -> Select:
    """The agency's records at or past review, longest overdue first."""
    cutoff = years_before(now or utcnow(), years)
    return (select(SubjectRecord).where(SubjectRecord.agency_id == agency_id, _started <= cutoff)
            .order_by(_started, SubjectRecord.id))


def missing_predicate_query(agency_id: int) -> Select:
    """The agency's records that state no criminal predicate (registered through the API or an import)."""
    blank = func.coalesce(func.trim(SubjectRecord.predicate), "") == ""
    return select(SubjectRecord).where(SubjectRecord.agency_id == agency_id, blank).order_by(SubjectRecord.id)


def _check_review(reviewer_name: str, decided_on: date, reason: str, now: datetime) -> None:
    if not (reviewer_name or "").strip():
        raise RetentionError("reviewer_name", str(_l("Give the reviewer's name.")))
    if decided_on is None or decided_on > now.date():
        raise RetentionError("decided_on", str(_l("Give the date of the review (not a future date).")))
    if len((reason or "").strip()) < MIN_REASON:
        raise RetentionError("reason", str(_l("Give the reason in at least %(n)d characters.", n=MIN_REASON)))


def log_review(session: Session, user: User, subject: SubjectRecord, decision: str, reviewer_name: str,
               decided_on: date, reason: str) -> RetentionReview:
    """Write the review's line in the log."""
    review = RetentionReview(subject_id=subject.id, case_id=subject.case_id, agency_id=subject.agency_id,
                             record_kind=subject.kind, decision=decision, reviewer_id=user.id,
                             reviewer_name=reviewer_name.strip()[:200], decided_on=decided_on,
                             reason=reason.strip())
    session.add(review)
    session.flush()
    return review


def validate_subject(session: Session, user: User, subject: SubjectRecord, *, reviewer_name: str,
                     decided_on: date, reason: str, predicate: str | None = None,
                     now: datetime | None = None) -> RetentionReview:
    """The record still meets the standard: keep it for another five years.

    A record without a criminal predicate cannot be validated until one is
    given (here, or by editing the record).
    """
    now = now or utcnow()
    _check_review(reviewer_name, decided_on, reason, now)
    if (predicate or "").strip():
        if len(predicate) > 2000:
            raise RetentionError("predicate", str(_l("At most 2000 characters of text.")))
        subject.predicate = predicate.strip()
    if subject.predicate_missing:
        raise RetentionError("predicate", str(_l("State the criminal predicate (reasonable suspicion) "
                                                 "before validating the record.")))
    subject.validated_at, subject.validated_by_id = now, user.id
    review = log_review(session, user, subject, "validated", reviewer_name, decided_on, reason)
    record(session, "subject.validate", object_type="subject", object_id=subject.id,
           details={"case_id": subject.case_id, "review_id": review.id, "decided_on": decided_on.isoformat()})
    return review


@dataclass(frozen=True)
class AgencyRetention:
    """One agency's review position: records due, records without a predicate, the oldest due."""

    agency: str
    due: int
    missing_predicate: int
    oldest_due_on: date | None


@dataclass(frozen=True)
class DueRow:
    """A due record as the report lists it: ids, case number, kind and dates — never its content."""

    subject_id: int
    agency: str
    case_number: str
    kind: str
    entered_on: date
    validated_on: date | None
    due_on: date


def retention_report(session: Session, now: datetime | None = None, agency_code: str | None = None,
                     years: int = RETENTION_YEARS, limit: int = 1_000) -> tuple[list[AgencyRetention], list[DueRow]]:
    """Per agency, what is due and what lacks a predicate; and the due records themselves."""
    now = now or utcnow()
    agencies = session.scalars(select(Agency).order_by(Agency.code)).all()
    if agency_code:
        agencies = [a for a in agencies if a.code == agency_code.upper()]
    summary, rows = [], []
    for agency in agencies:
        due = due_query(agency.id, now, years)
        count = session.scalar(select(func.count()).select_from(due.order_by(None).subquery()))
        missing = session.scalar(select(func.count()).select_from(
            missing_predicate_query(agency.id).order_by(None).subquery()))
        oldest = session.scalars(due.limit(1)).first()
        summary.append(AgencyRetention(agency.code, count, missing, due_on(oldest, years) if oldest else None))
        for subject in session.scalars(due.limit(max(limit - len(rows), 0))):
            case_number = session.scalar(select(Case.number).where(Case.id == subject.case_id))
            rows.append(DueRow(subject.id, agency.code, case_number, subject.kind, subject.created_at.date(),
                               subject.validated_at.date() if subject.validated_at else None,
                               due_on(subject, years)))
    return summary, rows
