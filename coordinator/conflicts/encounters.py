"""The check run when an operation is written: every other case's live operation it may run into.

Operations of any agency conflict, the same agency's included (two field
offices), except those of one case, which one team plans. Candidates come
from the index: the cells of the area widened by the distance margin, with
the window widened by the time margin, and the venue and address keys on
the operation's local days; the engine judges each pair and each side gets
its reasons in its own terms.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..deconfliction.conflicts import LIVE_STATUSES, event_severity, pair_name
from ..deconfliction.encounters import (
    DEFAULT_DISTANCE_MARGIN_M, DEFAULT_TIME_MARGIN, EventWindow, Margins, compare_events, local_day, time_reason,
)
from ..deconfliction.events import distance_m, windows_overlap
from ..deconfliction.identifiers import gun_show_venue_keys
from ..deconfliction.reasons import N_, Reason
from ..deconfliction.venues import VENUE_REACH_M, address_line, venue_keys, venue_name, venue_query_keys
from ..deconfliction.verdicts import coordinates
from ..operations.models import Operation, OperationTarget
from ..subjects.models import SubjectRecord
from .alerts import Side, raise_alert
from .detect import CheckOutcome, _receipt
from .index import gun_shows_at, lock_keys, operation_candidates, operation_lock_keys, replace_operation_cells
from .models import ConflictAlert, SubjectLink
from .shows import shows_at_venue
from .signals import announce_checked


def event_margins(session: Session, operation: Operation) -> Margins:
    """How close two operations may come before they conflict: the instance's settings.

    MOU rules measure compliance after the fact and set no figure for
    detection; were one to, this is where it would be read.
    """
    if not has_app_context():
        return Margins()
    config = current_app.config
    return Margins(float(config.get("EVENT_DISTANCE_MARGIN_M", DEFAULT_DISTANCE_MARGIN_M)),
                   timedelta(minutes=int(config.get("EVENT_TIME_MARGIN_MINUTES",
                                                    DEFAULT_TIME_MARGIN.total_seconds() // 60))))


def _window(operation: Operation) -> EventWindow:
    return EventWindow(operation.latitude, operation.longitude, operation.radius_m,
                       operation.starts_at, operation.ends_at, operation.timezone or "UTC")


def _local_days(operation: Operation) -> tuple[datetime, datetime]:
    """The operation's window widened to whole local days (gun shows and venues are by the day)."""
    zone = ZoneInfo(operation.timezone or "UTC")
    first = operation.starts_at.astimezone(zone).date()
    last = operation.ends_at.astimezone(zone).date()
    return (datetime.combine(first, time.min, tzinfo=zone),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone))


def _linked_records(session: Session, subject_ids: list[int]) -> dict[int, set[int]]:
    """For each record, the other agencies' records linked to it (not rejected)."""
    out: dict[int, set[int]] = {}
    if not subject_ids:
        return out
    links = session.scalars(select(SubjectLink).where(
        or_(SubjectLink.low_id.in_(subject_ids), SubjectLink.high_id.in_(subject_ids)),
        SubjectLink.state != "rejected")).all()
    for link in links:
        for mine, theirs in ((link.low_id, link.high_id), (link.high_id, link.low_id)):
            if mine in subject_ids:
                out.setdefault(mine, set()).add(theirs)
    return out


def _operations_targeting(session: Session, subject_ids: set[int], operation: Operation) -> list[Operation]:
    """Live operations of other cases aimed at these records."""
    if not subject_ids:
        return []
    return list(session.scalars(
        select(Operation).join(OperationTarget)
        .where(OperationTarget.subject_id.in_(subject_ids), Operation.status.in_(LIVE_STATUSES),
               Operation.case_id != operation.case_id, Operation.id != operation.id).distinct()))


def check_operation(session: Session, operation: Operation, user_id: int | None,
                    new: bool = False) -> CheckOutcome:
    """Index an operation and alert the live operations of other cases, any agency's, it may run into."""
    session.flush()
    with session.no_autoflush:
        outcome = _check_operation(session, operation, user_id, new)
        announce_checked(session, "operation", operation, outcome.check)
    return outcome


@dataclass
class _Encounter:
    """One other operation this one may run into, with each side's reasons."""

    other: Operation
    mine: list[Reason]
    theirs: list[Reason]
    overlap: bool


def _check_operation(session: Session, operation: Operation, user_id: int | None, new: bool) -> CheckOutcome:
    margins = event_margins(session, operation)
    reach = operation.radius_m + margins.distance_m
    names, days = venue_keys(operation.venue, operation.address, operation.latitude, operation.longitude), \
        _local_days(operation)
    # Its own cells are written before the locks (held until the commit): no one else reads them before then.
    replace_operation_cells(session, operation.id, operation.agency_id, operation.latitude, operation.longitude,
                            operation.radius_m, operation.starts_at, operation.ends_at, new=new,
                            names=names, days=days)
    # Two operations within the margins share a coarse cell of their widened areas, or a place name.
    lock_keys(session, operation_lock_keys(operation.latitude, operation.longitude, reach)
              + ["place:" + name.rsplit(":", 1)[1] for name in names])
    if operation.status not in LIVE_STATUSES:
        return CheckOutcome(_receipt(session, "operation", operation.id, operation.agency_id, user_id, 0, []), [])
    ids = operation_candidates(
        session, operation.latitude, operation.longitude, reach, operation.starts_at - margins.time,
        operation.ends_at + margins.time, operation.id,
        names=venue_query_keys(operation.venue, operation.address, operation.latitude, operation.longitude),
        days=days)
    found: dict[int, _Encounter] = {}
    for other in session.scalars(select(Operation).where(Operation.id.in_(ids))).all():
        if other.case_id == operation.case_id or other.status not in LIVE_STATUSES:
            continue  # one case's operations are planned by one team
        encounter = _encounter(operation, other, margins)
        if encounter is not None:
            found[other.id] = encounter
    candidates = len(ids) + _same_gun_show(session, operation, found)
    # One alert per pair of operations: a pair that also targets one subject says so in its event alert.
    same_target = _same_target_operations(session, operation)
    for other in same_target:
        if other.id in found:
            for reasons in (found[other.id].mine, found[other.id].theirs):
                reasons.insert(0, SAME_TARGET)
    alerts: list[ConflictAlert] = []
    for met in found.values():
        other = met.other
        severity = "critical" if SAME_TARGET in met.mine else \
            event_severity(operation.status, other.status, met.overlap)
        alert, _new = raise_alert(
            session, pair=pair_name("event", ("operation", operation.id), ("operation", other.id)),
            kind="event", level="match", severity=severity,
            score=1.0 if met.overlap else 0.8,
            first=Side(operation.agency_id, operation.case_id, "operation", operation.id, operation.kind,
                       tuple(met.mine)),
            second=Side(other.agency_id, other.case_id, "operation", other.id, other.kind, tuple(met.theirs)),
        )
        alerts.append(alert)
    covered = {t.subject_id for met in found.values() for t in met.other.targets}
    alerts += shows_at_venue(session, operation, covered)
    alerts += _same_targets(session, operation, [o for o in same_target if o.id not in found])
    return CheckOutcome(_receipt(session, "operation", operation.id, operation.agency_id, user_id, candidates,
                                 alerts), alerts)


SAME_GUN_SHOW = Reason("same_gun_show", N_("both operations are at the same gun show on the same days"))
SAME_PLACE = Reason("same_place", N_("both operations name the same venue or address"))
SAME_TARGET = Reason("same_target", N_("both operations target the same subject in overlapping time windows"))


def _same_place_name(a: Operation, b: Operation) -> bool:
    """Whether two operations name one venue or one street address (normalised), on overlapping local days."""
    same = any(x is not None and x == y for x, y in (
        (venue_name(a.venue), venue_name(b.venue)), (address_line(a.address), address_line(b.address))))
    if not same:
        return False
    (start_a, end_a), (start_b, end_b) = _local_days(a), _local_days(b)
    return start_a < end_b and start_b < end_a


def _encounter(operation: Operation, other: Operation, margins: Margins) -> _Encounter | None:
    """Whether two operations may run into each other: within the margins, or at one named place."""
    mine, theirs = _window(operation), _window(other)
    result = compare_events(mine, theirs, margins)
    named = _same_place_name(operation, other)
    if not result.is_match and not named:
        return None
    overlap = windows_overlap(mine.starts_at, mine.ends_at, theirs.starts_at, theirs.ends_at)
    if named:
        return _Encounter(other, [SAME_PLACE, time_reason(mine, theirs)], [SAME_PLACE, time_reason(theirs, mine)],
                          overlap)
    return _Encounter(other, list(result.reasons), list(compare_events(theirs, mine, margins).reasons), overlap)


def _same_gun_show(session: Session, operation: Operation, found: dict[int, _Encounter]) -> int:
    """Operations at one gun show (linked gun-show targets) conflict on the same days, whatever points they gave."""
    shows = [t.subject_id for t in operation.targets if t.subject.kind == "gun_show"]
    linked = _linked_records(session, shows)
    others = _operations_targeting(session, set().union(*linked.values()) if linked else set(), operation)
    start, end = _local_days(operation)
    for other in others:
        other_start, other_end = _local_days(other)
        if not (other_start < end and start < other_end):
            continue
        if other.id not in found:
            mine, theirs = _window(operation), _window(other)
            found[other.id] = _Encounter(other, [time_reason(mine, theirs)], [time_reason(theirs, mine)],
                                         windows_overlap(mine.starts_at, mine.ends_at, theirs.starts_at,
                                                         theirs.ends_at))
        for reasons in (found[other.id].mine, found[other.id].theirs):
            for stale in (SAME_PLACE, SAME_GUN_SHOW):
                if stale in reasons:
                    reasons.remove(stale)
            reasons.insert(0, SAME_GUN_SHOW)
    return len(others)


def _same_target_operations(session: Session, operation: Operation) -> list[Operation]:
    """The other operations acting on one of this one's subjects (or a record linked to it) at overlapping times."""
    targets = [t.subject_id for t in operation.targets if t.subject.kind != "gun_show"]
    linked = _linked_records(session, targets)
    return [other for other in _operations_targeting(session, set().union(*linked.values()) if linked else set(),
                                                     operation)
            if other.starts_at < operation.ends_at and operation.starts_at < other.ends_at]


def _same_targets(session: Session, operation: Operation, others: list[Operation]) -> list[ConflictAlert]:
    """Two teams acting on the same subject at overlapping times, wherever they are (not already met there)."""
    alerts = []
    for other in others:
        alert, _new = raise_alert(
            session, pair=pair_name("subject", ("operation", operation.id), ("operation", other.id)),
            kind="subject", level="match", severity="critical", score=1.0,
            first=Side(operation.agency_id, operation.case_id, "operation", operation.id, operation.kind,
                       (SAME_TARGET,)),
            second=Side(other.agency_id, other.case_id, "operation", other.id, other.kind, (SAME_TARGET,)),
        )
        alerts.append(alert)
    return alerts


def operations_met(session: Session, probe: Operation) -> list[tuple[Operation, list[Reason], bool]]:
    """Read-only: the live operations of other cases that an operation planned like ``probe`` would meet.

    ``probe`` is never written (an inquiry's place and time); each operation
    met comes with the reasons in the probe's terms and whether the windows
    overlap. Nothing is indexed, locked or alerted.
    """
    margins = event_margins(session, probe)
    ids = operation_candidates(
        session, probe.latitude, probe.longitude, probe.radius_m + margins.distance_m,
        probe.starts_at - margins.time, probe.ends_at + margins.time, 0,
        names=venue_query_keys(probe.venue, probe.address, probe.latitude, probe.longitude),
        days=_local_days(probe))
    met = []
    for other in session.scalars(select(Operation).where(Operation.id.in_(ids)).order_by(Operation.id)).all():
        if other.case_id == probe.case_id or other.status not in LIVE_STATUSES:
            continue
        encounter = _encounter(probe, other, margins)
        if encounter is not None:
            met.append((other, encounter.mine, encounter.overlap))
    return met
