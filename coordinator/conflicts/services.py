"""What people do with alerts: list them, acknowledge them, resolve them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden, NotFound

from ..access import may_review_alerts
from ..accounts.models import User
from ..codes import RESOLUTIONS  # noqa: F401  (where the alert services have always offered it)
from ..deconfliction.conflicts import SEVERITY_RANK
from ..types import utcnow
from .alerts import side_of, sides_of
from .models import AlertEvent, AlertSide, ConflictAlert
from .signals import announce_action

# Resolutions the engine records, never chosen by a person.
ENGINE_RESOLUTIONS = {"withdrawn": _l("Withdrawn: a record was purged")}
SIDE_STATUSES = ("open", "acknowledged", "deconflicted", "false_positive")
RESOLVED_STATUSES = ("deconflicted", "false_positive")


class AlertActionError(ValueError):
    """An alert action that the alert's state does not allow."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def alerts_for(session: Session, user: User, status: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[ConflictAlert]:
    """The alerts that have a side for the user's agency, most severe and newest first."""
    query = select(ConflictAlert).join(AlertSide).where(AlertSide.agency_id == user.agency_id)
    if status:
        query = query.where(AlertSide.status == status)
    rank = case(SEVERITY_RANK, value=ConflictAlert.severity, else_=len(SEVERITY_RANK))
    query = query.order_by(rank, ConflictAlert.raised_at.desc(), ConflictAlert.id.desc()).offset(offset)
    # An alert between two of the agency's own cases has two of its sides: listed once.
    return list(dict.fromkeys(session.scalars(query.limit(limit) if limit else query)))


def alert_for(session: Session, user: User, alert_id: int) -> tuple[ConflictAlert, AlertSide]:
    """The alert and the user's agency's side of it; a 404 for an agency not party to it."""
    alert = session.get(ConflictAlert, alert_id)
    side = side_of(alert, user.agency_id) if alert is not None else None
    if side is None or user.role not in ("agent", "supervisor"):
        raise NotFound()
    return alert, side


def acknowledge(session: Session, user: User, alert_id: int, note: str | None = None) -> ConflictAlert:
    """The user's agency has seen the alert and is in touch with the other side."""
    alert, side = alert_for(session, user, alert_id)
    sides = [s for s in sides_of(alert, user.agency_id) if s.status == "open"]
    if sides:
        # Both of the agency's sides when the alert joins two of its cases: it has seen both.
        for side in sides:
            side.status = "acknowledged"
            side.acknowledged_at, side.acknowledged_by_id = utcnow(), user.id
        session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id,
                               action="acknowledged", note=note))
    elif side.status != "acknowledged":
        raise AlertActionError("status", str(_l("This alert is already resolved on your side.")))
    session.flush()
    return alert


def resolve(session: Session, user: User, alert_id: int, resolution: str, note: str | None) -> ConflictAlert:
    """A supervisor records the agency's decision; the alert closes when both sides have decided."""
    alert, side = alert_for(session, user, alert_id)
    if not may_review_alerts(user):
        raise Forbidden()
    if resolution not in RESOLUTIONS:
        raise AlertActionError("resolution", str(_l("Not a valid choice.")))
    now = utcnow()
    # The supervisor decides for the agency: both its sides when the alert joins two of its cases.
    for side in sides_of(alert, user.agency_id):
        if side.acknowledged_at is None:
            side.acknowledged_at, side.acknowledged_by_id = now, user.id
        side.status = "false_positive" if resolution == "false_positive" else "deconflicted"
        side.resolution, side.note = resolution, note
        side.resolved_at, side.resolved_by_id = now, user.id
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id,
                           action=f"resolved:{resolution}", note=note))
    if all(s.status in RESOLVED_STATUSES for s in alert.sides):
        alert.status, alert.closed_at = "closed", now
    _tell_other_side(session, alert, user, "alert_resolved", resolution=resolution, note=note)
    session.flush()
    return alert


def reopen(session: Session, user: User, alert_id: int, note: str) -> ConflictAlert:
    """A supervisor takes back the agency's decision: the side is being worked again, the alert opens."""
    alert, side = alert_for(session, user, alert_id)
    if not may_review_alerts(user):
        raise Forbidden()
    if side.status not in RESOLVED_STATUSES:
        raise AlertActionError("status", str(_l("Only a resolved alert can be reopened.")))
    side.status = "acknowledged"
    side.resolution, side.resolved_at, side.resolved_by_id, side.note = None, None, None, note
    alert.status, alert.closed_at = "open", None
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id, action="reopened",
                           note=note))
    _tell_other_side(session, alert, user, "alert_reopened", note=note)
    session.flush()
    return alert


def _tell_other_side(session: Session, alert: ConflictAlert, user: User, kind: str, **params) -> None:
    announce_action(session, alert, user.agency_id, kind, actor_id=user.id, **params)


def records_in_conflict(session: Session, case_id: int, agency_id: int) -> dict[tuple[str, int], int]:
    """The case's records and operations with an alert its agency has not resolved: (type, id) -> an alert id."""
    rows = session.execute(select(AlertSide.record_type, AlertSide.record_id, AlertSide.alert_id).where(
        AlertSide.case_id == case_id, AlertSide.agency_id == agency_id,
        AlertSide.status.in_(("open", "acknowledged"))).order_by(AlertSide.alert_id.desc()))
    return {(record_type, record_id): alert_id for record_type, record_id, alert_id in rows}
