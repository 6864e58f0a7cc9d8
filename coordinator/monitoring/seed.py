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

# Examples too: the baselines, targets and entered values are invented (the 14 days of trace 1.1 is the
# audits' figure; the rest is not anyone's).
EXAMPLE_MEASURES = [
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
    """Record the parties' own MOU (and, for the demo, the examples) not there yet; how many were added."""
    added = sum(_add_mou(session, spec, example=False) for spec in REAL_MOUS)
    if examples:
        added += sum(_add_mou(session, spec, example=True) for spec in EXAMPLE_MOUS)
        for spec in EXAMPLE_MEASURES:
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
