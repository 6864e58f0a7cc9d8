"""An operation's lifecycle: planned → cleared → active → completed or cancelled.

The rules, each with the name a refused transition reports:

- ``invalid_transition``: only planned → cleared | cancelled, cleared → active
  | cancelled and active → completed | cancelled.
- ``clearance_required`` / ``clearance_refused``: a cross-border operation is
  cleared, and goes active, only while every agency whose clearance the
  agreements require (the MOU rules binding its agency, for its kind and
  border; where none applies, CROSS_BORDER_CLEARANCE_AGENCIES: ICE, CBP, FGR)
  has granted clearance: both
  moves check the clearances in force, so switching ``cross_border`` off and
  on again skips nothing. The owning agency does not clear its own: its
  supervisor's approval (the move to cleared) stands for it.
- ``critical_alert_unresolved``: an operation with an open critical alert goes
  active only by a supervisor's override, recorded with its reason on the
  operation and on each alert, and told to the other agencies.

A cancelled or completed operation's alerts close, both sides told, so it
never blocks another team's operation (conflicts/ended.py).

Late notice: an operation registered (or moved) less than the agreed notice
before it starts is flagged; :func:`notice_hours_for` is where an MOU's own
figure will override the default.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden, NotFound

from ..access import may_decide_clearance, may_move_operation, may_override, may_read_clearances
from ..accounts.models import Agency, User
from ..codes import OPERATION_STATUSES
from ..conflicts.models import AlertEvent, AlertSide, ConflictAlert
from ..conflicts.signals import announce_action
from ..deconfliction.geography import border_near
from ..deconfliction.reasons import N_
from ..notifications.services import concerned_with, notify, supervisors_of
from ..types import utcnow
from .models import Operation, OperationClearance, OperationEvent

if TYPE_CHECKING:
    from ..monitoring.models import Mou

TRANSITIONS = {
    "planned": ("cleared", "cancelled"),
    "cleared": ("active", "cancelled"),
    "active": ("completed", "cancelled"),
}
TARGETS = ("cleared", "active", "completed", "cancelled")
DECISIONS = ("granted", "refused")
PLAN_FIELDS = ("starts_at", "ends_at", "latitude", "longitude", "radius_m", "kind", "cross_border")
# Why the system itself sent an operation back to planned (stored as the event's reason, shown translated).
REVERTED = {
    "clearance_refused": N_("a clearance was refused after the operation was cleared"),
    "plan_changed": N_("the time or place changed after clearance: the clearances are asked again"),
    "clearance_required": N_("the operation became cross-border: its clearances are asked first"),
}


class TransitionRefused(Exception):
    """A rule forbids the move (HTTP 409); ``rule`` names it."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule, self.message = rule, message


class LifecycleError(ValueError):
    """Bad input tied to one field (HTTP 400)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


# --- notice ---------------------------------------------------------------------

def notice_hours_for(session: Session, operation: Operation) -> int:
    """The hours of notice the operation owes its partners (an MOU rule may set its own later)."""
    default = current_app.config.get("DEFAULT_NOTICE_HOURS", 24) if has_app_context() else 24
    return int(default)


def flag_late_notice(session: Session, operation: Operation, now: datetime | None = None) -> bool:
    """Set and return ``late_notice``: less notice than agreed between now and the start."""
    now = now or utcnow()
    operation.late_notice = operation.starts_at - now < timedelta(hours=notice_hours_for(session, operation))
    return operation.late_notice


# --- clearances ------------------------------------------------------------------

def required_clearances(session: Session, operation: Operation) -> list[tuple[Agency, Mou | None]]:
    """Who must clear the operation, and which agreement requires it (None: the default, no rule applies).

    None unless it is cross-border; never its owner. The MOU rules in effect
    that bind the operating agency decide, for the operation's kind and
    border (``monitoring.lookups``); where none applies, the agencies of
    CROSS_BORDER_CLEARANCE_AGENCIES (ICE, CBP, FGR).
    """
    if not operation.cross_border:
        return []
    from ..monitoring.lookups import clearances_required_for

    owner = session.get(Agency, operation.agency_id)
    border = border_near(owner.country, operation.latitude, operation.longitude) if owner else None
    by_rule = clearances_required_for(session, operation.agency_id, operation.kind, border,
                                      operation.starts_at.date() if operation.starts_at else None)
    if by_rule is not None:
        return list(by_rule)
    wanted = current_app.config.get("CROSS_BORDER_CLEARANCE_AGENCIES", ()) if has_app_context() else ()
    agencies = session.scalars(select(Agency).where(Agency.code.in_(list(wanted)))).all()
    order = {code: n for n, code in enumerate(wanted)}
    return [(agency, None) for agency in sorted((a for a in agencies if a.id != operation.agency_id),
                                                key=lambda a: order[a.code])]


def required_agencies(session: Session, operation: Operation) -> list[Agency]:
    """The agencies that must clear the operation: none unless it is cross-border; never its owner."""
    return [agency for agency, _mou in required_clearances(session, operation)]


def clearances_of(session: Session, operation: Operation) -> list[OperationClearance]:
    """The operation's clearance rows (requested, granted or refused), in request order."""
    return list(session.scalars(select(OperationClearance).where(OperationClearance.operation_id == operation.id)
                                .order_by(OperationClearance.id)))


def operation_for_clearance(session: Session, user: User, operation_id: int) -> Operation:
    """The operation, for its owning agency or an agency asked to clear it; a 404 for anyone else.

    A clearing agency sees the operation's plan (what, when, where, whom to
    call), not its case.
    """
    operation = session.get(Operation, operation_id)
    if operation is None:
        raise NotFound()
    required = {agency.id for agency in required_agencies(session, operation)}
    if not may_read_clearances(user, operation.agency_id, required):
        raise NotFound()
    return operation


def sync_clearances(session: Session, operation: Operation) -> list[OperationClearance]:
    """Ask each required agency that has not been asked; drop undecided requests no longer needed."""
    required = {agency.id: mou for agency, mou in required_clearances(session, operation)}
    existing = {c.agency_id: c for c in clearances_of(session, operation)}
    for agency_id, clearance in existing.items():
        if agency_id not in required and clearance.decision == "pending":
            session.delete(clearance)
        elif agency_id in required:
            clearance.mou_id = required[agency_id].id if required[agency_id] else None
    new = []
    for agency_id, mou in required.items():
        if agency_id not in existing:
            clearance = OperationClearance(operation_id=operation.id, agency_id=agency_id, decision="pending",
                                           requested_at=utcnow(), mou_id=mou.id if mou else None)
            session.add(clearance)
            new.append(clearance)
    session.flush()
    for clearance in new:
        _tell_clearing_agency(session, operation, clearance)
    return new


def _tell_clearing_agency(session: Session, operation: Operation, clearance: OperationClearance) -> None:
    """Ask the clearing agency's supervisors; with none, tell the operation's owner and the administrators."""
    owner = session.get(Agency, operation.agency_id)
    params = {"agency": owner.code, "operation_kind": operation.kind, "title": operation.title,
              "starts_at": operation.starts_at.isoformat()}
    deciders = supervisors_of(session, [clearance.agency_id])
    if deciders:
        notify(session, deciders, "clearance_requested", params, f"/review/clearances/{operation.id}")
        return
    clearing = session.get(Agency, clearance.agency_id)
    admins = session.scalars(select(User).where(User.role == "admin", User.active.is_(True)).order_by(User.id))
    owners = concerned_with(session, operation.agency_id, operation.case_id, operation)
    people = {user.id: user for user in [*owners, *admins]}
    notify(session, people.values(), "clearance_without_supervisor", {**params, "clearing_agency": clearing.code},
           f"/operations/{operation.id}")


def decide_clearance(session: Session, user: User, operation: Operation, decision: str,
                     note: str | None) -> OperationClearance:
    """A clearing agency's supervisor grants or refuses; the latest decision stands, all are kept.

    A refusal after the operation was cleared sends it back to planned.
    """
    required = {a.id for a in required_agencies(session, operation)}
    if user.agency_id not in required:
        if user.agency_id == operation.agency_id:
            raise Forbidden()
        raise NotFound()
    if not may_decide_clearance(user, operation.agency_id, required):
        raise Forbidden()
    if decision not in DECISIONS:
        raise LifecycleError("decision", str(_l("Choose granted or refused.")))
    if decision == "refused" and not (note or "").strip():
        raise LifecycleError("note", str(_l("Say why the clearance is refused.")))
    if operation.status not in ("planned", "cleared"):
        raise TransitionRefused("not_awaiting_clearance", str(_l(
            "This operation is %(status)s: clearances are decided before it goes active.",
            status=OPERATION_STATUSES[operation.status])))
    clearance = session.scalar(select(OperationClearance).where(
        OperationClearance.operation_id == operation.id, OperationClearance.agency_id == user.agency_id))
    if clearance is None:
        clearance = OperationClearance(operation_id=operation.id, agency_id=user.agency_id, requested_at=utcnow())
        session.add(clearance)
    now = utcnow()
    clearance.decision, clearance.note = decision, (note or "").strip() or None
    clearance.decided_at, clearance.decided_by_id = now, user.id
    session.add(OperationEvent(operation_id=operation.id, action="clearance", agency_id=user.agency_id,
                               user_id=user.id, to_status=decision, reason=clearance.note, at=now))
    if decision == "refused" and operation.status == "cleared":
        _move(session, user, operation, "planned", "clearance_refused", now, action="reverted")
    owner_people = concerned_with(session, operation.agency_id, operation.case_id, operation)
    notify(session, owner_people, "clearance_decided",
           {"agency": user.agency.code, "title": operation.title, "decision": decision, "note": clearance.note},
           f"/operations/{operation.id}")
    session.flush()
    return clearance


def awaiting_approval_query(agency_id: int):
    """The agency's planned operations: each waits for a supervisor's approval (the move to cleared)."""
    return select(Operation).where(Operation.agency_id == agency_id, Operation.status == "planned") \
        .order_by(Operation.starts_at, Operation.id)


def awaited_clearances(session: Session, operation: Operation) -> list[str]:
    """The agencies whose clearance the operation still waits for before it may be approved."""
    granted = {c.agency_id for c in clearances_of(session, operation) if c.decision == "granted"}
    return [a.code for a in required_agencies(session, operation) if a.id not in granted]


def pending_clearances_query(agency_id: int, decided: bool = False):
    """The clearance requests addressed to an agency (undecided ones, or the decided history)."""
    query = select(OperationClearance).join(Operation).where(OperationClearance.agency_id == agency_id)
    if decided:
        return query.where(OperationClearance.decision != "pending").order_by(OperationClearance.decided_at.desc())
    return query.where(OperationClearance.decision == "pending",
                       Operation.status.in_(("planned", "cleared"))).order_by(Operation.starts_at)


# --- transitions -----------------------------------------------------------------

def unresolved_critical_alerts(session: Session, operation: Operation) -> list[ConflictAlert]:
    """Open critical alerts on the operation itself or on a subject it targets."""
    targets = [t.subject_id for t in operation.targets]
    mine = [(AlertSide.record_type == "operation") & (AlertSide.record_id == operation.id)]
    if targets:
        mine.append((AlertSide.record_type == "subject") & AlertSide.record_id.in_(targets))
    sides = select(AlertSide.alert_id).where(AlertSide.agency_id == operation.agency_id, or_(*mine))
    return list(session.scalars(
        select(ConflictAlert).where(ConflictAlert.id.in_(sides), ConflictAlert.severity == "critical",
                                    ConflictAlert.status != "closed").order_by(ConflictAlert.id)))


def transition(session: Session, user: User, operation: Operation, to: str, reason: str | None = None,
               override: bool = False) -> Operation:
    """Move an operation along its lifecycle, or refuse with the rule that forbids it."""
    reason = (reason or "").strip() or None
    if to not in TARGETS:
        raise LifecycleError("to", str(_l("Choose one of: %(choices)s.", choices=", ".join(TARGETS))))
    if not may_move_operation(user, operation, to):
        raise Forbidden()
    if to not in TRANSITIONS.get(operation.status, ()):
        raise TransitionRefused("invalid_transition", str(_l(
            "An operation that is %(status)s cannot become %(to)s.", status=OPERATION_STATUSES[operation.status],
            to=OPERATION_STATUSES[to])))
    if to in ("cleared", "active"):
        _check_clearances(session, operation)
    overridden: list[ConflictAlert] = []
    if to == "active":
        overridden = unresolved_critical_alerts(session, operation)
        if overridden and not override:
            raise TransitionRefused("critical_alert_unresolved", str(_l(
                "Critical alert %(alerts)s is unresolved: resolve it with the other agency first, or a "
                "supervisor may override it with a reason.", alerts=", ".join(str(a.id) for a in overridden))))
        if overridden and not may_override(user):
            raise Forbidden()
        if overridden and not reason:
            raise LifecycleError("reason", str(_l("An override needs its reason.")))
    now = utcnow()
    _move(session, user, operation, to, reason, now)
    if overridden:
        _record_override(session, user, operation, overridden, reason, now)
    if to in ("cancelled", "completed"):
        _ended(session, user, operation, now)
    session.flush()
    return operation


def _ended(session: Session, user: User, operation: Operation, now: datetime) -> None:
    """Its alerts close (it blocks no one any more); a cancellation may be one of a burst of probes."""
    from ..conflicts.ended import close_alerts_of_ended, watch_for_probes

    session.flush()
    if operation.status == "cancelled":
        watch_for_probes(session, operation, now)
    close_alerts_of_ended(session, user, operation, now)


def _check_clearances(session: Session, operation: Operation) -> None:
    """Refuse unless every clearance the operation needs now is granted."""
    clearances = {c.agency_id: c for c in clearances_of(session, operation)}
    refused, awaited = [], []
    for agency in required_agencies(session, operation):
        clearance = clearances.get(agency.id)
        if clearance is not None and clearance.decision == "refused":
            refused.append(agency.code)
        elif clearance is None or clearance.decision != "granted":
            awaited.append(agency.code)
    if refused:
        raise TransitionRefused("clearance_refused", str(_l(
            "Clearance was refused by %(agencies)s.", agencies=", ".join(refused))))
    if awaited:
        raise TransitionRefused("clearance_required", str(_l(
            "A cross-border operation needs clearance granted by %(agencies)s before it is cleared.",
            agencies=", ".join(awaited))))


def _move(session: Session, user: User, operation: Operation, to: str, reason: str | None, now: datetime,
          action: str = "transition") -> None:
    session.add(OperationEvent(operation_id=operation.id, action=action, from_status=operation.status,
                               to_status=to, agency_id=user.agency_id, user_id=user.id, reason=reason, at=now))
    operation.status = to


def _record_override(session: Session, user: User, operation: Operation, alerts: list[ConflictAlert],
                     reason: str, now: datetime) -> None:
    ids = ", ".join(str(a.id) for a in alerts)
    session.add(OperationEvent(operation_id=operation.id, action="override", from_status="cleared",
                               to_status="active", agency_id=user.agency_id, user_id=user.id,
                               reason=f"[{ids}] {reason}", at=now))
    for alert in alerts:
        session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id, action="override",
                               note=reason, at=now))
        side = next((s for s in alert.sides if (s.record_type, s.record_id) == ("operation", operation.id)), None)
        announce_action(session, alert, user.agency_id, "operation_overridden", actor_id=user.id,
                        side_id=side.id if side is not None else None, operation_kind=operation.kind, note=reason)


# --- hooks called by the operation services ------------------------------------

def on_registered(session: Session, user: User, operation: Operation) -> None:
    """A new operation: its history starts, late notice is flagged, clearances are requested."""
    flag_late_notice(session, operation)
    session.add(OperationEvent(operation_id=operation.id, action="registered", to_status=operation.status,
                               agency_id=user.agency_id, user_id=user.id))
    sync_clearances(session, operation)


def plan_of(operation: Operation) -> dict:
    """The parts of an operation's plan that its partners agreed to (time, place, kind, cross-border)."""
    return {name: getattr(operation, name) for name in PLAN_FIELDS}


def on_plan_changed(session: Session, user: User, operation: Operation, before: dict) -> None:
    """A new time or place needs new notice and, for a cross-border operation, new clearances."""
    changed = [name for name in PLAN_FIELDS if getattr(operation, name) != before.get(name)]
    if not changed:
        return
    if "starts_at" in changed:
        flag_late_notice(session, operation)
    session.add(OperationEvent(operation_id=operation.id, action="changed", agency_id=user.agency_id,
                               user_id=user.id, reason=", ".join(changed)))
    if set(changed) - {"cross_border"} and operation.cross_border:
        _reset_clearances(session, user, operation)
    session.flush()
    sync_clearances(session, operation)
    if operation.status == "cleared" and operation.cross_border:
        try:
            _check_clearances(session, operation)
        except TransitionRefused:
            # Cleared before the clearances were needed (cross_border was off): not cleared any more.
            _move(session, user, operation, "planned", "clearance_required", utcnow(), action="reverted")
            session.flush()


def clearances_voided_by(session: Session, operation: Operation, before: dict) -> list[str]:
    """The agencies whose decided clearance a change of plan from ``before`` (not yet saved) would void."""
    changed = {name for name in PLAN_FIELDS if getattr(operation, name) != before.get(name)}
    if not operation.cross_border or not changed - {"cross_border"}:
        return []
    return [c.agency.code for c in clearances_of(session, operation) if c.decision != "pending"]


def _reset_clearances(session: Session, user: User, operation: Operation) -> None:
    """The clearing agencies agreed to a plan that changed: they are asked again."""
    reset = False
    for clearance in clearances_of(session, operation):
        if clearance.decision != "pending":
            clearance.decision, clearance.decided_at, clearance.decided_by_id = "pending", None, None
            clearance.requested_at = utcnow()
            _tell_clearing_agency(session, operation, clearance)
            reset = True
    if reset and operation.status == "cleared":
        _move(session, user, operation, "planned", "plan_changed", utcnow(), action="reverted")
