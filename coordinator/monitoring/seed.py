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

MEASURES = [
    {"number": "1.1", "metric": "trace_days_average", "higher_is_better": False,
     "action": "Answer trace requests for firearms seized in Mexico while the leads are fresh.",
     "action_es": "Responder las solicitudes de rastreo de armas aseguradas en México mientras las pistas "
                  "siguen vigentes.",
     "indicator": "Average days from a trace request to its answer",
     "indicator_es": "Promedio de días entre la solicitud de rastreo y su respuesta",
     "baseline_value": 14, "baseline_on": date(2010, 9, 30), "target_value": 5},
    {"number": "1.2", "metric": "purchaser_found_rate",
     "action": "Identify the first retail purchaser of traced firearms.",
     "action_es": "Identificar al primer comprador minorista de las armas rastreadas.",
     "indicator": "Traces that found the first retail purchaser (per cent)",
     "indicator_es": "Rastreos que identificaron al primer comprador minorista (porcentaje)",
     "baseline_value": 30, "baseline_on": date(2010, 9, 30), "target_value": 50},
    {"number": "2.1", "metric": "referred_for_prosecution", "agency": "ATF",
     "action": "Refer Mexico-related firearms-trafficking cases for prosecution.",
     "action_es": "Remitir para acción penal los casos de tráfico de armas vinculados con México.",
     "indicator": "ATF cases referred for prosecution in the fiscal year",
     "indicator_es": "Casos de la ATF remitidos para acción penal en el año fiscal",
     "baseline_value": 73, "baseline_on": date(2009, 9, 30), "target_value": 100},
    {"number": "2.2", "metric": "convicted",
     "action": "Bring firearms traffickers to conviction.",
     "action_es": "Obtener sentencias condenatorias contra traficantes de armas.",
     "indicator": "Defendants convicted in the fiscal year",
     "indicator_es": "Personas con sentencia condenatoria en el año fiscal",
     "baseline_value": 33, "baseline_on": date(2009, 9, 30), "target_value": 60},
    {"number": "3.1", "metric": None,
     "action": "Train Mexican officials to submit trace requests themselves.",
     "action_es": "Capacitar a servidores públicos mexicanos para enviar por sí mismos las solicitudes "
                  "de rastreo.",
     "indicator": "Officials trained in the fiscal year",
     "indicator_es": "Servidores públicos capacitados en el año fiscal",
     "baseline_value": 0, "baseline_on": date(2010, 9, 30), "target_value": 400,
     "values": {2025: 180, 2026: 310}},
]


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
        if session.scalar(select(PerformanceMeasure.id).where(PerformanceMeasure.number == spec["number"])):
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
