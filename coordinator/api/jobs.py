"""Jobs in the API: a large import answers at once with its job, which tells its progress and, at the end, its report."""
from __future__ import annotations

from flask import jsonify, url_for
from flask_babel import gettext as _

from ..access import job_for
from ..extensions import db
from ..jobs.models import DONE, FAILED, Job
from . import acting_user, bp
from .schema import path_param, responses
from .serialise import iso


def job_json(job: Job) -> dict:
    """A job as the API shows it: its state and progress, and once it ended the import's report."""
    out = {"id": job.id, "kind": job.kind, "status": job.status,
           "url": url_for("api.get_job", job_id=job.id), "case_id": job.case_id,
           "progress": {"rows_done": job.rows_done, "rows_total": job.rows_total},
           "imported": job.imported, "failed": job.failed, "attempts": job.attempts,
           "created_at": iso(job.created_at), "started_at": iso(job.started_at),
           "finished_at": iso(job.finished_at), "result": None, "error": None}
    if job.status in (DONE, FAILED):
        out["result"] = {"imported": job.imported, "failed": job.failed, "errors": job.errors,
                         "conflicts": len(job.alert_ids), "alert_ids": job.alert_ids, "receipt": job.receipt}
    if job.status == FAILED:
        out["error"] = {"code": "job_failed",
                        "message": _("The import stopped before its end: the rows the result counts have "
                                     "landed, the others have not. Send the rest again.")}
    return out


@bp.get("/jobs/<int:job_id>")
def get_job(job_id: int):
    return jsonify(job_json(job_for(db.session, acting_user(), job_id)))


def openapi_paths() -> dict:
    """The job path, for the OpenAPI document."""
    return {"/api/v1/jobs/{job_id}": {
        "parameters": [path_param("job_id")],
        "get": {"summary": "A job (a large import): status queued, running, done or failed; progress; at the end "
                           "the import's report (imported, failed, per-row errors, alerts, receipt)",
                "responses": responses("200", codes=(401, 404))}}}
