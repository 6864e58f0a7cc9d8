"""Escalating critical alerts that a side has not acknowledged in time, once per side.

Run by ``flask --app coordinator watch escalate`` (once, or ``--loop``). The
database decides everything: which sides are overdue is read from the
alerts, and an escalation is a row unique per alert side, inserted in a
savepoint. Several escalation processes, or one restarted mid-pass, can
therefore run side by side: the second insert of a side fails and that
process moves on, so each side is escalated — and its people told — once.

The escalation is announced (``conflicts.signals.alert_overdue``) in the
same transaction; the receivers write the notifications, e-mails and the
text message into it, so they are committed with the escalation or not at
all.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ..conflicts.models import AlertEvent, AlertSide, ConflictAlert
from ..conflicts.signals import alert_overdue
from ..savepoints import savepoint
from ..types import utcnow
from .models import AlertEscalation


def critical_since(session: Session, alert: ConflictAlert) -> datetime:
    """When the alert became critical: raised so, or made so later (the latest worsening)."""
    worsened = session.scalar(select(func.max(AlertEvent.at)).where(AlertEvent.alert_id == alert.id,
                                                                   AlertEvent.action == "escalated"))
    return max(alert.raised_at, worsened) if worsened is not None else alert.raised_at


def overdue_sides(session: Session, minutes: int, now: datetime | None = None) -> list[tuple[ConflictAlert, AlertSide]]:
    """Open sides of open critical alerts past the limit and not escalated yet, oldest alert first.

    A peer instance's side is escalated by that instance, not here.
    """
    now = now or utcnow()
    limit = now - timedelta(minutes=minutes)
    escalated = select(AlertEscalation.id).where(AlertEscalation.side_id == AlertSide.id)
    rows = session.execute(
        select(ConflictAlert, AlertSide).join(AlertSide, AlertSide.alert_id == ConflictAlert.id)
        .options(selectinload(ConflictAlert.sides))
        .where(ConflictAlert.severity == "critical", ConflictAlert.status == "open",
               ConflictAlert.raised_at <= limit, AlertSide.status == "open", AlertSide.withheld.is_(False),
               AlertSide.acknowledged_at.is_(None), AlertSide.instance.is_(None), ~escalated.exists())
        .order_by(ConflictAlert.raised_at, ConflictAlert.id, AlertSide.id)).all()
    return [(alert, side) for alert, side in rows if critical_since(session, alert) <= limit]


def escalate_overdue(session: Session, minutes: int, now: datetime | None = None) -> list[AlertEscalation]:
    """Escalate every overdue side once; the escalations this call made (none for sides another process took)."""
    now = now or utcnow()
    made = []
    for alert, side in overdue_sides(session, minutes, now):
        escalation = AlertEscalation(alert_id=alert.id, agency_id=side.agency_id, side_id=side.id,
                                     minutes=minutes, escalated_at=now)
        try:
            with savepoint(session):
                session.add(escalation)
                session.flush()
        except IntegrityError:  # another process escalated this side a moment ago
            continue
        session.add(AlertEvent(alert_id=alert.id, agency_id=side.agency_id, action="overdue_escalated", at=now))
        alert_overdue.send(session, alert=alert, side=side, minutes=minutes)
        made.append(escalation)
    session.flush()
    return made


def escalations_of(session: Session, alert_ids: list[int]) -> dict[int, AlertEscalation]:
    """The escalations of these alerts, by side id."""
    if not alert_ids:
        return {}
    rows = session.scalars(select(AlertEscalation).where(AlertEscalation.alert_id.in_(alert_ids)))
    return {row.side_id: row for row in rows}
