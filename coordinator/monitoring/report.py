"""The outcomes report: what became of an agency's cases in a period, counted one way everywhere.

The same function answers the API, the monitor's dashboard, the CSV export
and the CLI, so the figures cannot disagree. What each count means:

- ``cases_initiated``: the agency's cases opened in the period (``opened_on``).
- ``initiated_by``: those cases by how they were initiated (codes with a count
  above zero); ``referred_by``: those initiated by a referral, by the agency
  that referred them.
- ``referred_for_prosecution``: the agency's cases with at least one referral
  for prosecution sent in the period (cases, not referrals: a case referred to
  both the USAO and the FGR counts once).
- ``prosecution_pending`` / ``_accepted`` / ``_declined``: those same cases by
  the decision on their prosecution referrals as recorded now: accepted if any
  was accepted, else pending if any awaits a decision, else declined. The three
  always add up to ``referred_for_prosecution``.
- ``indicted``: defendants (distinct person records) of the agency's cases
  with an indictment filed in the period.
- ``convicted``: defendants of the agency's cases convicted (at trial or on a
  plea) in the period, by the disposition's date.
- ``arrests``: arrests of persons of the agency's cases made in the period
  (by any agency, in either country; a person arrested twice counts twice).
- ``extraditions``: extradition requests of those cases made in the period;
  ``extraditions_granted``: those of them granted, as recorded now.
- ``legal_assistance_requests``: mutual legal assistance requests of those
  cases sent in the period; ``legal_assistance_answered``: those answered.
- ``asset_seizures``: seizures of currency or other assets in the period.
- ``traces_urgent``: trace requests of the agency's cases sent in the period
  and marked urgent; ``traces_urgent_within_24h``: those of them answered
  within 24 hours (trace dates are days: the day sent or the next);
  ``trace_median_days``: the median days to answer of the traces sent in the
  period that are answered (null when none is).

Without an agency the counts cover every agency's cases.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, aliased

from ..accounts.models import Agency
from ..cases.models import Case
from ..codes import INITIATED_BY
from ..outcomes.codes import CONVICTIONS
from ..outcomes.models import (
    Arrest, AssetSeizure, Disposition, Extradition, Indictment, LegalAssistanceRequest, Referral, TraceRequest,
)
from .figures import trace_timeliness
from .periods import Period

TRACE_FIGURES = ("traces_urgent", "traces_urgent_within_24h", "trace_median_days")
FUNNEL = ("cases_initiated", "referred_for_prosecution", "prosecution_pending", "prosecution_accepted",
          "prosecution_declined", "indicted", "convicted", "arrests", "extraditions", "extraditions_granted",
          "legal_assistance_requests", "legal_assistance_answered", "asset_seizures")


@dataclass
class OutcomeReport:
    """The outcome funnel of one agency (or all) in one period."""

    period: Period
    agency: str | None
    cases_initiated: int = 0
    initiated_by: dict[str, int] = field(default_factory=dict)
    referred_by: dict[str, int] = field(default_factory=dict)
    referred_for_prosecution: int = 0
    prosecution_pending: int = 0
    prosecution_accepted: int = 0
    prosecution_declined: int = 0
    indicted: int = 0
    convicted: int = 0
    arrests: int = 0
    extraditions: int = 0
    extraditions_granted: int = 0
    legal_assistance_requests: int = 0
    legal_assistance_answered: int = 0
    asset_seizures: int = 0
    traces_urgent: int = 0
    traces_urgent_within_24h: int = 0
    trace_median_days: float | None = None

    def as_json(self) -> dict:
        """The contract's shape, plus the period and agency it covers."""
        body = {name: getattr(self, name) for name in FUNNEL + TRACE_FIGURES}
        body.update(initiated_by=dict(self.initiated_by), referred_by=dict(self.referred_by),
                    agency=self.agency, period=self.period.as_json())
        return body

    def funnel(self) -> list[tuple[str, int]]:
        return [(name, getattr(self, name)) for name in FUNNEL]


def _agency_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    return session.scalar(select(Agency.id).where(Agency.code == code))


def _case_filter(query, agency_id: int | None, mexico_nexus: bool | None):
    if agency_id is not None:
        query = query.where(Case.agency_id == agency_id)
    if mexico_nexus is not None:
        query = query.where(Case.mexico_nexus.is_(mexico_nexus))
    return query


def outcomes_report(session: Session, agency: str | None, period: Period,
                    mexico_nexus: bool | None = None) -> OutcomeReport:
    """Count the funnel of ``agency``'s cases (all agencies when None) in ``period``."""
    agency_id = _agency_id(session, agency)
    report = OutcomeReport(period=period, agency=agency)
    opened = Case.opened_on.between(period.start, period.end)

    by_how = session.execute(_case_filter(
        select(Case.initiated_by, func.count(Case.id)).where(opened).group_by(Case.initiated_by),
        agency_id, mexico_nexus)).all()
    order = list(INITIATED_BY)
    report.initiated_by = {code: n for code, n in sorted(by_how, key=lambda r: order.index(r[0])
                                                          if r[0] in order else len(order)) if n}
    report.cases_initiated = sum(report.initiated_by.values())

    referrer = aliased(Agency)
    by_referrer = session.execute(_case_filter(
        select(referrer.code, func.count(Case.id)).join(referrer, referrer.id == Case.referring_agency_id)
        .where(opened, Case.initiated_by == "referral").group_by(referrer.code),
        agency_id, mexico_nexus)).all()
    report.referred_by = {code: n for code, n in sorted(by_referrer) if n}

    decisions: dict[int, set[str]] = {}
    rows = session.execute(_case_filter(
        select(Referral.case_id, Referral.status).join(Case, Case.id == Referral.case_id)
        .where(Referral.kind == "prosecution", Referral.sent_on.between(period.start, period.end)),
        agency_id, mexico_nexus)).all()
    for case_id, status in rows:
        decisions.setdefault(case_id, set()).add(status)
    states = Counter(_case_decision(statuses) for statuses in decisions.values())
    report.referred_for_prosecution = len(decisions)
    report.prosecution_accepted = states["accepted"]
    report.prosecution_pending = states["pending"]
    report.prosecution_declined = states["declined"]

    report.indicted = session.scalar(_case_filter(
        select(func.count(distinct(Indictment.subject_id))).join(Case, Case.id == Indictment.case_id)
        .where(Indictment.filed_on.between(period.start, period.end)), agency_id, mexico_nexus)) or 0
    report.convicted = session.scalar(_case_filter(
        select(func.count(distinct(Indictment.subject_id))).join(Case, Case.id == Indictment.case_id)
        .join(Disposition, Disposition.indictment_id == Indictment.id)
        .where(Disposition.outcome.in_(CONVICTIONS), Disposition.decided_on.between(period.start, period.end)),
        agency_id, mexico_nexus)) or 0

    def counted(dated, *conditions):
        """Rows of an outcome table on the counted cases whose date column falls in the period."""
        model = dated.class_
        return session.scalar(_case_filter(
            select(func.count(model.id)).join(Case, Case.id == model.case_id)
            .where(dated.between(period.start, period.end), *conditions), agency_id, mexico_nexus)) or 0

    report.arrests = counted(Arrest.arrested_on)
    report.extraditions = counted(Extradition.requested_on)
    report.extraditions_granted = counted(Extradition.requested_on, Extradition.status == "granted")
    report.legal_assistance_requests = counted(LegalAssistanceRequest.sent_on)
    report.legal_assistance_answered = counted(LegalAssistanceRequest.sent_on,
                                               LegalAssistanceRequest.answered_on.is_not(None))
    report.asset_seizures = counted(AssetSeizure.seized_on)

    traces = session.scalars(_case_filter(
        select(TraceRequest).join(Case, Case.id == TraceRequest.case_id)
        .where(TraceRequest.sent_on.between(period.start, period.end)), agency_id, mexico_nexus)).all()
    timeliness = trace_timeliness(traces)
    report.traces_urgent, report.traces_urgent_within_24h = timeliness.urgent, timeliness.urgent_within_24h
    report.trace_median_days = timeliness.median_days
    return report


def _case_decision(statuses: set[str]) -> str:
    """One case's state from its prosecution referrals: accepted beats pending beats declined."""
    if "accepted" in statuses:
        return "accepted"
    if "pending" in statuses:
        return "pending"
    return "declined"


def trend(session: Session, agency: str | None, periods: list[Period],
          mexico_nexus: bool | None = None) -> list[OutcomeReport]:
    """The funnel for each of several periods, in their order."""
    return [outcomes_report(session, agency, period, mexico_nexus) for period in periods]
