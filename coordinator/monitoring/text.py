"""The outcomes report as plain text lines, for the CLI."""
from __future__ import annotations

from ..codes import INITIATED_BY
from .report import OutcomeReport
from .tables import funnel_labels


def report_lines(report: OutcomeReport) -> list[str]:
    """The funnel, how the cases began and who referred them, aligned for a terminal."""
    period = report.period
    lines = [f"Outcomes of {report.agency or 'all agencies'}, {period.label} ({period.start} to {period.end})", ""]
    labels = funnel_labels()
    width = max(len(text) for text in labels.values()) + 2
    for name, value in report.funnel():
        indent = "  " if name.startswith("prosecution_") else ""
        lines.append(f"{indent}{labels[name]:<{width - len(indent)}}{value:>8}")
    lines += ["", "Cases initiated by:"]
    for code, count in report.initiated_by.items():
        lines.append(f"  {str(INITIATED_BY.get(code, code)):<{width - 2}}{count:>8}")
    if report.referred_by:
        lines += ["", "Cases initiated on a referral from:"]
        for code, count in report.referred_by.items():
            lines.append(f"  {code:<{width - 2}}{count:>8}")
    median = "-" if report.trace_median_days is None else f"{report.trace_median_days:g}"
    lines += ["", "Trace requests:",
              f"  {'Urgent':<{width - 2}}{report.traces_urgent:>8}",
              f"  {'Urgent, answered within 24 h':<{width - 2}}{report.traces_urgent_within_24h:>8}",
              f"  {'Median days to answer':<{width - 2}}{median:>8}"]
    return lines
