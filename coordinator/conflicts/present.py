"""How an alert looks to one agency: its own record, the reasons, whom to call.

Never the other case's contents: only the other agency, the kind of its
record and its point of contact.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

from ..cases.models import Case
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
                  translate: Callable[[str], str] = lambda s: s) -> dict:
    """The contract's conflict object, for a viewer of ``agency_id``."""
    mine, theirs = side_of(alert, agency_id), other_side(alert, agency_id)
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


def latest_receipt(session: Session, record_type: str, record_id: int, agency_id: int,
                   translate: Callable[[str], str] = lambda s: s) -> tuple[str | None, list[dict]]:
    """The receipt number of a record's latest check and the conflicts it found, for one agency."""
    from .detect import latest_check

    check = latest_check(session, record_type, record_id)
    if check is None:
        return None, []
    alerts = [session.get(ConflictAlert, alert_id) for alert_id in dict.fromkeys(check.alert_ids or [])]
    return check.number, [conflict_json(session, alert, agency_id, translate) for alert in alerts if alert]
