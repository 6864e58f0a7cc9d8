"""Seizure and trace figures of a period: what the performance measures and the dashboard show.

The public record's concern was speed: trace requests for guns seized in
Mexico took about 14 days, while leads are most useful in the first days.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Iterable

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
    trace_days_median: float | None = None
    urgent_sent: int = 0
    urgent_within_24h: int = 0
    urgent_days_median: float | None = None
    routine_days_median: float | None = None

    @property
    def urgent_within_24h_rate(self) -> float | None:
        """Percentage of the urgent traces sent that were answered within 24 hours."""
        return round(100 * self.urgent_within_24h / self.urgent_sent, 1) if self.urgent_sent else None

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
    timeliness = trace_timeliness(traces)
    figures.trace_days_median = timeliness.median_days
    figures.urgent_sent, figures.urgent_within_24h = timeliness.urgent, timeliness.urgent_within_24h
    figures.urgent_days_median = median_days(t for t in traces if t.urgent)
    figures.routine_days_median = median_days(t for t in traces if not t.urgent)
    return figures


@dataclass
class Timeliness:
    """How fast a set of trace requests was answered: urgent ones, those within 24 hours, the median days."""

    urgent: int
    urgent_within_24h: int
    median_days: float | None


def median_days(traces: Iterable[TraceRequest]) -> float | None:
    """The median days from request to answer of the answered traces (None when none was answered)."""
    days = [t.days_taken for t in traces if t.days_taken is not None]
    return float(median(days)) if days else None


def trace_timeliness(traces: list[TraceRequest]) -> Timeliness:
    """Urgent traces, those answered within 24 hours (the day sent or the next), the median days of all answered."""
    urgent = [t for t in traces if t.urgent]
    return Timeliness(len(urgent), sum(1 for t in urgent if t.answered_within_24h), median_days(traces))


@dataclass
class MexicoTraceFigures:
    """Traces of guns seized in Mexico sent in a period: what measures 1.1 and 1.2 count, and only that."""

    answered: int = 0
    purchaser_found: int = 0
    days_to_purchaser_average: float | None = None

    @property
    def purchaser_found_rate(self) -> float | None:
        """Percentage of the answered traces of guns seized in Mexico that found the first retail purchaser."""
        return round(100 * self.purchaser_found / self.answered, 1) if self.answered else None


def mexico_trace_figures(session: Session, agency: str | None, period: Period) -> MexicoTraceFigures:
    """Answered traces of guns seized in Mexico (by date sent); the average days of those that reached the
    first retail purchaser (GAO's measure of trace time)."""
    query = _agency(select(TraceRequest).join(Seizure, Seizure.id == TraceRequest.seizure_id).where(
        Seizure.country == "MX", TraceRequest.sent_on.between(period.start, period.end),
        TraceRequest.answered_on.is_not(None)), session, agency, TraceRequest.case_id)
    traces = session.scalars(query).all()
    found = [t for t in traces if t.result == "purchaser_found"]
    figures = MexicoTraceFigures(answered=len(traces), purchaser_found=len(found))
    if found:
        figures.days_to_purchaser_average = round(sum(t.days_taken for t in found) / len(found), 1)
    return figures
