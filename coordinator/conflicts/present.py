"""How an alert looks to one agency: its own record, the reasons, whom to call.

Never the other case's contents: only the other agency, the kind of its
record and its point of contact.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import case, select
from sqlalchemy.orm import Session, selectinload

from ..cases.models import Case
from ..deconfliction.conflicts import SEVERITY_RANK
from ..deconfliction.normalise import phone_to_store
from ..deconfliction.reasons import Reason
from ..operations.models import Operation
from .alerts import other_side, side_of
from .models import AlertSide, ConflictAlert


def point_of_contact(session: Session, side: AlertSide) -> dict:
    """Whom the other agency should call about this side's record (a peer's side: what the peer told)."""
    if side.instance is not None:
        return dict((side.remote or {}).get("poc") or {"name": None, "phone": None, "email": None})
    return point_of_contact_of(session, side.record_type, side.record_id, side.case_id)


def point_of_contact_of(session: Session, record_type: str, record_id: int, case_id: int) -> dict:
    """Whom another agency should call about a record: the operation's contact, else the case's lead agent."""
    if record_type == "operation":
        operation = session.get(Operation, record_id)
        if operation is not None:
            return _operation_contact(operation)
    return _case_contact(session.get(Case, case_id))


def _operation_contact(operation: Operation) -> dict:
    return {"name": operation.poc_name, "phone": operation.contact_phone, "email": operation.poc_email}


def _case_contact(case: Case) -> dict:
    person = case.lead_agent or case.created_by
    # A number kept as typed (before numbers were kept in E.164) is the person's own country's.
    phone = phone_to_store(person.phone, person.agency.country if person.agency else None)
    return {"name": person.name, "phone": phone, "email": person.email}


Contacts = dict[tuple[str, int], dict]


def preload(session: Session, alerts: list[ConflictAlert], agency_id: int, own_records: bool = True) -> Contacts:
    """Load what a list of alerts shows in a fixed number of queries, whatever its length.

    The sides with their agencies, then the other sides' operations and
    cases with the people to call, returned as each other side's point of
    contact for ``conflict_json`` (which would otherwise ask per alert); and
    (``own_records``) the viewer's own records, which the page names
    (``record_label``) and the API's list does not.
    """
    if not alerts:
        return {}
    unloaded = [alert.id for alert in alerts if "sides" not in alert.__dict__]
    if unloaded:
        session.scalars(select(ConflictAlert).where(ConflictAlert.id.in_(unloaded))
                        .options(selectinload(ConflictAlert.sides).joinedload(AlertSide.agency))).all()
    # Every side: an alert between two of the agency's cases is shown from each, each calling the other.
    theirs = [side for alert in alerts for side in alert.sides]
    operation_ids = {side.record_id for side in theirs if side is not None and side.record_type == "operation"}
    case_ids = {side.case_id for side in theirs if side is not None and side.case_id is not None}
    operations = {o.id: o for o in session.scalars(select(Operation).where(Operation.id.in_(operation_ids)))} \
        if operation_ids else {}
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(case_ids)).options(
        selectinload(Case.lead_agent), selectinload(Case.created_by)))} if case_ids else {}
    if own_records:
        _load_own_records(session, [side for alert in alerts for side in alert.sides if side.agency_id == agency_id])
    contacts: Contacts = {}
    for side in theirs:
        if side is None or side.instance is not None:
            continue
        operation = operations.get(side.record_id) if side.record_type == "operation" else None
        if operation is not None:
            contacts[("operation", side.record_id)] = _operation_contact(operation)
        elif side.case_id in cases:
            contacts[(side.record_type, side.record_id)] = _case_contact(cases[side.case_id])
    return contacts


def _load_own_records(session: Session, sides: list[AlertSide | None]) -> None:
    """Bring the viewer's own records into the session for the rest of the request."""
    from ..subjects.models import SubjectRecord

    wanted: dict[str, set[int]] = {}
    for side in sides:
        if side is not None:
            wanted.setdefault(side.record_type, set()).add(side.record_id)
    loaded: list = []
    for record_type, model in (("subject", SubjectRecord), ("operation", Operation), ("case", Case)):
        if wanted.get(record_type):
            loaded.extend(session.scalars(select(model).where(model.id.in_(wanted[record_type]))))
    # The session holds its objects weakly: keep these until the request's session ends.
    session.info.setdefault("preloaded", []).extend(loaded)


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
                  translate: Callable[[str], str] = lambda s: s, record: tuple[str, int] | None = None,
                  contacts: Contacts | None = None) -> dict:
    """The contract's conflict object, for a viewer of ``agency_id`` looking from ``record``'s side.

    ``contacts``: the points of contact read at once by :func:`preload`, for a list.
    """
    mine, theirs = side_of(alert, agency_id, record), other_side(alert, agency_id, record)
    poc = (contacts or {}).get((theirs.record_type, theirs.record_id)) or point_of_contact(session, theirs)
    return {
        "id": alert.id,
        "kind": alert.kind,
        "level": alert.level,
        "severity": alert.severity,
        "score": round(alert.score, 4),
        "reasons": render_reasons(mine, translate),
        "this": {"type": mine.record_type, "id": mine.record_id, "case_id": mine.case_id,
                 "kind": mine.record_kind},
        "other": {"agency": theirs.agency_code, "record_kind": theirs.record_kind,
                  "poc": poc, "status": theirs.status, "instance": theirs.instance},
        "status": mine.status,
        "alert_status": alert.status,
        # The owner of a sensitive record was told alone: the other side knows nothing until it is told.
        "withheld_from_other": theirs.withheld,
        "raised_at": _iso(alert.raised_at),
        # Timeliness: when each side acknowledged and resolved (the monitors measure these).
        "sides": [{"agency": side.agency_code, "instance": side.instance, "status": side.status, "acknowledged_at": _iso(side.acknowledged_at),
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
    peers: dict | None = None  # the peer instances asked: {"checked", "not_checked", "checked_later"}


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
               AlertSide.agency_id == agency_id, AlertSide.withheld.is_(False), ConflictAlert.status != "closed")
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
    return Verdict(check.number if check else None, check.checked_at if check else None, found, now,
                   check.peers if check else None)
