"""The MOUs Coordinator ships with: the parties' own agreement, and the demo's examples.

``seed_monitoring`` records only what the public record says: the ATF–ICE
memorandum of understanding of June 2009, by which the two agencies agreed to
coordinate their firearms-trafficking investigations, deconflict them and
share information. The record gives no measurable terms (no notice period,
deadline or clearance rule) and no figures, so none is recorded: a monitor
audits only obligations the parties signed, added by an administrator as
they agree them.

The demo (``examples=True``) adds MOUs with invented rules and performance
measures with invented baselines, targets and measurements, to show what
monitoring looks like. They are marked as examples (``Mou.example`` and
"EXAMPLE" in their title, on every page that shows them) and are written
only where the demo loads, never by ``flask monitoring seed``.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.services import agency_by_code
from .models import MeasureValue, Mou, MouParty, MouRule, PerformanceMeasure

# The agreement of the public record (GAO-09-709 and the later audits): its month, its parties, its purpose.
REAL_MOUS = [
    {
        "title": "ATF–ICE Memorandum of Understanding (2009)",
        "reference": "ATF-ICE MOU 2009", "signed_on": None, "effective_from": date(2009, 6, 1),
        "summary": "Signed by ATF and ICE in June 2009 (the public record gives the month; the first of it "
                   "stands for the day): the two agencies coordinate their investigations of firearms "
                   "trafficking, deconflict them, and share information. The public record states no "
                   "measurable terms — no notice period, deadline or clearance rule — and none is recorded "
                   "here; an administrator adds a rule only as the parties agree it.",
        "parties": ["ATF", "ICE"],
        "rules": [],
    },
]

EXAMPLE_MOUS = [
    {
        "title": "EXAMPLE (invented figures): ATF–ICE operating rules",
        "reference": "EXAMPLE-1", "signed_on": None, "effective_from": date(2009, 6, 30),
        "summary": "An example for the demonstration, not an agreement the parties signed: the notice, "
                   "acknowledgement, resolution and decision times and the clearance rule are invented to "
                   "show how rules are measured.",
        "parties": ["ATF", "ICE"],
        "rules": [
            {"kind": "operation_notice", "threshold": 24},
            {"kind": "cross_border_clearance", "threshold": 0, "agencies": ["ICE", "CBP", "FGR"],
             "operation_kind": "controlled_delivery"},
            {"kind": "conflict_acknowledged", "threshold": 4},
            {"kind": "conflict_resolved", "threshold": 7},
            {"kind": "referral_decided", "threshold": 30},
            {"kind": "joint_activity", "threshold": 1},
        ],
    },
    {
        "title": "EXAMPLE (invented figures): US–Mexico binational coordination",
        "reference": "EXAMPLE-2", "signed_on": None, "effective_from": date(2021, 10, 8),
        "summary": "An example for the demonstration, not an agreement the parties signed: its parties and "
                   "its times are invented.",
        "parties": ["ATF", "ICE", "CBP", "USAO", "FGR"],
        "rules": [
            {"kind": "conflict_acknowledged", "threshold": 4},
            {"kind": "referral_decided", "threshold": 30, "referral_kind": "prosecution"},
            {"kind": "joint_activity", "threshold": 1},
        ],
    },
]

GAO_2009 = ("GAO-09-709, Firearms Trafficking: U.S. Efforts to Combat Arms Trafficking to Mexico Face Planning "
            "and Coordination Challenges (June 2009)")
# The report's number, title and date were checked against its published text; the table and page of each
# figure were not, so none is cited (README, "The monitor's dashboard and the measures").
NOT_LOCATED = " Table and page not cited: not checked against the report's text."

# Each baseline names the period it measures and its source; a computed value counts only what the action
# says (guns seized in Mexico, Mexico-related cases, the agency named). Table and page references are left
# out where they were not checked against the document.
# Examples too: the baselines name their period and source, but the targets and entered values are
# invented, so they are written only where the demo loads.
EXAMPLE_MEASURES = [
    {"number": "1.1", "metric": "trace_days_average_mexico", "higher_is_better": False,
     "action": "Answer trace requests for firearms seized in Mexico while the leads are fresh.",
     "action_es": "Responder las solicitudes de rastreo de armas aseguradas en México mientras las pistas "
                  "siguen vigentes.",
     "indicator": "Average days to trace a firearm seized in Mexico to its first retail purchaser",
     "indicator_es": "Promedio de días para rastrear un arma asegurada en México hasta su primer comprador "
                     "minorista",
     "baseline_value": 14, "baseline_on": date(2008, 9, 30), "baseline_period": "FY2004–FY2008",
     "source": GAO_2009 + ": average time to trace a firearm recovered in Mexico to its first retail "
                          "purchaser, fiscal years 2004 to 2008." + NOT_LOCATED,
     "target_value": 5},
    {"number": "1.2", "metric": "purchaser_found_rate_mexico",
     "action": "Identify the first retail purchaser of traced firearms seized in Mexico.",
     "action_es": "Identificar al primer comprador minorista de las armas aseguradas en México y rastreadas.",
     "indicator": "Traces of firearms seized in Mexico that found the first retail purchaser (per cent)",
     "indicator_es": "Rastreos de armas aseguradas en México que identificaron al primer comprador minorista "
                     "(porcentaje)",
     "baseline_value": None, "baseline_on": None, "baseline_period": None,
     "source": "No baseline adopted: the public record gives several shares for differently defined "
               "populations (70 %, 69 %/52 %, 47 %), none of them this indicator; the earlier 30 % had no source.",
     "target_value": 50},
    {"number": "2.1", "metric": "referred_for_prosecution_mexico", "agency": "ATF",
     "action": "Refer Mexico-related firearms-trafficking cases for prosecution.",
     "action_es": "Remitir para acción penal los casos de tráfico de armas vinculados con México.",
     "indicator": "ATF Mexico-related cases referred for prosecution in the fiscal year",
     "indicator_es": "Casos de la ATF vinculados con México remitidos para acción penal en el año fiscal",
     "baseline_value": 73, "baseline_on": date(2008, 9, 30), "baseline_period": "FY2008",
     "source": GAO_2009 + ": ATF's Mexico-related firearms-trafficking cases referred for prosecution, "
                          "fiscal year 2008." + NOT_LOCATED,
     "target_value": 100},
    {"number": "2.2", "metric": "convicted_mexico", "agency": "ATF",
     "action": "Bring the defendants of Mexico-related firearms-trafficking cases to conviction.",
     "action_es": "Obtener sentencias condenatorias contra los acusados en casos de tráfico de armas vinculados "
                  "con México.",
     "indicator": "Defendants of ATF Mexico-related cases convicted in the fiscal year",
     "indicator_es": "Acusados en casos de la ATF vinculados con México con sentencia condenatoria en el año fiscal",
     "baseline_value": 33, "baseline_on": date(2008, 9, 30), "baseline_period": "FY2008",
     "source": GAO_2009 + ": defendants convicted in ATF's Mexico-related firearms-trafficking cases, "
                          "fiscal year 2008." + NOT_LOCATED,
     "target_value": 60},
    {"number": "3.1", "metric": None,
     "action": "Train Mexican officials to submit trace requests themselves.",
     "action_es": "Capacitar a servidores públicos mexicanos para enviar por sí mismos las solicitudes "
                  "de rastreo.",
     "indicator": "Officials trained in the fiscal year",
     "indicator_es": "Servidores públicos capacitados en el año fiscal",
     "baseline_value": 375, "baseline_on": date(2008, 9, 30), "baseline_period": "FY2007–FY2008",
     "source": GAO_2009 + ": Mexican officials trained by ATF to use eTrace, fiscal years 2007 and 2008."
               + NOT_LOCATED,
     "target_value": 400, "values": {2025: 180, 2026: 310}},
]

# What the first shipped measures said, by number: an installation that still holds them is corrected.
SUPERSEDED = {"1.1": (14, date(2010, 9, 30)), "1.2": (30, date(2010, 9, 30)), "2.1": (73, date(2009, 9, 30)),
              "2.2": (33, date(2009, 9, 30)), "3.1": (0, date(2010, 9, 30))}


def _add_mou(session: Session, spec: dict, example: bool) -> bool:
    if session.scalar(select(Mou.id).where(Mou.title == spec["title"])) is not None:
        return False
    mou = Mou(title=spec["title"], reference=spec["reference"], signed_on=spec["signed_on"],
              effective_from=spec["effective_from"], summary=spec["summary"], example=example)
    mou.parties = [MouParty(agency=agency_by_code(session, code)) for code in spec["parties"]]
    mou.rules = [MouRule(kind=r["kind"], threshold=r["threshold"], agencies=r.get("agencies", []),
                         operation_kind=r.get("operation_kind"), referral_kind=r.get("referral_kind"))
                 for r in spec["rules"]]
    session.add(mou)
    return True


def seed_monitoring(session: Session, examples: bool = False) -> int:
    """Record the parties' own MOU (and, for the demo, the examples) not there yet; how many were added.

    A measure still as first shipped is corrected to what the record says, wherever it was written.
    """
    added = sum(_add_mou(session, spec, example=False) for spec in REAL_MOUS)
    if examples:
        added += sum(_add_mou(session, spec, example=True) for spec in EXAMPLE_MOUS)
    for spec in EXAMPLE_MEASURES:
        existing = session.scalar(select(PerformanceMeasure).where(PerformanceMeasure.number == spec["number"]))
        if existing is not None:
            added += correct_measure(session, existing, spec)
            continue
        if not examples:
            continue
        values = dict(spec)
        entered = values.pop("values", {})
        agency = values.pop("agency", None)
        measure = PerformanceMeasure(**values, agency=agency_by_code(session, agency) if agency else None)
        measure.values = [MeasureValue(fiscal_year=year, value=value) for year, value in entered.items()]
        session.add(measure)
        added += 1
    session.flush()
    return added


def correct_measure(session: Session, measure: PerformanceMeasure, spec: dict) -> int:
    """Bring a shipped measure still as first shipped (its old baseline and date) to what the record says.

    A measure an administrator has changed since is left as it is; 1 when corrected, else 0.
    """
    old = SUPERSEDED.get(spec["number"])
    if (spec["source"].endswith(NOT_LOCATED) and measure.source
            and measure.source == spec["source"][:-len(NOT_LOCATED)]):
        measure.source = spec["source"]  # corrected earlier, without saying that no table or page is cited
        return 1
    if old is None or (measure.baseline_value, measure.baseline_on) != old or measure.baseline_period:
        return 0
    values = {k: v for k, v in spec.items() if k not in ("values", "agency")}
    for name, value in values.items():
        setattr(measure, name, value)
    measure.agency = agency_by_code(session, spec["agency"]) if spec.get("agency") else None
    return 1
