"""An agency's alert queue: what needs a decision first, and how long it has waited.

Order: alerts the agency has not resolved come first; among them the most
severe (critical = officer safety) on top, unacknowledged before
acknowledged, the longest-waiting first. Filters: kind, severity, office
(of the agency's own case), the agency's side status, and age.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, contains_eager

from ..accounts.models import Office, User
from ..cases.models import Case
from ..codes import CONFLICT_KINDS, SEVERITIES
from ..conflicts.models import AlertEvent, AlertSide, ConflictAlert
from ..deconfliction.conflicts import SEVERITY_RANK
from ..types import utcnow

STATUS_FILTERS = {
    "unresolved": _l("to decide (open or acknowledged)"),
    "open": _l("open"),
    "acknowledged": _l("acknowledged"),
    "deconflicted": _l("deconflicted"),
    "false_positive": _l("false positive"),
    "all": _l("all"),
}
AGE_FILTERS = {
    "lt4h": (_l("raised in the last 4 hours"), None, timedelta(hours=4)),
    "gt4h": (_l("waiting over 4 hours"), timedelta(hours=4), None),
    "gt24h": (_l("waiting over 24 hours"), timedelta(hours=24), None),
    "gt7d": (_l("waiting over 7 days"), timedelta(days=7), None),
}
UNRESOLVED = ("open", "acknowledged")


@dataclass
class QueueFilters:
    """The queue's filters, each None for "any"."""

    kind: str | None = None
    severity: str | None = None
    office_id: int | None = None
    status: str = "unresolved"
    age: str | None = None

    @classmethod
    def from_args(cls, args, offices: list[Office]) -> "QueueFilters":
        """Read the filters from query arguments; an unknown value means "any"."""
        office = args.get("office", type=int)
        status = args.get("status") or "unresolved"
        return cls(
            kind=args.get("kind") if args.get("kind") in CONFLICT_KINDS else None,
            severity=args.get("severity") if args.get("severity") in SEVERITIES else None,
            office_id=office if office in {o.id for o in offices} else None,
            status=status if status in STATUS_FILTERS else "unresolved",
            age=args.get("age") if args.get("age") in AGE_FILTERS else None,
        )

    def params(self) -> dict:
        """The filters as query arguments (for paging links)."""
        values = {"kind": self.kind, "severity": self.severity, "office": self.office_id, "status": self.status,
                  "age": self.age}
        return {k: v for k, v in values.items() if v is not None}


def queue_query(agency_id: int, filters: QueueFilters, now: datetime | None = None):
    """The SELECT of an agency's sides of alerts, filtered and in queue order.

    A side, not an alert: an alert between two of the agency's cases is in
    the queue twice, once from each side, each worked on its own.
    """
    now = now or utcnow()
    query = select(AlertSide).join(ConflictAlert, AlertSide.alert_id == ConflictAlert.id) \
        .where(AlertSide.agency_id == agency_id, AlertSide.withheld.is_(False)) \
        .options(contains_eager(AlertSide.alert))
    if filters.status == "unresolved":
        query = query.where(AlertSide.status.in_(UNRESOLVED))
    elif filters.status != "all":
        query = query.where(AlertSide.status == filters.status)
    if filters.kind:
        query = query.where(ConflictAlert.kind == filters.kind)
    if filters.severity:
        query = query.where(ConflictAlert.severity == filters.severity)
    if filters.office_id:
        query = query.join(Case, Case.id == AlertSide.case_id).where(Case.office_id == filters.office_id)
    if filters.age:
        _label, older_than, newer_than = AGE_FILTERS[filters.age]
        if older_than:
            query = query.where(ConflictAlert.raised_at <= now - older_than)
        if newer_than:
            query = query.where(ConflictAlert.raised_at > now - newer_than)
    resolved_last = case((AlertSide.status.in_(UNRESOLVED), 0), else_=1)
    severity_rank = case(SEVERITY_RANK, value=ConflictAlert.severity, else_=len(SEVERITY_RANK))
    open_first = case((AlertSide.status == "open", 0), else_=1)
    return query.order_by(resolved_last, severity_rank, open_first, ConflictAlert.raised_at, ConflictAlert.id,
                          AlertSide.id)


def queue_rows(session: Session, agency_id: int, sides: list[AlertSide], translate) -> list[tuple]:
    """The queue's rows: (alert, the conflict as that side sees it, time waited), in a fixed number of queries."""
    from ..conflicts.present import conflict_json, preload

    alerts = list(dict.fromkeys(side.alert for side in sides))
    contacts = preload(session, alerts, agency_id)
    return [(side.alert, conflict_json(session, side.alert, agency_id, translate, (side.record_type, side.record_id),
                                       contacts), waited(side.alert)) for side in sides]


def open_count(session: Session, user: User) -> int:
    """How many of the agency's alerts nobody on its side has acknowledged yet."""
    return session.scalar(select(func.count(AlertSide.id)).where(
        AlertSide.agency_id == user.agency_id, AlertSide.status == "open", AlertSide.withheld.is_(False))) or 0


def agency_offices(session: Session, agency_id: int) -> list[Office]:
    """The agency's offices, for the office filter."""
    return list(session.scalars(select(Office).where(Office.agency_id == agency_id).order_by(Office.name)))


def history(session: Session, alert: ConflictAlert) -> list[AlertEvent]:
    """An alert's history, oldest first."""
    return list(session.scalars(select(AlertEvent).where(AlertEvent.alert_id == alert.id)
                                .order_by(AlertEvent.at, AlertEvent.id)))


def waited(alert: ConflictAlert, now: datetime | None = None) -> timedelta:
    """How long the alert has existed (closed ones: until they closed)."""
    end = alert.closed_at or now or utcnow()
    return end - alert.raised_at
