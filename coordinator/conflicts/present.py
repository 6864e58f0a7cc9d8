"""How an alert looks to one agency: its own record, the reasons, whom to call.

Never the other case's contents: only the other agency, the kind of its
record and its point of contact.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..deconfliction.conflicts import SEVERITY_RANK
from ..deconfliction.reasons import Reason
from ..operations.models import Operation
from .alerts import other_side, side_of
from .models import AlertSide, ConflictAlert


def point_of_contact(session: Session, side: AlertSide) -> dict:
    """Whom the other agency should call about this side's record."""
    if side.record_type == "operation":
        operation = session.get(Operation, side.record_id)
        if operation is not None:
            return {"name": operation.poc_name, "phone": operation.poc_phone, "email": operation.poc_email}
    case = session.get(Case, side.case_id)
    person = case.lead_agent or case.created_by
    return {"name": person.name, "phone": person.phone, "email": person.email}


def render_reasons(side: AlertSide, translate: Callable[[str], str]) -> list[str]:
    """The side's reasons as sentences in the viewer's language."""
    out = []
    for stored in side.reasons or []:
        reason = Reason(stored["code"], stored["message"], stored.get("params") or {})
        try:
            out.append(reason.render(translate))
        except (KeyError, ValueError, TypeError):  # a translation with a broken placeholder
            out.append(reason.render())
    return out


def conflict_json(session: Session, alert: ConflictAlert, agency_id: int,
                  translate: Callable[[str], str] = lambda s: s, record: tuple[str, int] | None = None) -> dict:
    """The contract's conflict object, for a viewer of ``agency_id`` (looking from ``record``'s side)."""
    mine, theirs = side_of(alert, agency_id, record), other_side(alert, agency_id, record)
    return {
        "id": alert.id,
        "kind": alert.kind,
        "level": alert.level,
        "severity": alert.severity,
        "score": round(alert.score, 4),
        "reasons": render_reasons(mine, translate),
        "this": {"type": mine.record_type, "id": mine.record_id, "case_id": mine.case_id,
                 "kind": mine.record_kind},
        "other": {"agency": theirs.agency.code, "record_kind": theirs.record_kind,
                  "poc": point_of_contact(session, theirs), "status": theirs.status},
        "status": mine.status,
        "alert_status": alert.status,
        "raised_at": _iso(alert.raised_at),
        # Timeliness: when each side acknowledged and resolved (the monitors measure these).
        "sides": [{"agency": side.agency.code, "status": side.status, "acknowledged_at": _iso(side.acknowledged_at),
                   "resolved_at": _iso(side.resolved_at), "resolution": side.resolution} for side in alert.sides],
    }


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


@dataclass
class Verdict:
    """What a record's page or answer shows: the receipt of its latest check and the alerts open now.

    ``found`` is what the check found at ``checked_at`` and stays as it was;
    ``open`` is read afresh, so an alert raised since by someone else's
    registration shows at once.
    """

    receipt: str | None
    checked_at: datetime | None
    found: list[dict]
    open: list[dict]


def latest_receipt(session: Session, record_type: str, record_id: int, agency_id: int,
                   translate: Callable[[str], str] = lambda s: s) -> tuple[str | None, list[dict]]:
    """The receipt number of a record's latest check and the conflicts it found, for one agency."""
    verdict = verdict_of(session, record_type, record_id, agency_id, translate, live=False)
    return verdict.receipt, verdict.found


def open_conflicts(session: Session, record_type: str, record_id: int, agency_id: int,
                   translate: Callable[[str], str] = lambda s: s) -> list[dict]:
    """The alerts open now on a record, as its own agency sees them, most severe first."""
    alerts = session.scalars(
        select(ConflictAlert).join(AlertSide)
        .where(AlertSide.record_type == record_type, AlertSide.record_id == record_id,
               AlertSide.agency_id == agency_id, ConflictAlert.status != "closed")
        .order_by(case(SEVERITY_RANK, value=ConflictAlert.severity, else_=len(SEVERITY_RANK)),
                  ConflictAlert.id)).unique().all()
    return [conflict_json(session, alert, agency_id, translate, (record_type, record_id)) for alert in alerts]


def verdict_of(session: Session, record_type: str, record_id: int, agency_id: int,
               translate: Callable[[str], str] = lambda s: s, live: bool = True) -> Verdict:
    """A record's latest receipt with what it found then, and (``live``) the alerts open on it now."""
    from .detect import latest_check

    check = latest_check(session, record_type, record_id)
    record = (record_type, record_id)
    found = []
    if check is not None:
        alerts = [session.get(ConflictAlert, alert_id) for alert_id in dict.fromkeys(check.alert_ids or [])]
        found = [conflict_json(session, alert, agency_id, translate, record) for alert in alerts
                 if alert is not None and side_of(alert, agency_id, record) is not None]
    now = open_conflicts(session, record_type, record_id, agency_id, translate) if live else []
    return Verdict(check.number if check else None, check.checked_at if check else None, found, now)
