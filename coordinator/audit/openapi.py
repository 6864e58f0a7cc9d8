"""The OpenAPI description of the governance endpoints: the audit trail, disseminations, retention."""
from __future__ import annotations


def governance_paths(list_schema: dict) -> dict:
    """Paths for ``api.openapi.document()``, from the same forms that validate the requests."""
    from ..api.schema import PAGING, form_schema, path_param, request_body, responses
    from ..retention.forms import PurgeForm, ReviewForm
    from ..sharing.forms import ShareForm
    from .recorder import OUTCOMES

    text = {"type": "string"}
    audit_filters = [
        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "user", "in": "query", "schema": {**text, "maxLength": 254}},
        {"name": "agency", "in": "query", "schema": {**text, "maxLength": 16}},
        {"name": "action", "in": "query", "schema": {**text, "maxLength": 64}},
        {"name": "object_type", "in": "query", "schema": {**text, "maxLength": 32}},
        {"name": "object_id", "in": "query", "schema": {**text, "maxLength": 64}},
        {"name": "outcome", "in": "query", "schema": {"type": "string", "enum": list(OUTCOMES)}},
    ]
    validate, purge = form_schema(ReviewForm), form_schema(PurgeForm)
    return {
        "/api/v1/audit/events": {"get": {
            "summary": "The audit trail, newest first (administrators and monitors; the read is audited)",
            "parameters": PAGING + audit_filters, "responses": responses("200", list_schema, codes=(400, 401, 403))}},
        "/api/v1/cases/{case_id}/shares": {
            "parameters": [path_param("case_id")],
            "get": {"summary": "The case's disseminations (its owning agency)",
                    "responses": responses("200", list_schema, codes=(401, 403, 404))},
            "post": {"summary": "Share the case with another agency, on the record (28 CFR 23.20(e))",
                     "requestBody": request_body(form_schema(ShareForm)), "responses": responses("201")},
        },
        "/api/v1/disseminations/{dissemination_id}/revoke": {
            "parameters": [path_param("dissemination_id")],
            "post": {"summary": "End a share; the dissemination stays on the record",
                     "responses": responses("200")},
        },
        "/api/v1/retention/due": {"get": {
            "summary": "The agency's records due for review (supervisors; 28 CFR 23.20(h))",
            "parameters": PAGING, "responses": responses("200", list_schema, codes=(401, 403))}},
        "/api/v1/subjects/{subject_id}/validate": {
            "parameters": [path_param("subject_id")],
            "post": {"summary": "Validate a record: kept five more years", "requestBody": request_body(validate),
                     "responses": responses("200")},
        },
        "/api/v1/subjects/{subject_id}/purge": {
            "parameters": [path_param("subject_id")],
            "post": {"summary": "Purge a record; only the fact of the purge remains", "requestBody": request_body(purge),
                     "responses": responses("200")},
        },
    }
