"""The rest of the funnel in the API: arrests, extradition requests, legal assistance requests, asset seizures."""
from __future__ import annotations

from flask import jsonify

from ..access import extradition_for, legal_assistance_for, require_casework
from ..extensions import db
from ..outcomes.forms import (
    ArrestForm, AssetSeizureForm, ExtraditionDecisionForm, ExtraditionForm, LegalAssistanceAnswerForm,
    LegalAssistanceForm,
)
from ..outcomes.funnel import (
    answer_legal_assistance, decide_extradition, funnel_of_case, record_arrest, record_asset_seizure,
    record_extradition, record_legal_assistance,
)
from ..outcomes.models import Arrest, AssetSeizure, Extradition, LegalAssistanceRequest
from ..outcomes.services import persons_of_case
from . import acting_user, bp, json_body
from .outcomes import _saved, _values, _writable_case
from .schema import form_schema, path_param, request_body, responses
from .serialise import iso


def arrest_json(arrest: Arrest) -> dict:
    return {"id": arrest.id, "case_id": arrest.case_id, "subject_id": arrest.subject_id,
            "arrested_on": iso(arrest.arrested_on), "agency": arrest.agency.code, "country": arrest.country,
            "note": arrest.note}


def extradition_json(extradition: Extradition) -> dict:
    return {"id": extradition.id, "case_id": extradition.case_id, "subject_id": extradition.subject_id,
            "requested_on": iso(extradition.requested_on), "requesting_country": extradition.requesting_country,
            "requested_country": extradition.requested_country, "status": extradition.status,
            "decided_on": iso(extradition.decided_on), "note": extradition.note}


def legal_assistance_json(request: LegalAssistanceRequest) -> dict:
    return {"id": request.id, "case_id": request.case_id, "to_country": request.to_country,
            "authority": request.authority, "sent_on": iso(request.sent_on), "answered_on": iso(request.answered_on),
            "days_taken": request.days_taken, "request": request.request}


def asset_seizure_json(seizure: AssetSeizure) -> dict:
    return {"id": seizure.id, "case_id": seizure.case_id, "seized_on": iso(seizure.seized_on), "kind": seizure.kind,
            "amount": seizure.amount, "currency": seizure.currency, "description": seizure.description}


def _created(case_id: int, form_class, action, as_json, *, of_person: bool = False):
    """A POST that records an outcome of the case: its form (offering the case's persons), the service, 201."""
    case = _writable_case(case_id)
    form = form_class.from_json(json_body())
    if of_person:
        form.offer_defendants(persons_of_case(db.session, case))
    return jsonify(as_json(_saved(action, case, _values(form)))), 201


def _answered(find, record_id: int, form_class, action, as_json):
    """A PATCH that records the answer to a request of the case (once; a second is the service's 409)."""
    user = acting_user()
    require_casework(user)
    record = find(db.session, user, record_id, write=True)
    return jsonify(as_json(_saved(action, record, _values(form_class.from_json(json_body())))))


@bp.post("/cases/<int:case_id>/arrests")
def create_arrest(case_id: int):
    return _created(case_id, ArrestForm, record_arrest, arrest_json, of_person=True)


@bp.post("/cases/<int:case_id>/extraditions")
def create_extradition(case_id: int):
    return _created(case_id, ExtraditionForm, record_extradition, extradition_json, of_person=True)


@bp.patch("/extraditions/<int:extradition_id>")
def patch_extradition(extradition_id: int):
    return _answered(extradition_for, extradition_id, ExtraditionDecisionForm, decide_extradition, extradition_json)


@bp.post("/cases/<int:case_id>/legal-assistance")
def create_legal_assistance(case_id: int):
    return _created(case_id, LegalAssistanceForm, record_legal_assistance, legal_assistance_json)


@bp.patch("/legal-assistance/<int:request_id>")
def patch_legal_assistance(request_id: int):
    return _answered(legal_assistance_for, request_id, LegalAssistanceAnswerForm, answer_legal_assistance,
                     legal_assistance_json)


@bp.post("/cases/<int:case_id>/asset-seizures")
def create_asset_seizure(case_id: int):
    return _created(case_id, AssetSeizureForm, record_asset_seizure, asset_seizure_json)


def funnel_json(case) -> dict:
    """A case's arrests, extraditions, legal assistance requests and asset seizures (for its outcomes)."""
    found = funnel_of_case(db.session, case)
    return {"arrests": [arrest_json(a) for a in found["arrests"]],
            "extraditions": [extradition_json(e) for e in found["extraditions"]],
            "legal_assistance_requests": [legal_assistance_json(r) for r in found["legal_assistance"]],
            "asset_seizures": [asset_seizure_json(s) for s in found["asset_seizures"]]}


def openapi_paths() -> dict:
    """This module's paths for the OpenAPI document, their bodies derived from the same forms."""
    integer = {"type": "integer", "minimum": 1}
    conflict = {"409": {"description": "Already decided or answered",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}

    def created(form_class, summary, extra=None):
        return {"post": {"summary": summary, "requestBody": request_body(form_schema(form_class, extra=extra)),
                         "responses": responses("201")}}

    return {
        "/api/v1/cases/{case_id}/arrests": {
            "parameters": [path_param("case_id")],
            **created(ArrestForm, "Record the arrest of a person of the case (date, agency, country)",
                      {"subject_id": integer})},
        "/api/v1/cases/{case_id}/extraditions": {
            "parameters": [path_param("case_id")],
            **created(ExtraditionForm, "Record an extradition request for a person of the case",
                      {"subject_id": integer})},
        "/api/v1/extraditions/{extradition_id}": {
            "parameters": [path_param("extradition_id")],
            "patch": {"summary": "The result of an extradition request: granted, denied or withdrawn (once)",
                      "requestBody": request_body(form_schema(ExtraditionDecisionForm)),
                      "responses": {**responses("200"), **conflict}}},
        "/api/v1/cases/{case_id}/legal-assistance": {
            "parameters": [path_param("case_id")],
            **created(LegalAssistanceForm, "Record a mutual legal assistance request (and its answer when known)")},
        "/api/v1/legal-assistance/{request_id}": {
            "parameters": [path_param("request_id")],
            "patch": {"summary": "The date a mutual legal assistance request was answered (once)",
                      "requestBody": request_body(form_schema(LegalAssistanceAnswerForm)),
                      "responses": {**responses("200"), **conflict}}},
        "/api/v1/cases/{case_id}/asset-seizures": {
            "parameters": [path_param("case_id")],
            **created(AssetSeizureForm, "Record currency or another asset seized")},
    }
