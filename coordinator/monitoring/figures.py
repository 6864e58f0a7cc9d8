"""Seizure and trace figures of a period: what the performance measures and the dashboard show.

The public record's concern was speed: trace requests for guns seized in
Mexico took about 14 days, while leads are most useful in the first days.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import Agency
from ..cases.models import Case
from ..outcomes.models import Seizure, TraceRequest
from .periods import Period


@dataclass
class EvidenceFigures:
    """Seizures made and traces sent by an agency (or all) in a period."""

    seizures: int = 0
    firearms: int = 0
    firearms_southbound: int = 0
    rounds: int = 0
    traces_sent: int = 0
    traces_answered: int = 0
    purchaser_found: int = 0
    trace_days_average: float | None = None

    @property
    def purchaser_found_rate(self) -> float | None:
        """Percentage of answered traces that found the first retail purchaser."""
        return round(100 * self.purchaser_found / self.traces_answered, 1) if self.traces_answered else None


def _agency(query, session: Session, agency: str | None, case_column):
    if agency is None:
        return query
    agency_id = session.scalar(select(Agency.id).where(Agency.code == agency))
    return query.join(Case, Case.id == case_column).where(Case.agency_id == agency_id)


def evidence_figures(session: Session, agency: str | None, period: Period) -> EvidenceFigures:
    """Seizures (by date seized) and trace requests (by date sent) in the period."""
    figures = EvidenceFigures()
    seized = _agency(select(Seizure.direction, func.count(Seizure.id), func.sum(Seizure.firearm_count),
                            func.sum(Seizure.rounds))
                     .where(Seizure.seized_on.between(period.start, period.end)).group_by(Seizure.direction),
                     session, agency, Seizure.case_id)
    for direction, count, firearms, rounds in session.execute(seized):
        figures.seizures += count
        figures.firearms += firearms or 0
        figures.rounds += rounds or 0
        if direction == "southbound":
            figures.firearms_southbound += firearms or 0
    traces = session.scalars(_agency(select(TraceRequest).where(
        TraceRequest.sent_on.between(period.start, period.end)), session, agency, TraceRequest.case_id)).all()
    figures.traces_sent = len(traces)
    answered = [t for t in traces if t.answered_on is not None]
    figures.traces_answered = len(answered)
    figures.purchaser_found = sum(1 for t in answered if t.result == "purchaser_found")
    if answered:
        figures.trace_days_average = round(sum(t.days_taken for t in answered) / len(answered), 1)
    return figures
