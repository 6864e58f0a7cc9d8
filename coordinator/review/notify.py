"""Who hears about what happens to an alert, and what they are told.

A new or escalated alert concerns both sides; an action one agency takes
(resolve, reopen, a match judgement, an override) concerns the other one.
Each side is told in terms of its own record and given the other side's
point of contact — never the other case's contents.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..accounts.models import Agency
from ..conflicts.models import AlertSide, ConflictAlert
from ..conflicts.present import point_of_contact
from ..notifications.services import concerned_with, notify, record_label
from ..operations.models import Operation


def alert_link(alert_id: int) -> str:
    """The alert's page in the review area."""
    return f"/review/alerts/{alert_id}"


def people_of(session: Session, side: AlertSide):
    """The people of a side's agency concerned by its record."""
    operation = session.get(Operation, side.record_id) if side.record_type == "operation" else None
    return concerned_with(session, side.agency_id, side.case_id, operation)


def _params(session: Session, alert: ConflictAlert, side: AlertSide, other: AlertSide, **extra) -> dict:
    poc = point_of_contact(session, other)
    return {
        "alert": alert.id, "severity": alert.severity, "conflict_kind": alert.kind,
        "agency": session.get(Agency, other.agency_id).code,
        "record": record_label(session, side.record_type, side.record_id),
        "poc": ", ".join(part for part in (poc.get("name"), poc.get("phone"), poc.get("email")) if part),
        **extra,
    }


def alert_news(session: Session, alert: ConflictAlert, kind: str) -> None:
    """A new (``alert_raised``) or worsened (``alert_escalated``) alert: both sides hear of it."""
    for side in alert.sides:
        other = next((s for s in alert.sides if s is not side), None)
        if other is not None:
            notify(session, people_of(session, side), kind, _params(session, alert, side, other),
                   alert_link(alert.id))


def side_action(session: Session, alert: ConflictAlert, actor_agency_id: int, kind: str,
                actor_id: int | None = None, **extra) -> None:
    """One agency acted on the alert: the other side's people hear of it."""
    acting = next((s for s in alert.sides if s.agency_id == actor_agency_id), None)
    if acting is None:
        return
    for side in alert.sides:
        if side.agency_id != actor_agency_id:
            notify(session, people_of(session, side), kind, _params(session, alert, side, acting, **extra),
                   alert_link(alert.id), skip_user_id=actor_id)
