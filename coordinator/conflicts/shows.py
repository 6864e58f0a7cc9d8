"""A gun-show operation and another agency's gun-show record held at its venue on its days.

Either may come first. An operation finds the records through their "gv:"
keys in ``subject_keys`` under the states and cities near its point; a
record placed by its point or its city finds the operations through their
venue keys in ``operation_cells`` (venues.py), read with the show's days.
A record whose point, city or state lies elsewhere is another place of the
same name.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..deconfliction.conflicts import LIVE_STATUSES, pair_name
from ..deconfliction.encounters import local_day
from ..deconfliction.geography import zone_at
from ..deconfliction.identifiers import gun_show_venue_keys
from ..deconfliction.reasons import N_, Reason
from ..deconfliction.venues import held_near, places_near, show_centres, venue_query_keys
from ..operations.models import Operation
from ..subjects.models import SubjectRecord
from .alerts import Side, raise_alert
from .index import gun_shows_at
from .models import ConflictAlert, OperationCell


def show_days(data: dict) -> tuple[date, date] | None:
    """A gun-show record's first and last day, or None when it gives no date."""
    def day(value):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None
    first, last = day(data.get("starts_on")), day(data.get("ends_on"))
    if first is None and last is None:
        return None
    first = first or last
    return first, max(first, last or first)


def _shared_day(operation: Operation, record: SubjectRecord) -> dict | None:
    """The first local day the operation and the show share, as reason parameters; None if they share none."""
    days = show_days(record.data)
    if days is None:
        return None
    zone = ZoneInfo(operation.timezone or "UTC")
    first, last = operation.starts_at.astimezone(zone).date(), operation.ends_at.astimezone(zone).date()
    if days[1] < first or last < days[0]:
        return None
    if not held_near(operation.latitude, operation.longitude, operation.address, record.data):
        return None  # another place of the same name
    day = local_day(datetime.combine(max(first, days[0]), time(12), tzinfo=zone), operation.timezone)
    return {"weekday": day["weekday"], "date": day["date"]}


def _alert(session: Session, operation: Operation, record: SubjectRecord, day: dict) -> ConflictAlert:
    alert, _new = raise_alert(
        session, pair=pair_name("event", ("operation", operation.id), ("subject", record.id)),
        kind="event", level="match", severity="high", score=0.9,
        first=Side(operation.agency_id, operation.case_id, "operation", operation.id, operation.kind,
                   (Reason("gun_show_record", N_("another agency has a gun show of interest at this venue "
                                                 "on %(weekday)s %(date)s"), day),)),
        second=Side(record.agency_id, record.case_id, "subject", record.id, record.kind,
                    (Reason("gun_show_operation", N_("another agency plans an operation at this gun show's "
                                                     "venue on %(weekday)s %(date)s"), day),)),
    )
    return alert


def shows_at_venue(session: Session, operation: Operation, covered: set[int]) -> list[ConflictAlert]:
    """Alert other agencies' gun-show records held at the operation's venue on its days.

    ``covered``: records that an operation already met by this check aims at,
    told through that operation's alert.
    """
    states, cities = places_near(operation.latitude, operation.longitude, operation.address)
    keys = gun_show_venue_keys(operation.venue, states, cities)
    ids = [i for i in gun_shows_at(session, keys, operation.agency_id) if i not in covered]
    if not ids:
        return []
    alerts = []
    for record in session.scalars(select(SubjectRecord).where(SubjectRecord.id.in_(ids),
                                                              SubjectRecord.kind == "gun_show")):
        day = _shared_day(operation, record)
        if day is not None:
            alerts.append(_alert(session, operation, record, day))
    return alerts


def operations_at_show(session: Session, record: SubjectRecord) -> list[ConflictAlert]:
    """Alert other agencies' live operations at a gun-show record's venue on its days.

    The record is placed by its point, else by its city's centre (in its
    state, if it gives one) from the list of cities; a record placed
    nowhere is found by the operations registered after it.
    """
    centres, days = show_centres(record.data), show_days(record.data)
    keys = sorted({key for centre in centres for key in venue_query_keys(record.data.get("venue"), None, *centre)})
    if not keys or days is None:
        return []
    zone = ZoneInfo(zone_at(*centres[0]) or "UTC")
    start = datetime.combine(days[0], time.min, tzinfo=zone)
    end = datetime.combine(days[1] + timedelta(days=1), time.min, tzinfo=zone)
    ids = select(OperationCell.operation_id).where(OperationCell.key.in_(keys), OperationCell.ends_at > start,
                                                   OperationCell.starts_at < end)
    alerts = []
    for operation in session.scalars(select(Operation).where(
            Operation.id.in_(ids), Operation.agency_id != record.agency_id, Operation.status.in_(LIVE_STATUSES))):
        day = _shared_day(operation, record)
        if day is not None:
            alerts.append(_alert(session, operation, record, day))
    return alerts
