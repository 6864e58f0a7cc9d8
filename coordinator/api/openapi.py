"""The OpenAPI document, derived from the same forms that validate the API.

Deriving the request schemas from the forms keeps the document and the
validation from drifting apart. The document is assembled here from the
paths each API module describes; those modules build their descriptions
with ``schema.py`` and never import this module back.
"""
from __future__ import annotations

from flask import jsonify

from ..cases.forms import CaseForm
from ..codes import ASSOCIATION_KINDS, SUBJECT_KINDS
from ..operations.forms import OperationForm
from ..subjects.forms import SUBJECT_FORMS
from . import bp
from .schema import ERROR, LIST, PAGING, form_schema, path_param, request_body, responses

# A registration answers the record and its check: {"allOf"} keeps the record's own fields open.
RECEIPT = {"allOf": [{"type": "object"}, {"$ref": "#/components/schemas/Receipt"}]}


def subject_schema() -> dict:
    variants = []
    for kind, form_class in SUBJECT_FORMS.items():
        variants.append(form_schema(form_class, extra={"kind": {"type": "string", "enum": [kind]}}))
        variants[-1]["required"] = ["kind"] + variants[-1].get("required", [])
    return {"oneOf": variants}


def document() -> dict:
    """Build the whole OpenAPI 3.1 document."""
    list_schema = LIST
    case = form_schema(CaseForm)
    case_patch = dict(case)
    case_patch.pop("required", None)
    operation = form_schema(OperationForm)
    operation_patch = dict(operation)
    operation_patch.pop("required", None)
    association = {
        "type": "object", "additionalProperties": False,
        "required": ["from_subject_id", "to_subject_id", "kind"],
        "properties": {
            "from_subject_id": {"type": "integer"}, "to_subject_id": {"type": "integer"},
            "kind": {"type": "string", "enum": list(ASSOCIATION_KINDS)},
            "note": {"type": ["string", "null"], "maxLength": 1000},
        },
    }
    paths = {
        "/api/v1/health": {"get": {"summary": "Health", "security": [], "responses": responses("200", codes=())}},
        "/api/v1/cases": {
            "get": {"summary": "Cases the caller may read", "parameters": PAGING + [
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "status", "in": "query", "schema": {"type": "string"}},
                {"name": "case_type", "in": "query", "schema": {"type": "string"}}],
                "responses": responses("200", list_schema, codes=(401, 403))},
            "post": {"summary": "Register a case", "requestBody": request_body(case), "responses": responses("201")},
        },
        "/api/v1/cases/{case_id}": {
            "parameters": [path_param("case_id")],
            "get": {"summary": "One case", "responses": responses("200", codes=(401, 403, 404))},
            "patch": {"summary": "Change a case", "requestBody": request_body(case_patch), "responses": responses("200")},
        },
        "/api/v1/cases/{case_id}/subjects": {
            "parameters": [path_param("case_id")],
            "get": {"summary": "A case's subject records", "parameters": PAGING,
                    "responses": responses("200", list_schema, codes=(401, 403, 404))},
            "post": {"summary": "Add a subject record and check it for conflicts",
                     "requestBody": request_body(subject_schema()), "responses": responses("201", RECEIPT)},
        },
        "/api/v1/subjects/{subject_id}": {
            "parameters": [path_param("subject_id")],
            "get": {"summary": "One subject record", "responses": responses("200", codes=(401, 403, 404))},
            "patch": {"summary": "Change a subject record", "requestBody": request_body({"type": "object"}),
                      "responses": responses("200")},
        },
        "/api/v1/cases/{case_id}/associations": {
            "parameters": [path_param("case_id")],
            "post": {"summary": "Link two records of a case", "requestBody": request_body(association),
                     "responses": responses("201")},
        },
        "/api/v1/operations": {
            "get": {"summary": "The agency's operations", "parameters": PAGING + [
                {"name": "status", "in": "query", "schema": {"type": "string"}},
                {"name": "case_id", "in": "query", "schema": {"type": "integer"}}],
                "responses": responses("200", list_schema, codes=(401, 403))},
            "post": {"summary": "Register an operation and check it for conflicts",
                     "requestBody": request_body(operation), "responses": responses("201", RECEIPT)},
        },
        "/api/v1/operations/{operation_id}": {
            "parameters": [path_param("operation_id")],
            "get": {"summary": "One operation", "responses": responses("200", codes=(401, 403, 404))},
            "patch": {"summary": "Change an operation's plan", "requestBody": request_body(operation_patch),
                      "responses": responses("200")},
        },
    }
    paths.update(review_paths(list_schema))
    paths.update(outcome_paths(list_schema))
    from ..audit.openapi import governance_paths
    from . import agencies, conflicts, imports, jobs, receipts, subjects, watch

    paths.update(conflicts.openapi_paths(list_schema))
    paths.update(watch.openapi_paths(list_schema))
    from . import search

    paths.update(search.openapi_paths(list_schema))
    paths.update(imports.openapi_paths())
    paths.update(agencies.openapi_paths(list_schema))
    paths.update(subjects.openapi_paths())
    paths.update(jobs.openapi_paths())
    paths.update(governance_paths(list_schema))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Coordinator API", "version": "1.0.0",
                 "description": "Interagency case coordination and deconfliction. Subject kinds: "
                                + ", ".join(SUBJECT_KINDS)},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {
                "type": "object", "required": ["error"],
                "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string"}, "message": {"type": "string"}, "fields": {"type": "object"}}}},
            }, **conflicts.openapi_components(), **receipts.openapi_components()},
        },
    }


def review_paths(list_schema: dict) -> dict:
    """The supervisors' review: transitions, clearances, reopening alerts, match review, notifications."""
    from ..review.forms import ClearanceForm, MatchJudgementForm, ReopenForm, TransitionForm
    from .conflicts import RECORD_SCHEMA

    refused = {"409": {"description": "A rule forbids it; error.fields.rule names the rule "
                                      "(invalid_transition, clearance_required, clearance_refused, "
                                      "critical_alert_unresolved, not_awaiting_clearance)",
                       "content": {"application/json": {"schema": ERROR}}}}
    state_conflict = {"description": "The alert's or the match's state does not allow it",
                      "content": {"application/json": {"schema": ERROR}}}
    clearance = {"type": "object", "properties": {
        "agency": {"type": "string"}, "decision": {"type": "string", "enum": ["pending", "granted", "refused"]},
        "note": {"type": ["string", "null"]}, "at": {"type": "string", "format": "date-time"},
        "requested_at": {"type": "string", "format": "date-time"},
        "decided_at": {"type": ["string", "null"], "format": "date-time"},
        "required_by": {"type": ["object", "null"], "description": "the agreement whose rule requires it "
                                                                   "(null: the default, no rule applies)"}}}
    return {
        "/api/v1/operations/{operation_id}/transition": {
            "parameters": [path_param("operation_id")],
            "post": {"summary": "Move an operation along planned → cleared → active → completed | cancelled",
                     "requestBody": request_body(form_schema(TransitionForm)),
                     "responses": {**responses("200"), **refused}},
        },
        "/api/v1/operations/{operation_id}/clearances": {
            "parameters": [path_param("operation_id")],
            "get": {"summary": "The clearances a cross-border operation needs (owner and clearing agencies)",
                    "responses": responses("200", {"type": "object", "properties": {
                        "items": {"type": "array", "items": clearance}}}, codes=(401, 404))},
            "post": {"summary": "Grant or refuse clearance (a supervisor of an agency whose clearance is required)",
                     "requestBody": request_body(form_schema(ClearanceForm)),
                     "responses": {**responses("200", clearance), **refused}},
        },
        "/api/v1/conflicts/{alert_id}/reopen": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "Take back the agency's decision on an alert (supervisors)",
                     "requestBody": request_body(form_schema(ReopenForm, extra={"record": RECORD_SCHEMA})),
                     "responses": {**responses("200"), "409": state_conflict}},
        },
        "/api/v1/matches": {
            "get": {"summary": "Possible matches awaiting the agency's review (state=pending) or reviewed",
                    "parameters": PAGING + [{"name": "state", "in": "query",
                                             "schema": {"type": "string", "enum": ["pending", "reviewed"]}}],
                    "responses": responses("200", list_schema, codes=(400, 401))},
        },
        "/api/v1/matches/{link_id}": {
            "parameters": [path_param("link_id")],
            "get": {"summary": "One possible match as the caller's agency sees it",
                    "responses": responses("200", codes=(401, 404))},
            "post": {"summary": "Confirm or reject a possible match, with a note",
                     "requestBody": request_body(form_schema(MatchJudgementForm)),
                     "responses": {**responses("200"), "409": state_conflict}},
        },
        "/api/v1/notifications": {
            "get": {"summary": "The caller's notifications, newest first (unread=1 for unread only)",
                    "parameters": PAGING + [{"name": "unread", "in": "query", "schema": {"type": "string"}}],
                    "responses": responses("200", list_schema, codes=(401,))},
        },
        "/api/v1/notifications/read": {
            "post": {"summary": "Mark one notification ({id}) or all of them read",
                     "requestBody": {"required": False, "content": {"application/json": {"schema": {
                         "type": "object", "additionalProperties": False,
                         "properties": {"id": {"type": ["integer", "null"], "minimum": 1}}}}}},
                     "responses": responses("200", codes=(400, 401))},
        },
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


def outcome_paths(list_schema: dict) -> dict:
    """Outcome records and the reports (their modules describe their own paths)."""
    from . import funnel, outcomes, reports

    return {**outcomes.openapi_paths(list_schema), **funnel.openapi_paths(), **reports.openapi_paths()}
