"""Raising alerts once per pair, and showing each side only what it may see."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import User
from ..audit.recorder import record as audit
from ..deconfliction.conflicts import SEVERITY_RANK
from ..deconfliction.reasons import Reason
from ..savepoints import savepoint
from ..types import utcnow
from .index import among
from .models import AlertEvent, AlertSide, ConflictAlert
from .signals import announce_alert, announce_alerts


@dataclass(frozen=True)
class Side:
    """One agency's part in an overlap: its record and the reasons in its own terms."""

    agency_id: int | None
    case_id: int | None
    record_type: str  # "subject" | "operation" | "case" | "remote" (a peer instance's record)
    record_id: int
    record_kind: str
    reasons: tuple[Reason, ...]
    instance: str | None = None  # the peer instance holding the record (federation)
    remote: dict | None = None  # what the peer told of it: agency code, point of contact, reference


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
        withhold(session, alert)
        if unseen or _all_inserted(session, [alert]):
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


@dataclass(frozen=True)
class Overlap:
    """One of several alerts to raise at once (``raise_alerts``): what ``raise_alert`` is given for one."""

    pair: str
    kind: str
    level: str
    severity: str
    score: float
    first: Side
    second: Side


def raise_alerts(session: Session, overlaps: list[Overlap]) -> list[tuple[ConflictAlert, bool]]:
    """Raise or refresh several alerts at once; for each, True when it is new.

    A new link can join a case to every case of a large network at once,
    each pair an alert of its own. Their pairs are looked up in one query,
    the new ones written in one flush and announced together, so that the
    statements sent do not grow with the alerts. If another process raised
    one of the pairs a moment ago, the batch is undone and each is raised
    on its own (``raise_alert``).
    """
    if not overlaps:
        return []
    existing = {alert.pair: alert for alert in session.scalars(
        select(ConflictAlert).where(among(session, ConflictAlert.pair, [o.pair for o in overlaps]))
        .options(selectinload(ConflictAlert.sides)))}
    fresh: dict[str, ConflictAlert] = {}
    for overlap in overlaps:
        if overlap.pair not in existing and overlap.pair not in fresh:
            alert = ConflictAlert(pair=overlap.pair, kind=overlap.kind, level=overlap.level,
                                  severity=overlap.severity, score=overlap.score)
            alert.sides = [_side(overlap.first), _side(overlap.second)]
            withhold(session, alert)
            fresh[overlap.pair] = alert
    if fresh and not _all_inserted(session, list(fresh.values())):
        return [raise_alert(session, pair=o.pair, kind=o.kind, level=o.level, severity=o.severity, score=o.score,
                            first=o.first, second=o.second) for o in overlaps]
    worse, raised = [], []
    for overlap in overlaps:
        if overlap.pair in fresh:
            raised.append((fresh[overlap.pair], True))
            continue
        alert = existing[overlap.pair]
        if _refresh(session, alert, overlap.level, overlap.severity, overlap.score, (overlap.first, overlap.second)):
            worse.append(alert)
        raised.append((alert, False))
    if fresh:
        session.add_all([AlertEvent(alert=alert, action="raised") for alert in fresh.values()])
        session.flush()
        announce_alerts(session, list(fresh.values()), "alert_raised")
    for alert in worse:
        tell_sides(session, alert, "alert_escalated")
    return raised


def withhold(session: Session, alert: ConflictAlert) -> None:
    """A hit on a sensitive subject record tells only its owner: the other side is withheld until it decides.

    Only subject records are ever sensitive: an operation's alert always
    reaches both sides (officer safety), and so does a critical one (both
    agencies' live operations target the subject). When both records are
    sensitive, neither owner has a secret from the other and both are told.
    """
    from ..subjects.models import SubjectRecord

    if alert.severity == "critical" or any(side.record_type != "subject" for side in alert.sides):
        return  # an operation on either side, or both agencies about to act: officer safety tells both
    sensitive = [side for side in alert.sides if side.record_type == "subject"
                 and (found := session.get(SubjectRecord, side.record_id)) is not None and found.sensitive]
    if len(sensitive) != 1:
        return
    owner = sensitive[0]
    for side in alert.sides:
        if side is not owner and side.agency_id != owner.agency_id:
            side.withheld = True
            audit(session, "alert.withheld", object_type="alert", object_id=alert.pair,
                   details={"owner_agency_id": owner.agency_id, "withheld_agency_id": side.agency_id,
                            "sensitive_record_id": owner.record_id})


def _all_inserted(session: Session, alerts: list[ConflictAlert]) -> bool:
    """Write new alerts at once; False (none written) if another process raised one of their pairs a moment ago."""
    try:
        with savepoint(session):
            session.add_all(alerts)
            session.flush()
    except IntegrityError:
        return False
    return True


def tell_sides(session: Session, alert: ConflictAlert, kind: str) -> None:
    """Announce a new, worsened or withdrawn alert; the notifiers tell the people concerned at once."""
    announce_alert(session, alert, kind)


def _side(side: Side) -> AlertSide:
    return AlertSide(agency_id=side.agency_id, case_id=side.case_id, record_type=side.record_type,
                     record_id=side.record_id, record_kind=side.record_kind, reasons=_reasons_json(side.reasons),
                     instance=side.instance, remote=side.remote)


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
    if severity == "critical" and any(s.withheld for s in alert.sides):
        # Both agencies now act on the subject: officer safety overrides the owner's silence.
        for stored in alert.sides:
            stored.withheld = False
        session.add(AlertEvent(alert_id=alert.id, action="revealed"))
        audit(session, "alert.revealed", object_type="alert", object_id=alert.id, details={"why": "critical"})
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
    mine = [s for s in alert.sides if s.agency_id == agency_id and not s.withheld]
    if record is not None:
        return next((s for s in mine if (s.record_type, s.record_id) == tuple(record)), mine[0] if mine else None)
    return mine[0] if mine else None


def other_side(alert: ConflictAlert, agency_id: int, record: Record | None = None) -> AlertSide | None:
    """The side facing the viewer's: another agency's, or the agency's other case's (withheld or not)."""
    mine = side_of(alert, agency_id, record)
    return next((s for s in alert.sides if s is not mine), None)


def withheld_from_other(alert: ConflictAlert) -> bool:
    """Whether a side of the alert has not been told (the owner of a sensitive record has not decided to)."""
    return any(s.withheld for s in alert.sides)


def sides_of(alert: ConflictAlert, agency_id: int) -> list[AlertSide]:
    """Every side of an alert that is the agency's and that it has been told of (two when both operations are its own)."""
    return [s for s in alert.sides if s.agency_id == agency_id and not s.withheld]


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
