"""The OpenAPI document, derived from the same forms that validate the API.

Deriving the request schemas from the forms keeps the document and the
validation from drifting apart.
"""
from __future__ import annotations

from flask import jsonify
from wtforms import (
    BooleanField, DateField, FieldList, FloatField, FormField, IntegerField, SelectMultipleField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..cases.forms import CaseForm
from ..codes import ASSOCIATION_KINDS, SUBJECT_KINDS
from ..forms import AwareDateTimeField, CodeField, IdListField, ListField
from ..operations.forms import OperationForm
from ..subjects.forms import SUBJECT_FORMS
from . import bp


def field_schema(field) -> dict:
    """JSON schema of one form field."""
    if isinstance(field, FieldList):
        entry = field.unbound_field.field_class
        if issubclass(entry, FormField):
            inner = field.unbound_field.args[0] if field.unbound_field.args else field.unbound_field.kwargs["form_class"]
            return {"type": "array", "maxItems": field.max_entries or 10, "items": form_schema(inner, nested=True)}
        return {"type": "array", "items": {"type": "string"}}
    if isinstance(field, BooleanField):
        schema: dict = {"type": "boolean"}
    elif isinstance(field, IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, FloatField):
        schema = {"type": "number"}
    elif isinstance(field, AwareDateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, IdListField):
        schema = {"type": "array", "items": {"type": "integer"}}
    elif isinstance(field, ListField):
        schema = {"type": "array", "items": {"type": "string", "maxLength": 120}, "maxItems": 20}
    elif isinstance(field, SelectMultipleField):
        schema = {"type": "array", "items": {"type": "string", "enum": [c.value for c in field.choices]}}
    elif isinstance(field, CodeField) and field.choices:
        schema = {"type": "string", "enum": [c.value for c in field.choices if c.value != ""]}
    else:
        schema = {"type": "string"}
    for validator in field.validators:
        if isinstance(validator, Length) and schema["type"] == "string" and validator.max and validator.max > 0:
            schema["maxLength"] = validator.max
        if isinstance(validator, NumberRange):
            if validator.min is not None:
                schema["minimum"] = validator.min
            if validator.max is not None:
                schema["maximum"] = validator.max
    if not _required(field) and schema["type"] != "array":
        schema = {**schema, "type": [schema["type"], "null"]} if "enum" not in schema else \
            {"anyOf": [schema, {"type": "null"}]}
    return schema


def _required(field) -> bool:
    return any(isinstance(v, (DataRequired, InputRequired)) for v in field.validators)


def form_schema(form_class, nested: bool = False, extra: dict | None = None, skip=()) -> dict:
    """JSON schema of a request body validated by a form."""
    form = form_class(meta={"csrf": False}, formdata=None) if not nested else form_class(formdata=None)
    properties, required = {}, []
    for name, field in form._fields.items():
        if name == "csrf_token" or name in skip:
            continue
        properties[name] = field_schema(field)
        if _required(field):
            required.append(name)
    properties.update(extra or {})
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


ERROR = {"$ref": "#/components/schemas/Error"}


def _responses(ok: str, ok_schema: dict | None = None, codes=(400, 401, 403, 404)) -> dict:
    out = {ok: {"description": "OK", "content": {"application/json": {"schema": ok_schema or {"type": "object"}}}}}
    for code in codes:
        out[str(code)] = {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
    return out


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
]


def subject_schema() -> dict:
    variants = []
    for kind, form_class in SUBJECT_FORMS.items():
        variants.append(form_schema(form_class, extra={"kind": {"type": "string", "enum": [kind]}}))
        variants[-1]["required"] = ["kind"] + variants[-1].get("required", [])
    return {"oneOf": variants}


def document() -> dict:
    """Build the whole OpenAPI 3.1 document."""
    list_schema = {"type": "object", "properties": {"items": {"type": "array"}, "next": {"type": ["string", "null"]}}}
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
        "/api/v1/health": {"get": {"summary": "Health", "security": [], "responses": _responses("200", codes=())}},
        "/api/v1/cases": {
            "get": {"summary": "Cases the caller may read", "parameters": PAGING + [
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "status", "in": "query", "schema": {"type": "string"}},
                {"name": "case_type", "in": "query", "schema": {"type": "string"}}],
                "responses": _responses("200", list_schema, codes=(401, 403))},
            "post": {"summary": "Register a case", "requestBody": _body(case), "responses": _responses("201")},
        },
        "/api/v1/cases/{case_id}": {
            "parameters": [_id("case_id")],
            "get": {"summary": "One case", "responses": _responses("200", codes=(401, 403, 404))},
            "patch": {"summary": "Change a case", "requestBody": _body(case_patch), "responses": _responses("200")},
        },
        "/api/v1/cases/{case_id}/subjects": {
            "parameters": [_id("case_id")],
            "get": {"summary": "A case's subject records", "parameters": PAGING,
                    "responses": _responses("200", list_schema, codes=(401, 403, 404))},
            "post": {"summary": "Add a subject record and check it for conflicts",
                     "requestBody": _body(subject_schema()), "responses": _responses("201")},
        },
        "/api/v1/subjects/{subject_id}": {
            "parameters": [_id("subject_id")],
            "get": {"summary": "One subject record", "responses": _responses("200", codes=(401, 403, 404))},
            "patch": {"summary": "Change a subject record", "requestBody": _body({"type": "object"}),
                      "responses": _responses("200")},
        },
        "/api/v1/cases/{case_id}/associations": {
            "parameters": [_id("case_id")],
            "post": {"summary": "Link two records of a case", "requestBody": _body(association),
                     "responses": _responses("201")},
        },
        "/api/v1/operations": {
            "get": {"summary": "The agency's operations", "parameters": PAGING + [
                {"name": "status", "in": "query", "schema": {"type": "string"}},
                {"name": "case_id", "in": "query", "schema": {"type": "integer"}}],
                "responses": _responses("200", list_schema, codes=(401, 403))},
            "post": {"summary": "Register an operation and check it for conflicts",
                     "requestBody": _body(operation), "responses": _responses("201")},
        },
        "/api/v1/operations/{operation_id}": {
            "parameters": [_id("operation_id")],
            "get": {"summary": "One operation", "responses": _responses("200", codes=(401, 403, 404))},
            "patch": {"summary": "Change an operation's plan", "requestBody": _body(operation_patch),
                      "responses": _responses("200")},
        },
    }
    paths.update(review_paths(list_schema))
    paths.update(outcome_paths(list_schema))
    from ..audit.openapi import governance_paths
    from . import conflicts, imports

    paths.update(conflicts.openapi_paths(list_schema))
    paths.update(imports.openapi_paths())
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
            }},
        },
    }


def review_paths(list_schema: dict) -> dict:
    """The supervisors' review: transitions, clearances, reopening alerts, match review, notifications."""
    from ..review.forms import ClearanceForm, MatchJudgementForm, ReopenForm, TransitionForm

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
        "decided_at": {"type": ["string", "null"], "format": "date-time"}}}
    return {
        "/api/v1/operations/{operation_id}/transition": {
            "parameters": [_id("operation_id")],
            "post": {"summary": "Move an operation along planned → cleared → active → completed | cancelled",
                     "requestBody": _body(form_schema(TransitionForm)),
                     "responses": {**_responses("200"), **refused}},
        },
        "/api/v1/operations/{operation_id}/clearances": {
            "parameters": [_id("operation_id")],
            "get": {"summary": "The clearances a cross-border operation needs (owner and clearing agencies)",
                    "responses": _responses("200", {"type": "object", "properties": {
                        "items": {"type": "array", "items": clearance}}}, codes=(401, 404))},
            "post": {"summary": "Grant or refuse clearance (a supervisor of an agency whose clearance is required)",
                     "requestBody": _body(form_schema(ClearanceForm)),
                     "responses": {**_responses("200", clearance), **refused}},
        },
        "/api/v1/conflicts/{alert_id}/reopen": {
            "parameters": [_id("alert_id")],
            "post": {"summary": "Take back the agency's decision on an alert (supervisors)",
                     "requestBody": _body(form_schema(ReopenForm)),
                     "responses": {**_responses("200"), "409": state_conflict}},
        },
        "/api/v1/matches": {
            "get": {"summary": "Possible matches awaiting the agency's review (state=pending) or reviewed",
                    "parameters": PAGING + [{"name": "state", "in": "query",
                                             "schema": {"type": "string", "enum": ["pending", "reviewed"]}}],
                    "responses": _responses("200", list_schema, codes=(400, 401))},
        },
        "/api/v1/matches/{link_id}": {
            "parameters": [_id("link_id")],
            "get": {"summary": "One possible match as the caller's agency sees it",
                    "responses": _responses("200", codes=(401, 404))},
            "post": {"summary": "Confirm or reject a possible match, with a note",
                     "requestBody": _body(form_schema(MatchJudgementForm)),
                     "responses": {**_responses("200"), "409": state_conflict}},
        },
        "/api/v1/notifications": {
            "get": {"summary": "The caller's notifications, newest first (unread=1 for unread only)",
                    "parameters": PAGING + [{"name": "unread", "in": "query", "schema": {"type": "string"}}],
                    "responses": _responses("200", list_schema, codes=(401,))},
        },
        "/api/v1/notifications/read": {
            "post": {"summary": "Mark one notification ({id}) or all of them read",
                     "requestBody": {"required": False, "content": {"application/json": {"schema": {
                         "type": "object", "additionalProperties": False,
                         "properties": {"id": {"type": ["integer", "null"], "minimum": 1}}}}}},
                     "responses": _responses("200", codes=(400, 401))},
        },
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


def outcome_paths(list_schema: dict) -> dict:
    """Outcome records and the reports (their modules describe their own paths)."""
    from . import outcomes, reports

    return {**outcomes.openapi_paths(list_schema), **reports.openapi_paths()}
