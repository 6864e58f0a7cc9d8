"""Outcome records in the API: referrals and decisions, indictments and dispositions, seizures, traces."""
from __future__ import annotations

import io

from flask import jsonify, request
from flask_babel import gettext as _

from ..access import (
    case_for, indictment_for, referral_for, require_casework, require_tracing_agency, seizure_for, trace_to_answer,
)
from ..errors import ApiError
from ..extensions import db
from ..outcomes.codes import FIREARM_COUNT_FIELDS, REFERRAL_STATUSES
from ..outcomes.evidence import answer_trace, firearms_of_case, record_seizure, request_trace, seizures_of_case
from ..outcomes.forms import (
    DecisionForm, DispositionForm, IndictmentForm, ReferralForm, SeizureForm, TraceAnswerForm, TraceForm,
)
from ..imports.parse import read_rows
from ..outcomes.models import Disposition, Indictment, Referral, Seizure, TraceRequest
from ..outcomes.seizures import import_items
from ..outcomes.traces import QUEUE_STATUSES, as_tracer, trace_queue_query, tracer_view
from ..outcomes.services import (
    OutcomeConflict, OutcomeError, OutcomeFieldsError, decide_referral, outcomes_of_case, persons_of_case,
    record_disposition, record_indictment, record_referral, referrals_query,
)
from ..pagination import paginate
from . import acting_user, bp, field_error, json_body, list_page_args, listing, valid
from .imports import import_json, uploaded_rows
from .receipts import checked
from .serialise import iso, subject_json
from .schema import PAGING, form_schema, path_param, request_body, responses


def referral_json(referral: Referral) -> dict:
    return {
        "id": referral.id, "case_id": referral.case_id, "case_number": referral.case.number,
        "from_agency": referral.from_agency.code, "to_agency": referral.to_agency.code, "kind": referral.kind,
        "sent_on": iso(referral.sent_on), "status": referral.status, "decided_on": iso(referral.decided_on),
        "reason": referral.reason, "note": referral.note, "created_at": iso(referral.created_at),
        "decided_by_agency": referral.decided_by.agency.code if referral.decided_by else None,
    }


def disposition_json(disposition: Disposition) -> dict:
    return {"id": disposition.id, "indictment_id": disposition.indictment_id, "outcome": disposition.outcome,
            "decided_on": iso(disposition.decided_on), "sentence_months": disposition.sentence_months,
            "note": disposition.note}


def indictment_json(indictment: Indictment) -> dict:
    return {
        "id": indictment.id, "case_id": indictment.case_id, "subject_id": indictment.subject_id,
        "defendant": indictment.subject.label, "filed_on": iso(indictment.filed_on), "court": indictment.court,
        "charges": list(indictment.charges), "charge_codes": list(indictment.charge_codes or []),
        "disposition": disposition_json(indictment.disposition) if indictment.disposition else None,
    }


def seizure_json(seizure: Seizure) -> dict:
    counts = {name: seizure.firearms.get(code, 0) for name, code in FIREARM_COUNT_FIELDS.items()}
    return {"id": seizure.id, "case_id": seizure.case_id, "seized_on": iso(seizure.seized_on),
            "place": seizure.place, "country": seizure.country, "port_of_entry": seizure.port_of_entry,
            "direction": seizure.direction, **counts, "firearms": seizure.firearm_count, "rounds": seizure.rounds,
            "ammunition": dict(seizure.ammunition or {}), "state": seizure.state,
            "municipality": seizure.municipality, "latitude": seizure.latitude, "longitude": seizure.longitude,
            "transit_country": seizure.transit_country,
            "custody_agency": seizure.custody_agency.code if seizure.custody_agency else None,
            "custody_location": seizure.custody_location,
            "item_ids": [r.id for r in seizure.records_of("firearm")],
            "person_ids": [r.id for r in seizure.records_of("person")],
            "vehicle_ids": [r.id for r in seizure.records_of("vehicle")], "note": seizure.note}


def seizure_created_json(seizure: Seizure) -> dict:
    """A new seizure with each gun's firearm record and the conflicts its check raised, and all of them."""
    items, conflicts = [], {}
    for record in seizure.records_of("firearm"):
        receipt, found = checked("subject", record.id, record.agency_id)
        items.append({**subject_json(record), "receipt": receipt, "conflicts": found})
        conflicts.update((conflict["id"], conflict) for conflict in found)
    return {**seizure_json(seizure), "items": items, "conflicts": list(conflicts.values())}


def trace_json(trace: TraceRequest) -> dict:
    """A trace with its findings; ``conflicts``: those of its dealer and purchaser records' latest checks."""
    conflicts = {}
    for record_id in (trace.dealer_id, trace.purchaser_id):
        if record_id is not None:
            conflicts.update((c["id"], c) for c in checked("subject", record_id, trace.case.agency_id)[1])
    return {"id": trace.id, "case_id": trace.case_id, "seizure_id": trace.seizure_id, "firearm_id": trace.firearm_id,
            "sent_on": iso(trace.sent_on), "answered_on": iso(trace.answered_on), "result": trace.result,
            "days_taken": trace.days_taken, "urgent": trace.urgent, "answered_within_24h": trace.answered_within_24h,
            "manufacturer": trace.manufacturer, "importer": trace.importer, "dealer_id": trace.dealer_id,
            "purchaser_id": trace.purchaser_id, "purchased_on": iso(trace.purchased_on),
            "purchase_city": trace.purchase_city, "purchase_state": trace.purchase_state,
            "recovered_on": iso(trace.recovered_on), "time_to_crime_days": trace.time_to_crime_days,
            "requested_at": iso(trace.requested_at), "answered_at": iso(trace.answered_at),
            "note": trace.note, "conflicts": list(conflicts.values())}


def tracer_json(trace: TraceRequest) -> dict:
    """A trace request as the tracing agency sees it in another agency's case: the gun and the request only."""
    return {name: iso(value) if hasattr(value, "isoformat") else value
            for name, value in tracer_view(trace).items()}


TRACE_FINDINGS = ("dealer", "purchaser")  # objects, checked by the service with their records' rules


def _values(form) -> dict:
    """A form's values once it validates (a 400 naming the fields that do not)."""
    return {name: field.data for name, field in valid(form)._fields.items() if name != "csrf_token"}


def _saved(action, *args):
    """Run a service; its refusals become a 400 naming the field (or a 409 for the record's state)."""
    try:
        return action(db.session, acting_user(), *args)
    except OutcomeConflict as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    except OutcomeFieldsError as err:
        raise ApiError(400, "validation_error", _("Some fields are not valid."), err.errors)
    except OutcomeError as err:
        raise field_error(err.field, err.message)


def _writable_case(case_id: int):
    user = acting_user()
    require_casework(user)
    return case_for(db.session, user, case_id, write=True)


@bp.post("/cases/<int:case_id>/referrals")
def create_referral(case_id: int):
    case = _writable_case(case_id)
    values = _values(ReferralForm.from_json(json_body()))
    return jsonify(referral_json(_saved(record_referral, case, values))), 201


@bp.get("/cases/<int:case_id>/outcomes")
def case_outcomes(case_id: int):
    user = acting_user()
    require_casework(user)
    case = case_for(db.session, user, case_id)
    outcomes = outcomes_of_case(db.session, case)
    from .funnel import funnel_json

    return jsonify({"referrals": [referral_json(r) for r in outcomes.referrals],
                    "indictments": [indictment_json(i) for i in outcomes.indictments],
                    "seizures": [seizure_json(s) for s in outcomes.seizures],
                    "traces": [trace_json(t) for t in outcomes.traces], **funnel_json(case)})


@bp.get("/referrals")
def list_referrals():
    user = acting_user()
    require_casework(user)
    direction = "sent" if request.args.get("direction") == "sent" else "received"
    status = request.args.get("status") if request.args.get("status") in REFERRAL_STATUSES else None
    page, per_page = list_page_args()
    results = paginate(db.session, referrals_query(user, direction, status), page, per_page)
    params = {"direction": direction, **({"status": status} if status else {})}
    return jsonify(listing(results, referral_json, "api.list_referrals", **params))


@bp.get("/referrals/<int:referral_id>")
def get_referral(referral_id: int):
    return jsonify(referral_json(referral_for(db.session, acting_user(), referral_id)))


@bp.patch("/referrals/<int:referral_id>")
def patch_referral(referral_id: int):
    referral = referral_for(db.session, acting_user(), referral_id)
    values = _values(DecisionForm.from_json(json_body()))
    return jsonify(referral_json(_saved(decide_referral, referral, values)))


def _charges_as_list(payload: dict) -> dict:
    """Charges may come as one string ("A; B") or as a list of strings."""
    if isinstance(payload.get("charges"), str):
        return {**payload, "charges": [payload["charges"]]}
    return payload


@bp.post("/cases/<int:case_id>/indictments")
def create_indictment(case_id: int):
    case = _writable_case(case_id)
    form = IndictmentForm.from_json(_charges_as_list(json_body()))
    form.offer_defendants(persons_of_case(db.session, case))
    values = _values(form)
    return jsonify(indictment_json(_saved(record_indictment, case, values))), 201


@bp.get("/indictments/<int:indictment_id>")
def get_indictment(indictment_id: int):
    return jsonify(indictment_json(indictment_for(db.session, acting_user(), indictment_id)))


@bp.post("/indictments/<int:indictment_id>/dispositions")
def create_disposition(indictment_id: int):
    user = acting_user()
    require_casework(user)
    indictment = indictment_for(db.session, user, indictment_id, write=True)
    values = _values(DispositionForm.from_json(json_body()))
    return jsonify(disposition_json(_saved(record_disposition, indictment, values))), 201


SEIZURE_LISTS = ("items", "ammunition", "person_ids", "vehicle_ids")


@bp.post("/cases/<int:case_id>/seizures")
def create_seizure(case_id: int):
    case = _writable_case(case_id)
    payload = json_body()
    lists = {name: payload.pop(name) for name in SEIZURE_LISTS if name in payload}  # checked by the service
    form = SeizureForm.from_json(payload)
    # Guns listed count as firearms seized; a malformed list is the service's to refuse by name.
    form.listed = len(lists["items"]) if isinstance(lists.get("items"), list) else int(bool(lists.get("items")))
    values = {**_values(form), **lists}
    return jsonify(seizure_created_json(_saved(record_seizure, case, values))), 201


@bp.get("/seizures/<int:seizure_id>")
def get_seizure(seizure_id: int):
    user = acting_user()
    require_casework(user)
    return jsonify(seizure_json(seizure_for(db.session, user, seizure_id)))


@bp.post("/seizures/<int:seizure_id>/items/import")
def import_seizure_items(seizure_id: int):
    """The guns of a seizure from CSV or JSON Lines (firearm fields, a header row for CSV); bad rows by line."""
    user = acting_user()
    require_casework(user)
    seizure = seizure_for(db.session, user, seizure_id, write=True)
    text, fmt = uploaded_rows(column="make")
    report = _saved(import_items, seizure, read_rows(io.StringIO(text, newline=""), fmt))
    return jsonify({**import_json(report), "seizure": seizure_json(seizure)}), 200


@bp.post("/cases/<int:case_id>/traces")
def create_trace(case_id: int):
    case = _writable_case(case_id)
    payload = json_body()
    findings = {name: payload.pop(name) for name in TRACE_FINDINGS if name in payload}
    form = TraceForm.from_json(payload)
    form.offer_records(firearms_of_case(db.session, case), seizures_of_case(db.session, case))
    values = {**_values(form), **findings}
    return jsonify(trace_json(_saved(request_trace, case, values))), 201


@bp.patch("/traces/<int:trace_id>")
def patch_trace(trace_id: int):
    """The answer, by the owning agency (from eTrace) or by the tracing agency, which sees the gun only."""
    user = acting_user()
    require_casework(user)
    trace, tracer = trace_to_answer(db.session, user, trace_id)
    payload = json_body()
    findings = {name: payload.pop(name) for name in TRACE_FINDINGS if name in payload}
    form = TraceAnswerForm.from_json(payload)
    values = {**_values(form), **findings}
    if tracer:
        return jsonify(tracer_json(_saved(answer_trace, trace, values, as_tracer(form.provided))))
    return jsonify(trace_json(_saved(answer_trace, trace, values, form.provided)))


@bp.get("/traces")
def list_traces():
    """The tracing agency's queue: every agency's trace requests, open (urgent first) or answered."""
    user = acting_user()
    require_tracing_agency(user)
    status = request.args.get("status") if request.args.get("status") in QUEUE_STATUSES else "open"
    page, per_page = list_page_args()
    results = paginate(db.session, trace_queue_query(status), page, per_page)
    return jsonify(listing(results, tracer_json, "api.list_traces", status=status))


def openapi_paths(list_schema: dict) -> dict:
    """This module's paths for the OpenAPI document, their bodies derived from the same forms."""
    integer = {"type": "integer", "minimum": 1}
    optional_id = {"type": ["integer", "null"], "minimum": 1}
    one_charge = {"type": "string", "maxLength": 300}
    charges = {"anyOf": [{"type": "string", "maxLength": 2000},
                         {"type": "array", "minItems": 1, "maxItems": 30, "items": one_charge}]}
    text = {"type": ["string", "null"]}
    firearm = {"type": "object", "additionalProperties": False,
               "properties": {name: text for name in ("make", "model", "caliber", "firearm_type", "serial_number",
                                                      "importer", "country_of_manufacture")},
               "description": "A gun seized: it becomes a firearm record of the case (serial_number may be "
                              "\"obliterated\")"}
    ids = {"type": "array", "items": integer, "maxItems": 200}
    seizure_extra = {"items": {"type": "array", "items": firearm, "maxItems": 200},
                     "ammunition": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
                                    "description": "Rounds by calibre"},
                     "person_ids": ids, "vehicle_ids": ids}
    dealer = {"type": "object", "additionalProperties": False,
              "properties": {"license_number": text, "name": text}}
    purchaser = {"type": "object", "additionalProperties": False,
                 "properties": {name: text for name in ("first_name", "middle_name", "last_name",
                                                        "second_last_name", "dob")}}
    findings = {"dealer": dealer, "purchaser": purchaser}
    conflict = {"409": {"description": "The record's state does not allow it (already decided or answered)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
    return {
        "/api/v1/cases/{case_id}/referrals": {
            "parameters": [path_param("case_id")],
            "post": {"summary": "Refer a case to another agency (investigative) or to a prosecutor (USAO, FGR)",
                     "requestBody": request_body(form_schema(ReferralForm)), "responses": responses("201")}},
        "/api/v1/referrals": {
            "get": {"summary": "Referrals received by the caller's agency (direction=received) or sent by it",
                    "parameters": PAGING + [
                        {"name": "direction", "in": "query",
                         "schema": {"type": "string", "enum": ["received", "sent"]}},
                        {"name": "status", "in": "query",
                         "schema": {"type": "string", "enum": list(REFERRAL_STATUSES)}}],
                    "responses": responses("200", list_schema, codes=(401, 403))}},
        "/api/v1/referrals/{referral_id}": {
            "parameters": [path_param("referral_id")],
            "get": {"summary": "One referral, for the sending or the receiving agency",
                    "responses": responses("200", codes=(401, 404))},
            "patch": {"summary": "The decision on a referral: accepted or declined, its date and reason "
                                 "(recorded by the receiving agency, or by the sender on its behalf)",
                      "requestBody": request_body(form_schema(DecisionForm)), "responses": responses("200")}},
        "/api/v1/cases/{case_id}/indictments": {
            "parameters": [path_param("case_id")],
            "post": {"summary": "Indict a defendant (a person record of the case)",
                     "requestBody": request_body(form_schema(IndictmentForm,
                                                      extra={"subject_id": integer, "charges": charges})),
                     "responses": responses("201")}},
        "/api/v1/indictments/{indictment_id}": {
            "parameters": [path_param("indictment_id")],
            "get": {"summary": "One indictment with its disposition",
                    "responses": responses("200", codes=(401, 404))}},
        "/api/v1/indictments/{indictment_id}/dispositions": {
            "parameters": [path_param("indictment_id")],
            "post": {"summary": "How the indictment ended: convicted, plea, acquitted or dismissed (once)",
                     "requestBody": request_body(form_schema(DispositionForm)),
                     "responses": {**responses("201"), **conflict}}},
        "/api/v1/cases/{case_id}/seizures": {
            "parameters": [path_param("case_id")],
            "post": {"summary": "Record a seizure: firearms counted by type and listed one by one (items: each "
                                "becomes a firearm record of the case, answered with its id and conflicts), "
                                "ammunition by calibre, place, custody, the persons and vehicles found with them",
                     "requestBody": request_body(form_schema(SeizureForm, extra=seizure_extra)),
                     "responses": responses("201")}},
        "/api/v1/seizures/{seizure_id}": {
            "parameters": [path_param("seizure_id")],
            "get": {"summary": "One seizure", "responses": responses("200", codes=(401, 403, 404))}},
        "/api/v1/seizures/{seizure_id}/items/import": {
            "parameters": [path_param("seizure_id")],
            "post": {"summary": "Import a seizure's guns from CSV (a header row with make) or JSON Lines; each "
                                "good row becomes a firearm record of the case, bad rows are reported by line",
                     "requestBody": {"required": True, "content": {
                         "text/csv": {"schema": {"type": "string"}},
                         "application/x-ndjson": {"schema": {"type": "string"}}}},
                     "responses": responses("200", codes=(400, 401, 403, 404, 413, 415))}},
        "/api/v1/cases/{case_id}/traces": {
            "parameters": [path_param("case_id")],
            "post": {"summary": "Record a trace request (and its answer when known, with the dealer and "
                                "purchaser it found: they become records of the case)",
                     "requestBody": request_body(form_schema(TraceForm, extra={"firearm_id": optional_id,
                                                                        "seizure_id": optional_id,
                                                                        **findings})),
                     "responses": responses("201")}},
        "/api/v1/traces": {
            "get": {"summary": "The tracing agency's (ATF's) queue: every agency's trace requests, open (urgent "
                               "first) or answered, each with the gun (make, model, caliber, serial_number), the "
                               "requesting agency and the request only, never the case",
                    "parameters": PAGING + [{"name": "status", "in": "query",
                                             "schema": {"type": "string", "enum": list(QUEUE_STATUSES)}}],
                    "responses": responses("200", list_schema, codes=(401, 403))}},
        "/api/v1/traces/{trace_id}": {
            "parameters": [path_param("trace_id")],
            "patch": {"summary": "Record the answer to a trace request (once), with the dealer and purchaser "
                                 "it found; answers time_to_crime_days, dealer_id, purchaser_id, conflicts. The "
                                 "tracing agency (ATF) answers another agency's request too, and is answered "
                                 "the gun and the request only (its urgency and note stay the requester's)",
                      "requestBody": request_body(form_schema(TraceAnswerForm, extra=findings)),
                      "responses": {**responses("200"), **conflict}}},
        "/api/v1/cases/{case_id}/outcomes": {
            "parameters": [path_param("case_id")],
            "get": {"summary": "A case's referrals, indictments, seizures and trace requests",
                    "responses": responses("200", codes=(401, 403, 404))}},
    }
