"""The network report as plain text lines, for the command line and the benchmark."""
from __future__ import annotations

from typing import Iterator

from .services import CaseRef, NetworkReport


def report_lines(report: NetworkReport) -> Iterator[str]:
    """The report's totals, networks and connectors, one line each; cases by agency and number."""
    scope = f"the networks of {report.agency}" if report.agency else "the whole link graph"
    if report.component_of:
        scope = f"the network of {_case(report.component_of)}"
    yield f"Network report: {scope}"
    yield (f"{report.records:,} linked records, {report.links:,} links, {report.cases:,} cases with links; "
           f"{report.network_count:,} network(s) spanning agencies")
    yield ""
    yield f"Networks spanning agencies, largest first ({len(report.networks)} shown):"
    for i, row in enumerate(report.networks, 1):
        yield (f"{i:4}. {row.cases:,} cases, {row.records:,} records, {row.links:,} links; "
               f"agencies {', '.join(row.agencies)}")
        yield f"      cases: {_cases(row.named, row.unnamed, row.others)}"
    yield ""
    yield f"What ties the most cases together ({len(report.connectors)} shown):"
    for i, row in enumerate(report.connectors, 1):
        cut = "; the only tie of its network's parts" if row.cut else ""
        yield (f"{i:4}. {row.kind}: {row.cases:,} cases, {row.records:,} records; "
               f"agencies {', '.join(row.agencies)}{cut}")
        yield f"      cases: {_cases(row.named, row.unnamed, row.others)}"


def _case(ref: CaseRef) -> str:
    return f"{ref.agency} {ref.number}"


def _cases(named: tuple[CaseRef, ...], unnamed: int, others: tuple[tuple[str, int], ...]) -> str:
    text = ", ".join(_case(ref) for ref in named)
    if unnamed:
        text += f" and {unnamed:,} more"
    if others:
        text += ("; " if text else "") + ", ".join(f"{code} x {n}" for code, n in others)
    return text
