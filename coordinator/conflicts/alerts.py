"""Raising alerts once per pair, and showing each side only what it may see."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..deconfliction.conflicts import SEVERITY_RANK
from ..deconfliction.reasons import Reason
from ..types import utcnow
from .models import AlertEvent, AlertSide, ConflictAlert
from .signals import announce_alert


@dataclass(frozen=True)
class Side:
    """One agency's part in an overlap: its record and the reasons in its own terms."""

    agency_id: int
    case_id: int
    record_type: str  # "subject" | "operation" | "case"
    record_id: int
    record_kind: str
    reasons: tuple[Reason, ...]


def _reasons_json(reasons) -> list[dict]:
    return [{"code": r.code, "message": r.message, "params": dict(r.params)} for r in reasons]


def raise_alert(session: Session, *, pair: str, kind: str, level: str, severity: str, score: float,
                first: Side, second: Side, unseen: bool = False, tell: bool = True) -> tuple[ConflictAlert, bool]:
    """Create the alert for a pair, or refresh the existing one; True when it is new.

    A refreshed alert keeps its sides' statuses unless it got worse (a higher
    severity reopens it for both sides: something changed that they must see).
    ``unseen``: one side was written by this very transaction, so no alert
    of the pair can exist yet, here or in another process; such an alert is
    written with the next flush. ``tell=False`` leaves telling the people
    concerned about a new one to the caller (an import tells them once).
    """
    alert = None if unseen else session.scalar(select(ConflictAlert).where(ConflictAlert.pair == pair))
    if alert is None:
        alert = ConflictAlert(pair=pair, kind=kind, level=level, severity=severity, score=score)
        alert.sides = [_side(first), _side(second)]
        if unseen or _inserted(session, alert):
            session.add(alert)
            session.add(AlertEvent(alert=alert, action="raised"))
            if tell:
                session.flush()
                tell_sides(session, alert, "alert_raised")
            return alert, True
        alert = session.scalar(select(ConflictAlert).where(ConflictAlert.pair == pair))
    if _refresh(session, alert, level, severity, score, (first, second)):
        tell_sides(session, alert, "alert_escalated")
    return alert, False


def _inserted(session: Session, alert: ConflictAlert) -> bool:
    """Write a new alert at once; False if another process raised its pair a moment ago."""
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
    except IntegrityError:
        return False
    return True


def tell_sides(session: Session, alert: ConflictAlert, kind: str) -> None:
    """Announce a new, worsened or withdrawn alert; the notifiers tell the people concerned at once."""
    announce_alert(session, alert, kind)


def _side(side: Side) -> AlertSide:
    return AlertSide(agency_id=side.agency_id, case_id=side.case_id, record_type=side.record_type,
                     record_id=side.record_id, record_kind=side.record_kind, reasons=_reasons_json(side.reasons))


def _refresh(session: Session, alert: ConflictAlert, level: str, severity: str, score: float,
             sides: tuple[Side, Side]) -> bool:
    worse = SEVERITY_RANK[severity] < SEVERITY_RANK.get(alert.severity, 99) or (
        level == "match" and alert.level != "match")
    alert.level, alert.severity, alert.score = level, severity, score
    by_record = {(s.record_type, s.record_id): s for s in sides}
    for stored in alert.sides:
        fresh = by_record.get((stored.record_type, stored.record_id))
        if fresh is not None:
            stored.reasons = _reasons_json(fresh.reasons)
        if worse and stored.status != "open":
            stored.status = "open"
            # The earlier decision was about a lesser overlap; the history keeps it.
            stored.resolution, stored.resolved_at, stored.resolved_by_id = None, None, None
    if worse:
        alert.status, alert.closed_at = "open", None
        session.add(AlertEvent(alert_id=alert.id, action="escalated"))
    alert.updated_at = utcnow()
    return worse


def close_as_false_positive(session: Session, alert: ConflictAlert, now, action: str, user: User | None = None,
                            note: str | None = None) -> None:
    """Not the same thing: every undecided side becomes a false positive and the alert closes.

    Without a ``user`` the engine closes it (a network alert whose chain broke).
    """
    user_id = user.id if user is not None else None
    for side in alert.sides:
        if side.status not in ("deconflicted", "false_positive"):
            side.status, side.resolution, side.note = "false_positive", "false_positive", note
            side.resolved_at, side.resolved_by_id = now, user_id
            if side.acknowledged_at is None:
                side.acknowledged_at, side.acknowledged_by_id = now, user_id
    alert.status, alert.closed_at = "closed", now
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id if user is not None else None,
                           user_id=user_id, action=action, note=note, at=now))


def withdraw(session: Session, alert: ConflictAlert, now, action: str) -> None:
    """The engine closes an alert whose record is gone: nothing is left to deconflict, for either side.

    Undecided sides become ``deconflicted`` with the resolution ``withdrawn``
    (no one decided it: not a false positive); every side's reasons are
    cleared, since they described the record that is gone. A decision a
    side had recorded stays.
    """
    for side in alert.sides:
        if side.status not in ("deconflicted", "false_positive"):
            side.status, side.resolution, side.resolved_at, side.resolved_by_id = "deconflicted", "withdrawn", now, None
            if side.acknowledged_at is None:
                side.acknowledged_at = now
        side.reasons = []
    alert.status, alert.closed_at = "closed", now
    session.add(AlertEvent(alert_id=alert.id, action=action, at=now))


Record = tuple[str, int]


def side_of(alert: ConflictAlert, agency_id: int, record: Record | None = None) -> AlertSide | None:
    """The viewer agency's side of an alert, if it has one (``record``: the side of that record).

    Both sides may be the agency's (two of its cases' operations): then
    ``record`` says which one the viewer looks from.
    """
    mine = [s for s in alert.sides if s.agency_id == agency_id]
    if record is not None:
        return next((s for s in mine if (s.record_type, s.record_id) == tuple(record)), mine[0] if mine else None)
    return mine[0] if mine else None


def other_side(alert: ConflictAlert, agency_id: int, record: Record | None = None) -> AlertSide | None:
    """The side facing the viewer's: another agency's, or the agency's other case's."""
    mine = side_of(alert, agency_id, record)
    return next((s for s in alert.sides if s is not mine), None)


def sides_of(alert: ConflictAlert, agency_id: int) -> list[AlertSide]:
    """Every side of an alert that is the agency's (two when both operations are its own)."""
    return [s for s in alert.sides if s.agency_id == agency_id]


def record_ref(side: AlertSide) -> str:
    """How a side is named in a link or a request: its record, "operation:12"."""
    return f"{side.record_type}:{side.record_id}"


def parse_record(value: object) -> Record | None:
    """"operation:12" -> ("operation", 12); None for anything else."""
    if not isinstance(value, str):
        return None
    record_type, _sep, number = value.strip().partition(":")
    if record_type not in ("operation", "subject", "case") or not number.isdigit() or len(number) > 18:
        return None
    return record_type, int(number)


def side_link(alert: ConflictAlert, side: AlertSide) -> str:
    """The alert's page as the side sees it; the record is named when the agency has both sides."""
    link = f"/review/alerts/{alert.id}"
    if len(sides_of(alert, side.agency_id)) > 1:
        link += f"?record={record_ref(side)}"
    return link
