"""What an operation's end does to its alerts, and the probing it may reveal.

A cancelled or completed operation no longer meets anyone: its alerts
close, both sides are told, and it never blocks another team's operation
from going active. Operations registered and soon cancelled, each near
another agency's operation, are how one would probe for other teams (the
alerts say on which day and how near): a burst of them is recorded and told
to the agency's supervisors and the watch centre.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..accounts.models import Agency, User
from ..operations.models import Operation
from .models import AlertEvent, AlertSide, ConflictAlert, ProbeBurst
from .signals import announce_alert, probe_burst_found

RESOLVED = ("deconflicted", "false_positive")


def _open_alerts(session: Session, operation: Operation) -> list[ConflictAlert]:
    return list(session.scalars(
        select(ConflictAlert).join(AlertSide)
        .where(AlertSide.record_type == "operation", AlertSide.record_id == operation.id,
               ConflictAlert.status != "closed").order_by(ConflictAlert.id)).unique())


def close_alerts_of_ended(session: Session, user: User, operation: Operation, now: datetime) -> list[ConflictAlert]:
    """Close every open alert on an operation that was cancelled or completed; both sides hear of it.

    Undecided sides are closed by the system (no one's resolution, no
    acknowledgement claimed); the history says why.
    """
    closed = _open_alerts(session, operation)
    for alert in closed:
        for side in alert.sides:
            if side.status not in RESOLVED:
                side.status, side.resolved_at = "deconflicted", now
        alert.status, alert.closed_at = "closed", now
        session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id,
                               action=f"operation_{operation.status}", at=now))
    if closed:
        session.flush()
        for alert in closed:
            announce_alert(session, alert, "operation_ended")
    return closed


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default)) if has_app_context() else default


def _probes_since(session: Session, agency_id: int, since: datetime) -> list[Operation]:
    """The agency's operations registered and cancelled since ``since`` that met another agency's operation."""
    mine, theirs = aliased(AlertSide), aliased(AlertSide)
    met = (select(mine.record_id).join(theirs, (theirs.alert_id == mine.alert_id) & (theirs.id != mine.id))
           .where(mine.record_type == "operation", mine.agency_id == agency_id, theirs.agency_id != agency_id,
                  theirs.record_type == "operation"))
    return list(session.scalars(
        select(Operation).where(Operation.agency_id == agency_id, Operation.status == "cancelled",
                                Operation.created_at >= since, Operation.updated_at >= since,
                                Operation.id.in_(met)).order_by(Operation.id)))


def watch_for_probes(session: Session, operation: Operation, now: datetime) -> ProbeBurst | None:
    """Record and tell a burst of soon-cancelled operations near other agencies' operations, once per window."""
    window = timedelta(hours=_setting("PROBE_WINDOW_HOURS", 24))
    since = now - window
    if operation.created_at < since:
        return None  # planned long ago and called off: not a probe
    probes = _probes_since(session, operation.agency_id, since)
    if operation not in probes or len(probes) < _setting("PROBE_BURST_COUNT", 3):
        return None
    told = session.scalar(select(func.count()).select_from(ProbeBurst).where(
        ProbeBurst.agency_id == operation.agency_id, ProbeBurst.raised_at >= since))
    if told:
        return None
    burst = ProbeBurst(agency_id=operation.agency_id, operation_ids=[o.id for o in probes],
                       user_ids=sorted({o.created_by_id for o in probes}), raised_at=now)
    session.add(burst)
    session.flush()
    agency = session.get(Agency, operation.agency_id)
    params = {"agency": agency.code, "count": len(probes), "hours": int(window.total_seconds() // 3600)}
    probe_burst_found.send(session, burst=burst, params=params)
    return burst
