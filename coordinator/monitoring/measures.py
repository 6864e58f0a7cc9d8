"""Performance measures in the binational strategy's form, measured per US fiscal year.

Each measure has an action, an indicator, a baseline (value and date), a
target (value and year), and per fiscal year a measurement — computed from
the data when the measure names a metric, entered by an administrator when
it does not — and a status against the baseline and target.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import User
from ..accounts.services import agency_by_code
from .figures import EvidenceFigures, MexicoTraceFigures, evidence_figures, mexico_trace_figures
from .models import MeasureValue, Mou, PerformanceMeasure
from .periods import fiscal_year
from .report import OutcomeReport, outcomes_report

MEASURE_FIELDS = ("number", "action", "action_es", "indicator", "indicator_es", "metric", "baseline_value",
                  "baseline_on", "baseline_period", "source", "target_value", "target_year", "higher_is_better")

# Metrics that count Mexico-related cases only (the action says so): the same counts with the case filter.
MEXICO_RELATED = {"referred_for_prosecution_mexico": "referred_for_prosecution", "convicted_mexico": "convicted"}


@dataclass
class MeasureCell:
    """A measure's value in one fiscal year, where it came from, and its status."""

    year: int
    value: float | None
    source: str | None  # computed | entered | None
    status: str


@dataclass
class MeasureRow:
    """One measure as the report lists it, in one language."""

    measure: PerformanceMeasure
    action: str
    indicator: str
    cells: list[MeasureCell]


class _Figures:
    """The reports a set of measures needs, each computed once per agency and year."""

    def __init__(self, session: Session):
        self.session, self.reports, self.evidence = session, {}, {}

    def report(self, agency: str | None, year: int, mexico_nexus: bool | None = None) -> OutcomeReport:
        key = (agency, year, mexico_nexus)
        if key not in self.reports:
            self.reports[key] = outcomes_report(self.session, agency, fiscal_year(year), mexico_nexus)
        return self.reports[key]

    def mexico(self, agency: str | None, year: int) -> MexicoTraceFigures:
        key = ("mexico", agency, year)
        if key not in self.evidence:
            self.evidence[key] = mexico_trace_figures(self.session, agency, fiscal_year(year))
        return self.evidence[key]

    def figures(self, agency: str | None, year: int) -> EvidenceFigures:
        key = (agency, year)
        if key not in self.evidence:
            self.evidence[key] = evidence_figures(self.session, agency, fiscal_year(year))
        return self.evidence[key]


def metric_value(figures: _Figures, metric: str, agency: str | None, year: int) -> float | None:
    """A computed metric's value for an agency (or all) in a fiscal year; None when there is nothing to measure."""
    if metric in ("cases_initiated", "referred_for_prosecution", "indicted", "convicted"):
        return getattr(figures.report(agency, year), metric)
    if metric in MEXICO_RELATED:
        return getattr(figures.report(agency, year, mexico_nexus=True), MEXICO_RELATED[metric])
    if metric == "trace_days_average_mexico":
        return figures.mexico(agency, year).days_to_purchaser_average
    if metric == "purchaser_found_rate_mexico":
        return figures.mexico(agency, year).purchaser_found_rate
    if metric == "prosecution_accepted_rate":
        report = figures.report(agency, year)
        decided = report.prosecution_accepted + report.prosecution_declined
        return round(100 * report.prosecution_accepted / decided, 1) if decided else None
    evidence = figures.figures(agency, year)
    return {"firearms_seized_southbound": evidence.firearms_southbound, "traces_sent": evidence.traces_sent,
            "trace_days_average": evidence.trace_days_average,
            "purchaser_found_rate": evidence.purchaser_found_rate}[metric]


def measure_status(measure: PerformanceMeasure, value: float | None) -> str:
    """Target met; else progress (or none) from the baseline; else target not met."""
    if value is None:
        return "no_data"

    def at_least(a: float, b: float) -> bool:
        return a >= b if measure.higher_is_better else a <= b

    if measure.target_value is not None and at_least(value, measure.target_value):
        return "met"
    if measure.baseline_value is not None:
        improved = value > measure.baseline_value if measure.higher_is_better else value < measure.baseline_value
        return "progress" if improved else "no_progress"
    return "not_met"


def measure_table(session: Session, years: list[int], locale: str = "en") -> list[MeasureRow]:
    """Every measure with its value and status in each of the fiscal years, in a language."""
    figures = _Figures(session)
    rows = []
    measures = session.scalars(select(PerformanceMeasure).options(selectinload(PerformanceMeasure.values))
                               .order_by(PerformanceMeasure.number, PerformanceMeasure.id))
    for measure in measures:
        entered = {v.fiscal_year: v.value for v in measure.values}
        agency = measure.agency.code if measure.agency else None
        cells = []
        for year in years:
            if measure.metric:
                value, source = metric_value(figures, measure.metric, agency, year), "computed"
            else:
                value, source = entered.get(year), "entered"
            cells.append(MeasureCell(year, value, source if value is not None else None,
                                     measure_status(measure, value)))
        action, indicator = measure.text(locale)
        rows.append(MeasureRow(measure, action, indicator, cells))
    return rows


def save_measure(session: Session, user: User, values: dict[str, Any],
                 measure: PerformanceMeasure | None = None) -> PerformanceMeasure:
    """Create a measure or change one (administrators)."""
    measure = measure or PerformanceMeasure()
    for name in MEASURE_FIELDS:
        if name in values:
            setattr(measure, name, values[name] if values[name] != "" else None)
    measure.higher_is_better = bool(values.get("higher_is_better"))
    code = values.get("agency")
    measure.agency = agency_by_code(session, code) if code else None
    mou_id = values.get("mou_id")
    measure.mou = session.get(Mou, int(mou_id)) if mou_id else None
    session.add(measure)
    session.flush()
    return measure


def enter_value(session: Session, user: User, measure: PerformanceMeasure, year: int, value: float,
                note: str | None = None) -> MeasureValue:
    """Record (or correct) the measurement of an entered measure for a fiscal year."""
    if measure.metric:
        raise ValueError("a computed measure takes no entered values")
    entry = session.scalar(select(MeasureValue).where(MeasureValue.measure_id == measure.id,
                                                      MeasureValue.fiscal_year == year))
    if entry is None:
        entry = MeasureValue(measure=measure, fiscal_year=year)
        session.add(entry)
    entry.value, entry.note, entry.entered_by = value, note or None, user
    session.flush()
    return entry
