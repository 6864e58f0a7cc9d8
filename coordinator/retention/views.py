"""Retention review pages for the owning agency's supervisors: what is due, validate, purge."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import require_retention_reviewer, retention_subject_for
from ..extensions import db
from ..pagination import paginate
from .forms import ReviewForm
from .purge import purge_subject
from .services import RetentionError, due_on, due_query, missing_predicate_query, validate_subject

bp = Blueprint("retention", __name__, url_prefix="/retention")
LISTED = 100


@bp.before_request
@login_required
def supervisors_only():
    require_retention_reviewer(current_user)


def _years() -> int:
    return current_app.config["RETENTION_YEARS"]


@bp.get("/")
def due():
    """The agency's records due for review, and those that state no criminal predicate."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    records = paginate(db.session, due_query(current_user.agency_id, years=_years()), page, LISTED)
    missing = paginate(db.session, missing_predicate_query(current_user.agency_id), 1, LISTED)
    return render_template("retention/due.html", page=records, missing=missing,
                           due_on=lambda s: due_on(s, _years()), years=_years())


def _fresh(decision: str) -> ReviewForm:
    return ReviewForm(prefix=decision, formdata=None, reviewer_name=current_user.name, decided_on=date.today())


def _review_page(subject, submitted: ReviewForm | None = None, status: int = 200):
    forms = {name: _fresh(name) for name in ("validate", "purge")}
    if submitted is not None:
        forms[submitted._prefix.rstrip("-")] = submitted
    return render_template("retention/review.html", subject=subject, validate_form=forms["validate"],
                           purge_form=forms["purge"], due=due_on(subject, _years()), years=_years()), status


@bp.get("/subjects/<int:subject_id>")
def review(subject_id: int):
    """One record's review: its predicate, its dates, and the validate and purge forms."""
    subject = retention_subject_for(db.session, current_user, subject_id)
    return _review_page(subject)


@bp.post("/subjects/<int:subject_id>/<any(validate, purge):decision>")
def decide(subject_id: int, decision: str):
    """Validate the record (kept five more years) or purge it."""
    subject = retention_subject_for(db.session, current_user, subject_id)
    form = ReviewForm(prefix=decision)
    if form.validate_on_submit():
        values = dict(reviewer_name=form.reviewer_name.data, decided_on=form.decided_on.data,
                      reason=form.reason.data)
        try:
            if decision == "validate":
                validate_subject(db.session, current_user, subject, predicate=form.predicate.data, **values)
                flash(_("The record is validated; its next review is in %(n)d years.", n=_years()), "success")
            else:
                purge_subject(db.session, current_user, subject, **values)
                flash(_("The record is purged. The audit trail keeps that it was."), "success")
        except RetentionError as err:
            if err.field in form._fields:
                form[err.field].errors.append(err.message)
            else:
                flash(err.message, "error")
        else:
            return redirect(url_for("retention.due"))
    return _review_page(subject, form, 422)
