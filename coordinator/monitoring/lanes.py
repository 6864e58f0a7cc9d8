"""Trafficking lanes: where traced guns were bought and where they were recovered, counted.

A lane is a traced gun's purchase state (from the trace's answer) and its
recovery state (the seizure's). Lanes are counted by state pair and by
corridor, with the time-to-crime; the source dealers are ranked by their FFL
number. Counts, states, licence numbers and days only: nothing here reads a
person's record.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..accounts.models import Agency
from ..cases.models import Case
from ..deconfliction.places import MX_STATES
from ..outcomes.models import Seizure, TraceRequest
from .periods import Period

TOP_DEALERS = 10

# The US side of a corridor: the border states by name, every other state together.
US_SIDES = {"CA": "California", "AZ": "Arizona", "NM": "New Mexico", "TX": "Texas"}
OTHER_US = "Other US states"
# The Mexican side: the regions the recovery state belongs to.
MX_REGIONS = {
    "Noroeste": ("BC", "BCS", "SON", "SIN"),
    "Norte": ("CHIH", "COAH", "DGO"),
    "Noreste": ("NL", "TAMPS"),
    "Occidente": ("JAL", "NAY", "COL", "MICH", "AGS", "ZAC"),
    "Centro": ("CDMX", "MEX", "MOR", "PUE", "HGO", "TLAX", "QRO", "GTO", "SLP"),
    "Sur-Sureste": ("GRO", "OAX", "CHIS", "VER", "TAB", "CAMP", "YUC", "QROO"),
}
REGION_OF = {state: region for region, states in MX_REGIONS.items() for state in states}
RECOVERED_IN_US = "United States"


def corridor(purchase_state: str, recovery_state: str) -> str:
    """The corridor of a lane: the US side of the purchase, the region of the recovery."""
    start = US_SIDES.get(purchase_state, OTHER_US if purchase_state not in MX_STATES else "Mexico")
    end = REGION_OF.get(recovery_state, RECOVERED_IN_US)
    return f"{start} → {end}"


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None


@dataclass
class Lane:
    """Guns bought in one state and recovered in another, with their median time-to-crime."""

    purchase_state: str
    recovery_state: str
    corridor: str
    guns: int
    median_time_to_crime: float | None


@dataclass
class Dealer:
    """A source dealer by licence number: traced guns it sold and their median time-to-crime."""

    license_number: str
    guns: int
    median_time_to_crime: float | None


@dataclass
class LanesReport:
    """The lanes of the traces of an agency (or all) sent in a period."""

    period: Period
    agency: str | None
    traced: int = 0
    placed: int = 0
    median_time_to_crime: float | None = None
    lanes: list[Lane] = field(default_factory=list)
    corridors: list[tuple[str, int, float | None]] = field(default_factory=list)
    dealers: list[Dealer] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "agency": self.agency, "period": self.period.as_json(), "traced": self.traced, "placed": self.placed,
            "median_time_to_crime_days": self.median_time_to_crime,
            "lanes": [{"purchase_state": lane.purchase_state, "recovery_state": lane.recovery_state,
                       "corridor": lane.corridor, "guns": lane.guns,
                       "median_time_to_crime_days": lane.median_time_to_crime} for lane in self.lanes],
            "corridors": [{"corridor": name, "guns": guns, "median_time_to_crime_days": days}
                          for name, guns, days in self.corridors],
            "top_dealers": [{"license_number": d.license_number, "guns": d.guns,
                             "median_time_to_crime_days": d.median_time_to_crime} for d in self.dealers],
        }


def lanes_report(session: Session, agency: str | None, period: Period) -> LanesReport:
    """Count the lanes of the traces sent in the period that name a purchase state and a recovery state."""
    report = LanesReport(period=period, agency=agency)
    query = (select(TraceRequest).join(Case, Case.id == TraceRequest.case_id)
             .where(TraceRequest.sent_on.between(period.start, period.end), TraceRequest.answered_on.is_not(None))
             .options(joinedload(TraceRequest.seizure), joinedload(TraceRequest.dealer)))
    if agency is not None:
        query = query.join(Agency, Agency.id == Case.agency_id).where(Agency.code == agency)
    traces = session.scalars(query).unique().all()
    report.traced = len(traces)
    by_lane: dict[tuple[str, str], list[int | None]] = defaultdict(list)
    by_dealer: dict[str, list[int | None]] = defaultdict(list)
    days_all: list[int] = []
    for trace in traces:
        days = trace.time_to_crime_days
        if days is not None:
            days_all.append(days)
        if trace.dealer is not None and trace.dealer.data.get("license_number"):
            by_dealer[trace.dealer.data["license_number"]].append(days)
        recovered = trace.seizure.state if isinstance(trace.seizure, Seizure) else None
        if trace.purchase_state and recovered:
            by_lane[(trace.purchase_state, recovered)].append(days)
    report.placed = sum(len(days) for days in by_lane.values())
    report.median_time_to_crime = _median(days_all)
    lanes = [Lane(start, end, corridor(start, end), len(days), _median([d for d in days if d is not None]))
             for (start, end), days in by_lane.items()]
    report.lanes = sorted(lanes, key=lambda lane: (-lane.guns, lane.purchase_state, lane.recovery_state))
    corridor_days: dict[str, list[int]] = defaultdict(list)
    corridor_guns: Counter = Counter()
    for (start, end), days in by_lane.items():
        name = corridor(start, end)
        corridor_guns[name] += len(days)
        corridor_days[name] += [d for d in days if d is not None]
    report.corridors = [(name, guns, _median(corridor_days[name]))
                        for name, guns in sorted(corridor_guns.items(), key=lambda item: (-item[1], item[0]))]
    dealers = [Dealer(number, len(days), _median([d for d in days if d is not None]))
               for number, days in by_dealer.items()]
    report.dealers = sorted(dealers, key=lambda d: (-d.guns, d.license_number))[:TOP_DEALERS]
    return report
