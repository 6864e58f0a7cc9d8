"""The MOUs and performance measures Coordinator ships with, modelled on the public record.

The ATF–ICE memorandum of understanding of June 2009 asked the two agencies
to share information and deconflict their firearms-trafficking work; the
audits found nobody had the data to monitor it. The measures follow the form
of the binational strategy's tables: an action, a baseline, a target.
Administrators change or add to all of it through the monitoring pages.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.services import agency_by_code
from .models import MeasureValue, Mou, MouParty, MouRule, PerformanceMeasure

MOUS = [
    {
        "title": "ATF–ICE Memorandum of Understanding on firearms trafficking",
        "reference": "ATF-ICE MOU 2009", "signed_on": date(2009, 6, 30), "effective_from": date(2009, 6, 30),
        "summary": "ATF and ICE share leads on firearms and ammunition trafficking, notify each other of "
                   "operations and deconflict them, and refer to each other the cases within the other's "
                   "jurisdiction.",
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
        "title": "Binational coordination on firearms trafficking (US–Mexico)",
        "reference": "US-MX 2021", "signed_on": date(2021, 10, 8), "effective_from": date(2021, 10, 8),
        "summary": "The US agencies, the US Attorneys' Offices and the FGR deconflict their work on the "
                   "southbound trafficking of firearms and decide each other's referrals promptly.",
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

# Each baseline names the period it measures and its source; a computed value counts only what the action
# says (guns seized in Mexico, Mexico-related cases, the agency named). Table and page references are left
# out where they were not checked against the document.
MEASURES = [
    {"number": "1.1", "metric": "trace_days_average_mexico", "higher_is_better": False,
     "action": "Answer trace requests for firearms seized in Mexico while the leads are fresh.",
     "action_es": "Responder las solicitudes de rastreo de armas aseguradas en México mientras las pistas "
                  "siguen vigentes.",
     "indicator": "Average days to trace a firearm seized in Mexico to its first retail purchaser",
     "indicator_es": "Promedio de días para rastrear un arma asegurada en México hasta su primer comprador "
                     "minorista",
     "baseline_value": 14, "baseline_on": date(2008, 9, 30), "baseline_period": "FY2004–FY2008",
     "source": GAO_2009 + ": average time to trace a firearm recovered in Mexico to its first retail "
                          "purchaser, fiscal years 2004 to 2008.",
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
                          "fiscal year 2008.",
     "target_value": 100},
    {"number": "2.2", "metric": "convicted_mexico", "agency": "ATF",
     "action": "Bring the defendants of Mexico-related firearms-trafficking cases to conviction.",
     "action_es": "Obtener sentencias condenatorias contra los acusados en casos de tráfico de armas vinculados "
                  "con México.",
     "indicator": "Defendants of ATF Mexico-related cases convicted in the fiscal year",
     "indicator_es": "Acusados en casos de la ATF vinculados con México con sentencia condenatoria en el año fiscal",
     "baseline_value": 33, "baseline_on": date(2008, 9, 30), "baseline_period": "FY2008",
     "source": GAO_2009 + ": defendants convicted in ATF's Mexico-related firearms-trafficking cases, "
                          "fiscal year 2008.",
     "target_value": 60},
    {"number": "3.1", "metric": None,
     "action": "Train Mexican officials to submit trace requests themselves.",
     "action_es": "Capacitar a servidores públicos mexicanos para enviar por sí mismos las solicitudes "
                  "de rastreo.",
     "indicator": "Officials trained in the fiscal year",
     "indicator_es": "Servidores públicos capacitados en el año fiscal",
     "baseline_value": 375, "baseline_on": date(2008, 9, 30), "baseline_period": "FY2007–FY2008",
     "source": GAO_2009 + ": Mexican officials trained by ATF to use eTrace, fiscal years 2007 and 2008.",
     "target_value": 400, "values": {2025: 180, 2026: 310}},
]

# What the first shipped measures said, by number: an installation that still holds them is corrected.
SUPERSEDED = {"1.1": (14, date(2010, 9, 30)), "1.2": (30, date(2010, 9, 30)), "2.1": (73, date(2009, 9, 30)),
              "2.2": (33, date(2009, 9, 30)), "3.1": (0, date(2010, 9, 30))}


def seed_monitoring(session: Session) -> int:
    """Record the default MOUs and measures that are not there yet (by title and number); how many were added."""
    added = 0
    for spec in MOUS:
        if session.scalar(select(Mou.id).where(Mou.title == spec["title"])) is not None:
            continue
        mou = Mou(title=spec["title"], reference=spec["reference"], signed_on=spec["signed_on"],
                  effective_from=spec["effective_from"], summary=spec["summary"])
        mou.parties = [MouParty(agency=agency_by_code(session, code)) for code in spec["parties"]]
        mou.rules = [MouRule(kind=r["kind"], threshold=r["threshold"], agencies=r.get("agencies", []),
                             operation_kind=r.get("operation_kind"), referral_kind=r.get("referral_kind"))
                     for r in spec["rules"]]
        session.add(mou)
        added += 1
    for spec in MEASURES:
        existing = session.scalar(select(PerformanceMeasure).where(PerformanceMeasure.number == spec["number"]))
        if existing is not None:
            added += correct_measure(session, existing, spec)
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
    if old is None or (measure.baseline_value, measure.baseline_on) != old or measure.baseline_period:
        return 0
    values = {k: v for k, v in spec.items() if k not in ("values", "agency")}
    for name, value in values.items():
        setattr(measure, name, value)
    measure.agency = agency_by_code(session, spec["agency"]) if spec.get("agency") else None
    return 1
