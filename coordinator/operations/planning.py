"""What an agency sees when it plans: its operations on a map and on a calendar, conflicts marked.

Only the agency's own operations are drawn or listed; a conflict is shown
from the viewer's side (the alert, its severity, the other agency's code),
never the other agency's place or case.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import Office
from ..cases.models import Case
from ..conflicts.alerts import other_side
from ..conflicts.models import AlertSide, ConflictAlert
from .models import Operation

# How far around the pin the agency's other operations are drawn: about 50 km,
# wider than any margin so the planner sees what is nearby before the check does.
NEARBY_DEGREES_LAT = 0.45
NEARBY_DEGREES_LON = 0.55
NEARBY_LIMIT = 200
LIVE_STATUSES = ("planned", "cleared", "active")
OPEN_SIDE_STATUSES = ("open", "acknowledged")


@dataclass
class OpenAlert:
    """One open alert on one of the viewer's operations, as the viewer may see it."""

    id: int
    severity: str
    other_agency: str
    record: str | None = None  # the viewer's side, named when both sides are the agency's ("operation:12")


@dataclass
class CalendarDay:
    """One day of the calendar in the viewer's zone and the operations that run on it."""

    day: date
    operations: list[Operation] = field(default_factory=list)


def open_alerts_of(session: Session, agency_id: int, operation_ids: list[int]) -> dict[int, list[OpenAlert]]:
    """The open alerts on each of the agency's operations, most severe first."""
    if not operation_ids:
        return {}
    sides = session.scalars(
        select(AlertSide).join(ConflictAlert)
        .where(AlertSide.agency_id == agency_id, AlertSide.record_type == "operation",
               AlertSide.record_id.in_(operation_ids), AlertSide.status.in_(OPEN_SIDE_STATUSES),
               ConflictAlert.status == "open")
        .options(selectinload(AlertSide.alert).selectinload(ConflictAlert.sides))
        .order_by(AlertSide.alert_id))
    found: dict[int, list[OpenAlert]] = {}
    for side in sides:
        theirs = other_side(side.alert, agency_id, (side.record_type, side.record_id))
        record = f"operation:{side.record_id}" if theirs is not None and theirs.agency_id == agency_id else None
        found.setdefault(side.record_id, []).append(
            OpenAlert(side.alert_id, side.alert.severity, theirs.agency_code if theirs else "", record))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    for alerts in found.values():
        alerts.sort(key=lambda alert: order.get(alert.severity, 9))
    return found


def operations_near(session: Session, agency_id: int, latitude: float, longitude: float,
                    now: datetime, exclude_id: int | None = None) -> list[Operation]:
    """The agency's live operations around a point that have not ended more than a day ago."""
    query = (select(Operation)
             .where(Operation.agency_id == agency_id, Operation.status.in_(LIVE_STATUSES),
                    Operation.latitude.between(latitude - NEARBY_DEGREES_LAT, latitude + NEARBY_DEGREES_LAT),
                    Operation.longitude.between(longitude - NEARBY_DEGREES_LON, longitude + NEARBY_DEGREES_LON),
                    Operation.ends_at >= now - timedelta(days=1))
             .order_by(Operation.starts_at).limit(NEARBY_LIMIT))
    if exclude_id is not None:
        query = query.where(Operation.id != exclude_id)
    return list(session.scalars(query))


def week_start(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def calendar_days(session: Session, agency_id: int, first: date, days: int, zone: str, *,
                  office_id: int | None = None, region: str | None = None, kind: str | None = None,
                  status: str | None = None) -> list[CalendarDay]:
    """The agency's operations running on each day from ``first``, days counted in ``zone``.

    An operation is listed on every day its window touches; ``office_id`` and
    ``region`` (an office's state) select by the office of the operation's case.
    """
    tz = ZoneInfo(zone)
    start = datetime.combine(first, time(), tzinfo=tz).astimezone(timezone.utc)
    end = datetime.combine(first + timedelta(days=days), time(), tzinfo=tz).astimezone(timezone.utc)
    query = (select(Operation).join(Case, Operation.case_id == Case.id)
             .where(Operation.agency_id == agency_id, Operation.starts_at < end, Operation.ends_at > start)
             .options(selectinload(Operation.case))
             .order_by(Operation.starts_at, Operation.id))
    if office_id is not None:
        query = query.where(Case.office_id == office_id)
    if region:
        query = query.join(Office, Case.office_id == Office.id).where(Office.state == region)
    if kind:
        query = query.where(Operation.kind == kind)
    if status:
        query = query.where(Operation.status == status)
    calendar = [CalendarDay(first + timedelta(days=n)) for n in range(days)]
    for operation in session.scalars(query):
        first_day = operation.starts_at.astimezone(tz).date()
        # An operation ending at midnight does not run on the next day.
        last_day = (operation.ends_at - timedelta(microseconds=1)).astimezone(tz).date()
        for entry in calendar:
            if first_day <= entry.day <= last_day:
                entry.operations.append(operation)
    return calendar


def offices_and_regions(session: Session, agency_id: int) -> tuple[list[Office], list[str]]:
    """The agency's offices and the states they are in, for the calendar's filters."""
    offices = list(session.scalars(select(Office).where(Office.agency_id == agency_id).order_by(Office.name)))
    return offices, sorted({office.state for office in offices if office.state})
