"""Bulk import in the API: a CSV or JSON Lines body of subject records for one case."""
from __future__ import annotations

import io

from flask import current_app, jsonify, request, url_for
from flask_babel import get_locale, gettext as _

from ..access import case_for
from ..errors import ApiError
from ..extensions import db
from ..imports.parse import check_upload, detect_format, read_rows
from ..imports.services import import_subjects
from ..jobs.services import enqueue_import
from . import acting_user, bp
from .jobs import job_json
from .schema import path_param, responses


def uploaded_rows(column: str = "kind") -> tuple[str, str]:
    """The request's body as text and its format (csv or jsonl), or the 4xx that says why not."""
    try:
        fmt = detect_format(None, request.content_type)
    except ValueError as err:
        raise ApiError(415, "unsupported_media_type", str(err))
    try:
        text = request.get_data().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_encoding", _("The file must be UTF-8 text."))
    try:
        check_upload(text, fmt, column)
    except ValueError as err:
        raise ApiError(400, "invalid_file", str(err), {"file": str(err)})
    return text, fmt


def import_json(report) -> dict:
    """What an import did, as the API answers it."""
    return {
        "imported": report.imported,
        "failed": report.failed,
        "errors": [{"line": e.line, "field": e.field, "message": e.message} for e in report.errors],
        "conflicts": len(report.alert_ids),
        "alert_ids": sorted(report.alert_ids),
        "receipt": report.receipt,
    }


@bp.post("/cases/<int:case_id>/subjects/import")
def import_case_subjects(case_id: int):
    user = acting_user()
    case = case_for(db.session, user, case_id, write=True)
    text, fmt = uploaded_rows()
    if text.count("\n") > current_app.config["IMPORT_SYNC_MAX_ROWS"]:
        job = enqueue_import(db.session, user, case, text, fmt, str(get_locale() or "en"))
        return jsonify(job_json(job)), 202, {"Location": url_for("api.get_job", job_id=job.id)}
    report = import_subjects(db.session, user, case, read_rows(io.StringIO(text, newline=""), fmt))
    return jsonify(import_json(report)), 200


def openapi_paths() -> dict:
    """The import path, for the OpenAPI document."""
    return {"/api/v1/cases/{case_id}/subjects/import": {
        "parameters": [path_param("case_id")],
        "post": {"summary": "Import subject records from CSV or JSON Lines (a header row of field names); "
                            "good rows land, bad rows are reported by line. A file of more lines than "
                            "IMPORT_SYNC_MAX_ROWS is a job: 202 with the job (Location: /api/v1/jobs/ID)",
                 "requestBody": {"required": True, "content": {
                     "text/csv": {"schema": {"type": "string"}},
                     "application/x-ndjson": {"schema": {"type": "string"}}}},
                 "responses": {**responses("200", codes=(400, 401, 403, 404, 413, 415)),
                               **responses("202", codes=())}}}}
