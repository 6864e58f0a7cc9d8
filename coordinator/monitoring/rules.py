"""Measuring each kind of MOU rule against the records: one finding per measured item.

A finding names what was measured by its case number, agency, kind and
dates — never a subject, a title or a note, which may name people. The
evaluators read the records the other areas keep: operations with their
clearances and history, conflict alerts with each side's acknowledgement and
resolution, referrals and their decisions, cases with their participants.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import Agency
from ..cases.models import Case, CaseParticipant
from ..codes import CASE_TYPES, CONFLICT_KINDS, OPERATION_KINDS
from ..conflicts.models import ConflictAlert
from ..deconfliction.geography import border_near
from ..operations.models import Operation, OperationClearance, OperationEvent
from ..outcomes.codes import REFERRAL_KINDS
from ..outcomes.models import Referral
from .models import MouRule
from .periods import Period


@dataclass
class Finding:
    """One measured item and whether it kept the rule; ``party`` is the agency answerable for it."""

    party: str
    state: str  # kept | breached | pending | counted
    record_type: str  # operation | alert | referral | case
    record_id: int
    record_kind: str
    case_id: int | None
    case_number: str | None
    case_agency: str | None
    due: datetime | date | None
    actual: datetime | date | None
    detail: str
    credited: tuple[str, ...] = ()  # for counted items: every party it counts for

    @property
    def record(self) -> str:
        """What was measured, in words and by id: "Controlled delivery #12", "Alert: Same subject #5"."""
        if self.record_type == "operation":
            kind = OPERATION_KINDS.get(self.record_kind, self.record_kind)
        elif self.record_type == "alert":
            kind = _("Alert: %(kind)s", kind=CONFLICT_KINDS.get(self.record_kind, self.record_kind))
        elif self.record_type == "referral":
            kind = REFERRAL_KINDS.get(self.record_kind, self.record_kind)
        else:
            kind = _("Joint case: %(type)s", type=CASE_TYPES.get(self.record_kind, self.record_kind))
        return f"{kind} #{self.record_id}"


@dataclass
class Scope:
    """What a rule is measured over: the parties (agency id → code), the period, the present moment."""

    rule: MouRule
    parties: dict[int, str]
    period: Period
    now: datetime

    @property
    def today(self) -> date:
        return self.now.date()


def _state(at: datetime | date | None, due: datetime | date, now: datetime | date) -> str:
    """Done by the deadline: kept; done late, or not done and overdue: breached; else not yet due."""
    if at is not None:
        return "kept" if at <= due else "breached"
    return "breached" if now > due else "pending"


def _hours(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 3600:.1f}"


def _minutes(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 60:.0f}"


def operation_notice(session: Session, scope: Scope) -> list[Finding]:
    """Operations of the parties starting in the period, registered at least N hours before."""
    query = (select(Operation, Case.number).join(Case, Case.id == Operation.case_id)
             .where(Operation.agency_id.in_(scope.parties), Operation.starts_at >= scope.period.first_moment,
                    Operation.starts_at < scope.period.after_moment))
    if scope.rule.operation_kind:
        query = query.where(Operation.kind == scope.rule.operation_kind)
    findings = []
    for operation, number in session.execute(query.order_by(Operation.starts_at, Operation.id)):
        due = operation.starts_at - timedelta(hours=scope.rule.threshold)
        notice = operation.starts_at - operation.created_at
        detail = (_("registered %(hours)s hours before it started", hours=_hours(notice)) if notice.total_seconds() >= 0
                  else _("registered %(hours)s hours after it started", hours=_hours(-notice)))
        code = scope.parties[operation.agency_id]
        findings.append(Finding(code, "kept" if operation.created_at <= due else "breached", "operation",
                                operation.id, operation.kind, operation.case_id, number, code, due,
                                operation.created_at, detail))
    return findings


def _activations(session: Session, operation_ids: list[int]) -> dict[int, datetime]:
    rows = session.execute(
        select(OperationEvent.operation_id, func.min(OperationEvent.at))
        .where(OperationEvent.operation_id.in_(operation_ids), OperationEvent.to_status == "active",
               OperationEvent.action.in_(("transition", "override")))
        .group_by(OperationEvent.operation_id))
    return {operation_id: at for operation_id, at in rows}


def required_clearers(rule: MouRule, parties: dict[int, str]) -> list[str]:
    """The agencies whose clearance the rule requires: those it names, else the parties (but the operator)."""
    return list(rule.agencies) or sorted(parties.values())


def cross_border_clearance(session: Session, scope: Scope) -> list[Finding]:
    """Cross-border operations of the parties that went active in the period, cleared first by the named agencies.

    The moment an operation went active is its first transition to active in
    its history; an active or completed operation without that history is
    taken to have gone active when it started.
    """
    query = (select(Operation, Case.number).join(Case, Case.id == Operation.case_id)
             .where(Operation.agency_id.in_(scope.parties), Operation.cross_border.is_(True)))
    if scope.rule.operation_kind:
        query = query.where(Operation.kind == scope.rule.operation_kind)
    rows = session.execute(query.order_by(Operation.starts_at, Operation.id)).all()
    if scope.rule.border:  # the rule covers one border: the operations that cross it
        countries = dict(session.execute(select(Agency.id, Agency.country)).all())
        rows = [(operation, number) for operation, number in rows if border_near(
            countries[operation.agency_id], operation.latitude, operation.longitude) == scope.rule.border]
    activations = _activations(session, [operation.id for operation, _number in rows])
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    required = required_clearers(scope.rule, scope.parties)
    findings = []
    for operation, number in rows:
        went_active = activations.get(operation.id)
        if went_active is None and operation.status in ("active", "completed"):
            went_active = operation.starts_at
        if went_active is None or not scope.period.first_moment <= went_active < scope.period.after_moment:
            continue
        own = codes[operation.agency_id]
        granted = {codes[c.agency_id]: c.decided_at for c in session.scalars(
            select(OperationClearance).where(OperationClearance.operation_id == operation.id,
                                             OperationClearance.decision == "granted"))}
        needed = [code for code in required if code != own]
        missing = [code for code in needed if granted.get(code) is None or granted[code] > went_active]
        if missing:
            detail = _("went active without the clearance of %(agencies)s", agencies=", ".join(missing))
        else:
            detail = _("cleared by %(agencies)s before going active", agencies=", ".join(needed) or "—")
        findings.append(Finding(own, "breached" if missing else "kept", "operation", operation.id, operation.kind,
                                operation.case_id, number, own, went_active, went_active, detail))
    return findings


def _conflict_findings(session: Session, scope: Scope, due_after: timedelta, moment: Callable,
                       severity: str | None = None, detail_in_minutes: bool = False) -> list[Finding]:
    query = (select(ConflictAlert).options(selectinload(ConflictAlert.sides))
             .where(ConflictAlert.raised_at >= scope.period.first_moment,
                    ConflictAlert.raised_at < scope.period.after_moment))
    if severity:
        query = query.where(ConflictAlert.severity == severity)
    alerts = session.scalars(query.order_by(ConflictAlert.raised_at, ConflictAlert.id)).all()
    between_parties = [a for a in alerts if len(a.sides) >= 2 and all(s.agency_id in scope.parties for s in a.sides)]
    case_ids = {side.case_id for alert in between_parties for side in alert.sides}
    numbers = dict(session.execute(select(Case.id, Case.number).where(Case.id.in_(case_ids))).all()) if case_ids else {}
    findings = []
    for alert in between_parties:
        due = alert.raised_at + due_after
        for side in alert.sides:
            if side.withheld:  # not told (the other record is sensitive): nothing it could have done late
                continue
            at = moment(side)
            state = _state(at, due, scope.now)
            code = scope.parties[side.agency_id]
            if at is not None and detail_in_minutes:
                detail = _("%(minutes)s minutes after the alert", minutes=_minutes(at - alert.raised_at))
            elif at is not None:
                detail = _("%(hours)s hours after the alert", hours=_hours(at - alert.raised_at))
            else:
                detail = _("not yet")
            findings.append(Finding(code, state, "alert", alert.id, alert.kind, side.case_id, numbers.get(side.case_id),
                                    code, due, at, detail))
    return findings


def conflict_acknowledged(session: Session, scope: Scope) -> list[Finding]:
    """Each side of an alert between parties acknowledged it within N hours of its raising."""
    return _conflict_findings(session, scope, timedelta(hours=scope.rule.threshold),
                              lambda side: side.acknowledged_at)


def critical_acknowledged(session: Session, scope: Scope) -> list[Finding]:
    """Each side of a critical alert between parties acknowledged it within N minutes of its raising.

    The watch centre's measure: a critical alert is an officer-safety
    conflict, and its escalation fires at the same kind of limit.
    """
    return _conflict_findings(session, scope, timedelta(minutes=scope.rule.threshold),
                              lambda side: side.acknowledged_at, severity="critical", detail_in_minutes=True)


def conflict_resolved(session: Session, scope: Scope) -> list[Finding]:
    """Each side of an alert between parties resolved it within N days of its raising."""
    return _conflict_findings(session, scope, timedelta(days=scope.rule.threshold), lambda side: side.resolved_at)


def _referrals_between(session: Session, scope: Scope):
    query = (select(Referral, Case.number).join(Case, Case.id == Referral.case_id)
             .where(Referral.from_agency_id.in_(scope.parties), Referral.to_agency_id.in_(scope.parties),
                    Referral.sent_on.between(scope.period.start, scope.period.end)))
    if scope.rule.referral_kind:
        query = query.where(Referral.kind == scope.rule.referral_kind)
    return session.execute(query.order_by(Referral.sent_on, Referral.id)).all()


def referral_decided(session: Session, scope: Scope) -> list[Finding]:
    """Referrals between parties sent in the period, decided by the receiver within N days."""
    findings = []
    for referral, number in _referrals_between(session, scope):
        due = referral.sent_on + timedelta(days=scope.rule.threshold)
        state = _state(referral.decided_on, due, scope.today)
        sender, receiver = scope.parties[referral.from_agency_id], scope.parties[referral.to_agency_id]
        if referral.decided_on is not None:
            days = (referral.decided_on - referral.sent_on).days
            detail = _("%(from)s to %(to)s, decided after %(days)s days", days=days, **{"from": sender, "to": receiver})
        else:
            detail = _("%(from)s to %(to)s, not decided", **{"from": sender, "to": receiver})
        findings.append(Finding(receiver, state, "referral", referral.id, referral.kind, referral.case_id, number,
                                sender, due, referral.decided_on, detail))
    return findings


def joint_activity(session: Session, scope: Scope) -> list[Finding]:
    """Joint cases opened in the period and referrals sent in it, between parties; each counts for every party in it."""
    rows = session.execute(
        select(Case.id, Case.number, Case.case_type, Case.agency_id, Case.opened_on, CaseParticipant.agency_id)
        .join(CaseParticipant, CaseParticipant.case_id == Case.id)
        .where(Case.agency_id.in_(scope.parties), CaseParticipant.agency_id.in_(scope.parties),
               CaseParticipant.agency_id != Case.agency_id,
               Case.opened_on.between(scope.period.start, scope.period.end))
        .order_by(Case.opened_on, Case.id)).all()
    joint: dict[int, dict] = {}
    for case_id, number, case_type, owner, opened_on, participant in rows:
        entry = joint.setdefault(case_id, {"number": number, "type": case_type, "owner": owner, "on": opened_on,
                                           "with": []})
        entry["with"].append(scope.parties[participant])
    findings = []
    for case_id, entry in joint.items():
        owner = scope.parties[entry["owner"]]
        findings.append(Finding(owner, "counted", "case", case_id, entry["type"], case_id, entry["number"], owner,
                                None, entry["on"], _("joint case with %(agencies)s", agencies=", ".join(entry["with"])),
                                credited=(owner, *entry["with"])))
    for referral, number in _referrals_between(session, scope):
        sender, receiver = scope.parties[referral.from_agency_id], scope.parties[referral.to_agency_id]
        findings.append(Finding(sender, "counted", "referral", referral.id, referral.kind, referral.case_id, number,
                                sender, None, referral.sent_on,
                                _("referral from %(from)s to %(to)s", **{"from": sender, "to": receiver}),
                                credited=(sender, receiver)))
    return findings


EVALUATORS: dict[str, Callable[[Session, Scope], list[Finding]]] = {
    "operation_notice": operation_notice,
    "cross_border_clearance": cross_border_clearance,
    "conflict_acknowledged": conflict_acknowledged,
    "critical_acknowledged": critical_acknowledged,
    "conflict_resolved": conflict_resolved,
    "referral_decided": referral_decided,
    "joint_activity": joint_activity,
}
