"""Retention in the API: the due list, validate, purge (supervisors of the owning agency)."""
from __future__ import annotations

from flask import current_app, jsonify

from ..access import require_retention_reviewer, retention_subject_for
from ..api import acting_user, bp, field_error, json_body, list_page_args, listing, validated
from ..api.serialise import iso
from ..extensions import db
from ..pagination import paginate
from .forms import PurgeForm, ReviewForm
from .purge import purge_subject
from .services import RetentionError, due_on, due_query, validate_subject


def retention_json(subject) -> dict:
    """A record as the review sees it."""
    years = current_app.config["RETENTION_YEARS"]
    return {"id": subject.id, "case_id": subject.case_id, "kind": subject.kind, "role": subject.role,
            "label": subject.label, "entered_at": iso(subject.created_at),
            "validated_at": iso(subject.validated_at), "due_on": due_on(subject, years).isoformat(),
            "predicate": subject.predicate, "predicate_missing": subject.predicate_missing}


@bp.get("/retention/due")
def retention_due():
    """The caller's agency's records at or past review, longest overdue first."""
    user = acting_user()
    require_retention_reviewer(user)
    page, per_page = list_page_args()
    query = due_query(user.agency_id, years=current_app.config["RETENTION_YEARS"])
    return jsonify(listing(paginate(db.session, query, page, per_page), retention_json, "api.retention_due"))


def _review(subject_id: int, form_class=ReviewForm):
    user = acting_user()
    subject = retention_subject_for(db.session, user, subject_id)
    return user, subject, validated(form_class, json_body())


@bp.post("/subjects/<int:subject_id>/validate")
def validate_subject_api(subject_id: int):
    """Keep the record five more years: ``{reviewer_name, decided_on, reason, predicate?}``."""
    user, subject, form = _review(subject_id)
    try:
        review = validate_subject(db.session, user, subject, reviewer_name=form.reviewer_name.data,
                                  decided_on=form.decided_on.data, reason=form.reason.data,
                                  predicate=form.predicate.data)
    except RetentionError as err:
        raise field_error(err.field, err.message)
    return jsonify({**retention_json(subject), "review_id": review.id})


@bp.post("/subjects/<int:subject_id>/purge")
def purge_subject_api(subject_id: int):
    """Purge the record: ``{reviewer_name, decided_on, reason}``; only the fact of the purge remains."""
    user, subject, form = _review(subject_id, PurgeForm)
    try:
        review = purge_subject(db.session, user, subject, reviewer_name=form.reviewer_name.data,
                               decided_on=form.decided_on.data, reason=form.reason.data)
    except RetentionError as err:
        raise field_error(err.field, err.message)
    return jsonify({"purged": subject_id, "review_id": review.id})
