"""The monitor's dashboard: the figures of a period and agency, as tables and charts.

Everything shown is computed here from the report, the compliance measure and
the seizure and trace figures; the view only renders it.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ..accounts.agencies import is_agency_code
from ..extensions import db
from .charts import bar_chart, line_chart
from .compliance import compliance_overview
from .figures import evidence_figures
from .periods import Period, PeriodError, parse_period, recent_periods
from .report import outcomes_report, trend
from .tables import Table, breaches_table, compliance_table, compliance_trend_table, funnel_table, \
    initiated_table, trend_table

TREND_YEARS = 5
# The stages the trend chart draws (its table has them all): initiated, referred, indicted, convicted.
TREND_CHART_COLUMNS = [1, 2, 6, 7]


@dataclass(frozen=True)
class Filters:
    """What the monitor chose: a kind of year, a year, an agency (None: all)."""

    period: Period
    agency: str | None

    @property
    def kind(self) -> str:
        return self.period.kind

    def args(self) -> dict:
        """The query arguments that ask for these filters again (for links and downloads)."""
        return {"period": self.kind, "year": self.period.year, **({"agency": self.agency} if self.agency else {})}

    def trend_periods(self) -> list[Period]:
        return recent_periods(self.kind, self.period.year, TREND_YEARS)


def read_filters(args, fixed_agency: str | None = None) -> Filters:
    """The filters from query arguments: ``period`` (fy or cy), ``year``, ``agency``."""
    period = parse_period({"period": args.get("period") or "fy", "year": args.get("year") or ""})
    code = fixed_agency or (args.get("agency") or "").strip().upper() or None
    if code is not None and not is_agency_code(db.session, code):
        raise PeriodError("agency", _l("Not a valid choice."))
    return Filters(period, code)


def outcome_figures(session: Session, filters: Filters) -> dict:
    """The outcomes part of the dashboard: funnel, how cases began, trends, seizures and traces."""
    report = outcomes_report(session, filters.agency, filters.period)
    funnel = funnel_table(report)
    trends = trend_table(trend(session, filters.agency, filters.trend_periods()))
    return {
        "report": report,
        "funnel": funnel,
        "funnel_chart": bar_chart(funnel),
        "initiated": initiated_table(report),
        "trends": trends,
        "trend_chart": line_chart(trends, TREND_CHART_COLUMNS),
        "evidence": evidence_figures(session, filters.agency, filters.period),
    }


def dashboard(session: Session, filters: Filters) -> dict:
    """The dashboard's figures: the outcomes, then compliance with the MOUs."""
    compliance = compliance_overview(session, filters.period, filters.agency)
    compliance_trend = compliance_trend_table(session, filters.trend_periods(), filters.agency)
    return {
        **outcome_figures(session, filters),
        "compliance": compliance,
        "compliance_summary": compliance_table(compliance),
        "compliance_trend": compliance_trend,
        "compliance_chart": line_chart(compliance_trend),
    }


OUTCOME_TABLES = ("funnel", "initiated", "trends")
TABLES = OUTCOME_TABLES + ("compliance", "breaches", "compliance-trend")


def table_named(session: Session, name: str, filters: Filters) -> Table:
    """One of the dashboard's tables by name, computed alone (for its CSV download)."""
    if name in ("funnel", "initiated"):
        report = outcomes_report(session, filters.agency, filters.period)
        return funnel_table(report) if name == "funnel" else initiated_table(report)
    if name == "trends":
        return trend_table(trend(session, filters.agency, filters.trend_periods()))
    if name == "compliance-trend":
        return compliance_trend_table(session, filters.trend_periods(), filters.agency)
    results = compliance_overview(session, filters.period, filters.agency)
    return compliance_table(results) if name == "compliance" else breaches_table(results)
