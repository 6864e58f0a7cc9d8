"""Reports in the API: the outcomes funnel and MOU compliance. Counts, case numbers, agencies, dates; no subjects."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from ..access import report_agency_for, require_monitoring
from ..accounts.agencies import is_agency_code
from ..extensions import db
from ..monitoring.compliance import compliance_overview
from ..monitoring.periods import PeriodError, parse_period
from ..monitoring.lanes import lanes_report
from ..monitoring.report import outcomes_report
from . import acting_user, bp, field_error
from .schema import responses
from .serialise import iso


def _agency_argument() -> str | None:
    code = (request.args.get("agency") or "").strip().upper() or None
    if code is not None and not is_agency_code(db.session, code):
        raise field_error("agency", _("Not a valid choice."))
    return code


def _period():
    try:
        return parse_period(request.args)
    except PeriodError as err:
        raise field_error(err.field, err.message)


def _nexus_argument() -> bool | None:
    raw = request.args.get("mexico_nexus")
    if raw in (None, ""):
        return None
    if raw not in ("true", "false"):
        raise field_error("mexico_nexus", _("Must be true or false."))
    return raw == "true"


@bp.get("/reports/lanes")
def report_lanes():
    """Trafficking lanes of an agency's (or every agency's) traces sent in a period: counts only."""
    agency = report_agency_for(acting_user(), _agency_argument())
    return jsonify(lanes_report(db.session, agency, _period()).as_json())


@bp.get("/reports/outcomes")
def report_outcomes():
    """The funnel of an agency's (or every agency's) cases in a period; see monitoring.report for the counts."""
    agency = report_agency_for(acting_user(), _agency_argument())
    period, nexus = _period(), _nexus_argument()
    return jsonify(outcomes_report(db.session, agency, period, nexus).as_json())


def _finding_json(finding) -> dict:
    return {"party": finding.party, "state": finding.state, "record_type": finding.record_type,
            "record_id": finding.record_id, "record_kind": finding.record_kind, "case_id": finding.case_id,
            "case_number": finding.case_number, "case_agency": finding.case_agency,
            "due": iso(finding.due), "at": iso(finding.actual), "detail": finding.detail}


@bp.get("/reports/compliance")
def report_compliance():
    """MOU compliance in a period, per rule and party, with the items that break each rule (monitors only)."""
    require_monitoring(acting_user())
    agency, period = _agency_argument(), _period()
    body = []
    for result in compliance_overview(db.session, period, agency):
        body.append({
            "mou": {"id": result.mou.id, "title": result.mou.shown_title, "parties": result.mou.party_codes,
                    "example": result.mou.example},
            "period": result.period.as_json() if result.period else None,
            "rules": [{
                "id": rule.rule.id, "kind": rule.rule.kind, "threshold": rule.rule.threshold,
                "rule": rule.sentence, "status": rule.status, "kept": rule.kept, "breached": rule.breached,
                "pending": rule.pending, "rate": rule.rate,
                "parties": [{"agency": p.agency, "status": p.status, "kept": p.kept, "breached": p.breached,
                             "pending": p.pending, "count": p.count, "rate": p.rate} for p in rule.parties],
                "breaches": [_finding_json(f) for f in rule.breaches],
            } for rule in result.rules],
        })
    return jsonify({"period": period.as_json(), "agency": agency, "items": body})


PERIOD_PARAMETERS = [
    {"name": "agency", "in": "query", "schema": {"type": "string", "maxLength": 16},
     "description": "The agency whose cases are counted; every agency when left out (monitors)."},
    {"name": "fiscal_year", "in": "query", "schema": {"type": "integer"},
     "description": "US fiscal year: 1 October of the year before to 30 September."},
    {"name": "year", "in": "query", "schema": {"type": "integer"}, "description": "A calendar year instead."},
    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
]


def openapi_paths() -> dict:
    """This module's paths for the OpenAPI document."""
    count = {"type": "integer", "minimum": 0}
    counts = {"type": "object", "additionalProperties": count}
    report = {"type": "object",
              "required": ["cases_initiated", "initiated_by", "referred_by", "referred_for_prosecution",
                           "prosecution_pending", "prosecution_accepted", "prosecution_declined", "indicted",
                           "convicted"],
              "properties": {"cases_initiated": count, "initiated_by": counts, "referred_by": counts,
                             "referred_for_prosecution": count, "prosecution_pending": count,
                             "prosecution_accepted": count, "prosecution_declined": count, "indicted": count,
                             "convicted": count, "traces_urgent": count, "traces_urgent_within_24h": count,
                             "trace_median_days": {"type": ["number", "null"]},
                             "agency": {"type": ["string", "null"]}, "period": {"type": "object"}}}
    return {
        "/api/v1/reports/outcomes": {"get": {
            "summary": "The outcomes funnel of an agency (or all) in a period; the current fiscal year by default",
            "description": "cases_initiated: cases opened in the period; referred_for_prosecution: cases with a "
                           "prosecution referral sent in it (pending + accepted + declined, by today's decision); "
                           "indicted / convicted: defendants with an indictment filed / a conviction in it; "
                           "traces_urgent / traces_urgent_within_24h: urgent trace requests sent in it / those "
                           "answered the day sent or the next; trace_median_days: median days to answer of "
                           "the traces sent in it.",
            "parameters": PERIOD_PARAMETERS + [{"name": "mexico_nexus", "in": "query",
                                                "schema": {"type": "string", "enum": ["true", "false"]}}],
            "responses": responses("200", report, codes=(400, 401, 403))}},
        "/api/v1/reports/lanes": {"get": {
            "summary": "Trafficking lanes: traced guns by purchase state and recovery state, by corridor, the top "
                       "source dealers (FFL numbers) and the median time-to-crime; counts only",
            "parameters": PERIOD_PARAMETERS, "responses": responses("200", codes=(400, 401, 403))}},
        "/api/v1/reports/compliance": {"get": {
            "summary": "MOU compliance per rule and party, with the breaking items (monitors)",
            "parameters": PERIOD_PARAMETERS, "responses": responses("200", codes=(400, 401, 403))}},
    }
