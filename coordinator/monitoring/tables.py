"""The monitor's figures as tables: each chart is drawn from one, and each is a CSV download.

A table holds counts, case numbers, agencies and dates only; nothing here
reads a subject record.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..codes import INITIATED_BY
from .codes import FINDING_STATES, RULE_KINDS, RULE_STATUSES
from .compliance import MouCompliance, compliance_overview
from .periods import Period
from .report import OutcomeReport


@dataclass
class Table:
    """A titled table: column headings and rows of plain values."""

    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # a stable key per row (the funnel's measure codes)


def funnel_labels() -> dict[str, str]:
    return {
        "cases_initiated": _("Cases initiated"),
        "referred_for_prosecution": _("Cases referred for prosecution"),
        "prosecution_pending": _("Pending a decision"),
        "prosecution_accepted": _("Accepted for prosecution"),
        "prosecution_declined": _("Declined for prosecution"),
        "indicted": _("Defendants indicted"),
        "convicted": _("Defendants convicted"),
        "arrests": _("Arrests"),
        "extraditions": _("Extradition requests"),
        "extraditions_granted": _("Extraditions granted"),
        "legal_assistance_requests": _("Legal assistance requests sent"),
        "legal_assistance_answered": _("Legal assistance requests answered"),
        "asset_seizures": _("Asset and currency seizures"),
    }


def funnel_table(report: OutcomeReport) -> Table:
    """The funnel of one period: each count with its name."""
    labels = funnel_labels()
    rows = report.funnel()
    return Table("funnel", _("Outcomes, %(period)s", period=report.period.label), [_("Measure"), _("Count")],
                 [[labels[name], value] for name, value in rows], [name for name, _value in rows])


def initiated_table(report: OutcomeReport) -> Table:
    """How the period's cases were initiated; those initiated on a referral, by the agency that referred them."""
    rows = [[str(INITIATED_BY[code]), report.initiated_by.get(code, 0)] for code in INITIATED_BY]
    rows += [[_("Referral from %(agency)s", agency=code), n] for code, n in report.referred_by.items()]
    keys = list(INITIATED_BY) + [f"referral:{code}" for code in report.referred_by]
    return Table("initiated", _("Cases initiated, by how, %(period)s", period=report.period.label),
                 [_("Initiated by"), _("Cases")], rows, keys)


def trend_table(reports: list[OutcomeReport]) -> Table:
    """The funnel over several periods: a row per period, a column per count."""
    labels = funnel_labels()
    names = list(labels)
    return Table("trends", _("Outcomes over the years"), [_("Period")] + [labels[n] for n in names],
                 [[r.period.label] + [getattr(r, n) for n in names] for r in reports],
                 [r.period.key for r in reports])


def compliance_table(results: list[MouCompliance]) -> Table:
    """Each rule of each MOU, per party: kept, breached, not yet due, the rate and the status."""
    table = Table("compliance", _("MOU compliance"),
                  [_("MOU"), _("Rule"), _("Party"), _("Kept"), _("Breached"), _("Not yet due"), _("Count"),
                   _("Share kept"), _("Status")])
    for result in results:
        for rule in result.rules:
            for party in rule.parties:
                table.rows.append([result.mou.shown_title, rule.sentence, party.agency, party.kept, party.breached,
                                   party.pending, party.count, "" if party.rate is None else party.rate,
                                   str(RULE_STATUSES[party.status])])
    return table


def breaches_table(results: list[MouCompliance]) -> Table:
    """Every item measured against a rule, with its case number, agency and dates (no subjects)."""
    table = Table("breaches", _("Items measured against the rules"),
                  [_("MOU"), _("Rule"), _("Party"), _("State"), _("Agency"), _("Case"), _("Record"), _("Due"),
                   _("Done"), _("Detail")])
    for result in results:
        for rule in result.rules:
            for f in rule.findings:
                table.rows.append([result.mou.shown_title, rule.sentence, f.party, str(FINDING_STATES[f.state]),
                                   f.case_agency or "", f.case_number or "", f.record,
                                   _when(f.due), _when(f.actual), f.detail])
    return table


def compliance_trend_table(session: Session, periods: list[Period], agency: str | None) -> Table:
    """The share of measured items kept, per rule kind, in each period (counting rules left out)."""
    kinds = [k for k in RULE_KINDS if k != "joint_activity"]
    table = Table("compliance-trend", _("Share of measured items that kept each rule, by year"),
                  [_("Period")] + [str(RULE_KINDS[k].label) for k in kinds])
    for period in periods:
        kept, measured = dict.fromkeys(kinds, 0), dict.fromkeys(kinds, 0)
        for result in compliance_overview(session, period, agency):
            for rule in result.rules:
                if rule.rule.kind in kept:
                    parties = [p for p in rule.parties if agency in (None, p.agency)]
                    kept[rule.rule.kind] += sum(p.kept for p in parties)
                    measured[rule.rule.kind] += sum(p.measured for p in parties)
        table.rows.append([period.label] + [round(100 * kept[k] / measured[k], 1) if measured[k] else None
                                            for k in kinds])
        table.keys.append(period.key)
    return table


def lane_tables(report) -> dict[str, Table]:
    """The lanes report as its three tables: state pairs, corridors, source dealers (counts only)."""
    days = _("Median time-to-crime (days)")
    lanes = Table("lanes", _("Trafficking lanes, %(period)s", period=report.period.label),
                  [_("Bought in"), _("Recovered in"), _("Corridor"), _("Guns"), days],
                  [[lane.purchase_state, lane.recovery_state, lane.corridor, lane.guns, lane.median_time_to_crime]
                   for lane in report.lanes])
    corridors = Table("corridors", _("Corridors, %(period)s", period=report.period.label),
                      [_("Corridor"), _("Guns"), days], [list(row) for row in report.corridors])
    dealers = Table("dealers", _("Top source dealers, %(period)s", period=report.period.label),
                    [_("FFL licence number"), _("Guns"), days],
                    [[d.license_number, d.guns, d.median_time_to_crime] for d in report.dealers])
    return {table.name: table for table in (lanes, corridors, dealers)}


def measures_csv_table(rows: list, years: list[int]) -> Table:
    """The performance measures, a row each: baseline, target, and per fiscal year the value and status."""
    table = Table("measures", _("Performance measures"),
                  ["number", "action", "indicator", "baseline", "baseline_on", "baseline_period", "source", "target",
                   "target_year"]
                  + [f"FY{y}" for y in years] + [f"FY{y} status" for y in years])
    for row in rows:
        m = row.measure
        table.rows.append([m.number, row.action, row.indicator, m.baseline_value, m.baseline_on,
                           m.baseline_period or "", m.source or "", m.target_value, m.target_year]
                           + [c.value for c in row.cells] + [c.status for c in row.cells])
    return table


def _when(value) -> str:
    if value is None:
        return ""
    return value.isoformat(timespec="minutes").replace("+00:00", "Z") if hasattr(value, "hour") else value.isoformat()
