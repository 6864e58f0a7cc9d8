"""Subject pages: add a record of any kind, view and edit it, link two records."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..access import case_for, require_casework, subject_for
from ..codes import ASSOCIATION_KINDS, SUBJECT_KINDS, choices, options
from ..extensions import db
from ..forms import REQUIRED, BaseForm, CodeField
from .forms import MAX_ID, SUBJECT_FORMS, refuse_control_characters
from ..security.forms import ConfirmForm
from .present import shown_value
from .sensitivity import SensitivityError, approve_sensitive, mark_sensitive
from .services import SubjectError, add_subject, associate, subjects_of_case, update_subject

bp = Blueprint("subjects", __name__)
ID = f"int(max={MAX_ID})"  # a larger id in a URL is a 404, not a database error


@bp.before_request
@login_required
def casework_only():
    require_casework(current_user)


def _form(kind: str, **kwargs):
    if kind not in SUBJECT_FORMS:
        abort(404)
    return SUBJECT_FORMS[kind](default_region=current_user.agency.country,
                              plate_region_default=current_user.agency.plate_issuer, **kwargs)


@bp.route(f"/cases/<{ID}:case_id>/subjects/new", methods=["GET", "POST"])
def new(case_id: int):
    case = case_for(db.session, current_user, case_id, write=True)
    kind = request.args.get("kind")
    if not kind:
        return render_template("subjects/choose_kind.html", case=case, kinds=SUBJECT_KINDS)
    form = _form(kind, require_predicate=True)  # a new record states its criminal predicate (28 CFR 23.20(a))
    if form.validate_on_submit():
        record = add_subject(db.session, current_user, case, kind, form.role.data, form.record_data(),
                             form.notes.data, predicate=form.predicate.data)
        flash(_("%(kind)s recorded: %(label)s", kind=SUBJECT_KINDS[kind], label=record.label), "success")
        return redirect(url_for("subjects.show", subject_id=record.id))
    status = 422 if form.errors else 200
    return render_template("subjects/form.html", form=form, case=case, kind=kind, record=None), status


@bp.get(f"/subjects/<{ID}:subject_id>")
def show(subject_id: int):
    record = subject_for(db.session, current_user, subject_id)
    form = SUBJECT_FORMS[record.kind]
    fields = [(form_field_label(form, name), shown_value(record.kind, name, value))
              for name, value in record.data.items() if value not in (None, "", [])]
    return render_template("subjects/show.html", record=record, fields=fields,
                           can_write=record.agency_id == current_user.agency_id, sensitive_form=SensitiveForm())


class SensitiveForm(BaseForm):
    reason = TextAreaField(_l("Why it is sensitive"), validators=[DataRequired(REQUIRED), Length(max=1000)])


@bp.post(f"/subjects/<{ID}:subject_id>/sensitive")
def mark_sensitive_page(subject_id: int):
    """Ask for the record to be sensitive; a supervisor's request is approved at once."""
    record = subject_for(db.session, current_user, subject_id, write=True)
    form = SensitiveForm()
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "error")
        return redirect(url_for("subjects.show", subject_id=record.id))
    try:
        mark_sensitive(db.session, current_user, record, form.reason.data)
    except SensitivityError as err:
        flash(err.message, "error")
    else:
        flash(_("The record is sensitive.") if record.sensitive else
              _("A supervisor of your agency must approve marking this record sensitive."), "success")
    return redirect(url_for("subjects.show", subject_id=record.id))


@bp.post(f"/subjects/<{ID}:subject_id>/sensitive/approve")
def approve_sensitive_page(subject_id: int):
    """A supervisor approves the request."""
    record = subject_for(db.session, current_user, subject_id, write=True)
    if ConfirmForm().validate_on_submit():
        try:
            approve_sensitive(db.session, current_user, record)
        except SensitivityError as err:
            flash(err.message, "error")
        else:
            flash(_("The record is sensitive."), "success")
    return redirect(url_for("subjects.show", subject_id=record.id))


def form_field_label(form_class, name: str) -> str:
    unbound = getattr(form_class, name, None)
    label = unbound.kwargs.get("label") if unbound is not None else None
    if label is None and unbound is not None and unbound.args:
        label = unbound.args[0]
    return str(label or name)


@bp.route(f"/subjects/<{ID}:subject_id>/edit", methods=["GET", "POST"])
def edit(subject_id: int):
    record = subject_for(db.session, current_user, subject_id, write=True)
    if request.method == "GET":
        form = _form(record.kind, data=_form_data(record))
    else:
        form = _form(record.kind)
    if form.validate_on_submit():
        update_subject(db.session, record, form.role.data, form.record_data(), form.notes.data, current_user,
                       predicate=form.predicate.data)
        flash(_("Record saved."), "success")
        return redirect(url_for("subjects.show", subject_id=record.id))
    status = 422 if form.errors else 200
    return render_template("subjects/form.html", form=form, case=record.case, kind=record.kind,
                           record=record), status


def _form_data(record) -> dict:
    from datetime import date

    data = dict(record.data, role=record.role, notes=record.notes, predicate=record.predicate)
    for name in ("dob", "starts_on", "ends_on"):
        if data.get(name):
            data[name] = date.fromisoformat(data[name])
    if record.kind == "person" and not data.get("documents"):
        data["documents"] = [{}]
    return data


class AssociationForm(BaseForm):
    from_subject_id = SelectField(_l("This record"), coerce=int, validators=[DataRequired(REQUIRED)])
    kind = CodeField(_l("is"), choices=choices(ASSOCIATION_KINDS, blank=True), validators=[DataRequired(REQUIRED)])
    to_subject_id = SelectField(_l("that record"), coerce=int, validators=[DataRequired(REQUIRED)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return refuse_control_characters(self) and ok


@bp.route(f"/cases/<{ID}:case_id>/associations/new", methods=["GET", "POST"], endpoint="associate")
def associate_view(case_id: int):
    case = case_for(db.session, current_user, case_id, write=True)
    records = sorted(subjects_of_case(db.session, case), key=lambda r: -r.id)  # the most recent first
    form = AssociationForm()
    offered = options((r.id, f"{SUBJECT_KINDS[r.kind]}: {r.label}") for r in records)
    form.from_subject_id.choices = offered
    form.to_subject_id.choices = offered
    if form.validate_on_submit():
        try:
            associate(db.session, current_user, case, form.from_subject_id.data, form.to_subject_id.data,
                      form.kind.data, form.note.data)
        except SubjectError as err:
            form[err.field].errors.append(err.message)
        else:
            flash(_("Records linked."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    status = 422 if form.errors else 200
    return render_template("subjects/associate.html", form=form, case=case), status

