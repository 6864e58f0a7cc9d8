"""MOU compliance: each rule measured over a period, per party, with the items that break it.

A rule is measured over the part of the period when its MOU was in effect.
A party keeps an obligation rule when none of its measured items breached
it; items whose deadline has not come are "not yet due" and count neither
way. A counting rule (joint cases and referrals) is kept by a party that
reaches the threshold.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import Agency
from ..types import utcnow
from .codes import RULE_KINDS
from .models import Mou, MouParty, MouRule
from .periods import Period
from .rules import EVALUATORS, Finding, Scope


@dataclass
class PartyResult:
    """One party's record under one rule."""

    agency: str
    kept: int = 0
    breached: int = 0
    pending: int = 0
    count: int = 0  # counting rules: the items it took part in
    threshold: int | None = None  # counting rules only

    @property
    def measured(self) -> int:
        return self.kept + self.breached

    @property
    def rate(self) -> float | None:
        """Percentage of measured items kept (None when nothing was measured)."""
        return round(100 * self.kept / self.measured, 1) if self.measured else None

    @property
    def status(self) -> str:
        if self.threshold is not None:
            return "kept" if self.count >= self.threshold else "breached"
        if self.breached:
            return "breached"
        return "kept" if self.kept else "no_data"


@dataclass
class RuleResult:
    """A rule measured over a period: the totals, each party, and the items."""

    rule: MouRule
    sentence: str
    findings: list[Finding]
    parties: list[PartyResult]

    @property
    def counting(self) -> bool:
        return self.rule.kind == "joint_activity"

    @property
    def breaches(self) -> list[Finding]:
        return [f for f in self.findings if f.state == "breached"]

    @property
    def kept(self) -> int:
        return sum(1 for f in self.findings if f.state == "kept")

    @property
    def breached(self) -> int:
        return len(self.breaches)

    @property
    def pending(self) -> int:
        return sum(1 for f in self.findings if f.state == "pending")

    @property
    def rate(self) -> float | None:
        measured = self.kept + self.breached
        return round(100 * self.kept / measured, 1) if measured else None

    @property
    def status(self) -> str:
        statuses = {p.status for p in self.parties}
        if "breached" in statuses:
            return "breached"
        return "kept" if "kept" in statuses else "no_data"


@dataclass
class MouCompliance:
    """An MOU's rules measured over the part of a period when it was in effect."""

    mou: Mou
    period: Period | None  # None: the MOU was not in effect at any time of the period
    rules: list[RuleResult] = field(default_factory=list)


def rule_sentence(rule: MouRule) -> str:
    """The rule as a sentence, with its threshold (and, for clearances, the agencies named)."""
    agencies = ", ".join(rule.agencies) if rule.agencies else _("the other parties")
    sentence = str(RULE_KINDS[rule.kind].sentence) % {"n": rule.threshold, "agencies": agencies}
    if getattr(rule, "border", None):
        sentence += " " + _("(across the %(border)s border)", border=rule.border)
    return sentence


def measure_rule(session: Session, rule: MouRule, parties: dict[int, str], period: Period,
                 now: datetime | None = None) -> RuleResult:
    """Measure one rule for the given parties over the period."""
    findings = EVALUATORS[rule.kind](session, Scope(rule, parties, period, now or utcnow()))
    results = {code: PartyResult(code) for code in sorted(parties.values())}
    if rule.kind == "joint_activity":
        counts = Counter(code for f in findings for code in f.credited)
        for code, result in results.items():
            result.count, result.threshold = counts[code], rule.threshold
    else:
        for finding in findings:
            result = results[finding.party]
            setattr(result, finding.state, getattr(result, finding.state) + 1)
    return RuleResult(rule, rule_sentence(rule), findings, list(results.values()))


def mou_compliance(session: Session, mou: Mou, period: Period, now: datetime | None = None) -> MouCompliance:
    """Every active rule of an MOU, measured over the part of the period when it was in effect."""
    effective = period.clipped(mou.effective_from, mou.effective_until)
    result = MouCompliance(mou, effective)
    if effective is None:
        return result
    parties = {p.agency_id: p.agency.code for p in mou.parties}
    result.rules = [measure_rule(session, rule, parties, effective, now) for rule in mou.rules if rule.active]
    return result


def mous_in_effect(session: Session, period: Period, agency: str | None = None) -> list[Mou]:
    """The MOUs in effect at some time of the period (those binding ``agency`` when given)."""
    query = (select(Mou).options(selectinload(Mou.parties).selectinload(MouParty.agency),
                                 selectinload(Mou.rules))
             .where(Mou.effective_from <= period.end)
             .where((Mou.effective_until.is_(None)) | (Mou.effective_until >= period.start)))
    if agency:
        query = query.where(Mou.id.in_(select(MouParty.mou_id).join(Agency, Agency.id == MouParty.agency_id)
                                       .where(Agency.code == agency)))
    return list(session.scalars(query.order_by(Mou.effective_from, Mou.id)))


def compliance_overview(session: Session, period: Period, agency: str | None = None,
                        now: datetime | None = None) -> list[MouCompliance]:
    """Compliance with every MOU in effect in the period (binding ``agency`` when given)."""
    return [mou_compliance(session, mou, period, now) for mou in mous_in_effect(session, period, agency)]
