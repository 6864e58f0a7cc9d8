"""The administrators' pages: MOUs, their rules, performance measures and entered values.

Monitors read the MOUs; only administrators change them.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import require_admin
from ..extensions import db
from ..forms import MAX_ID
from .forms import MeasureForm, MeasureValueForm, MouForm, RuleForm
from .measures import enter_value, save_measure
from .models import Mou, MouRule, PerformanceMeasure
from .mous import all_mous, save_mou, save_rule
from .views import bp


def _values(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def _form_page(form, title: str, back: str):
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("monitoring/form.html", form=form, title=title, back=back), status


def _get(model, record_id: int):
    record = db.session.get(model, record_id) if 0 < record_id <= MAX_ID else None
    if record is None:
        abort(404)
    return record


@bp.get("/mous")
def mous():
    return render_template("monitoring/mous.html", mous=all_mous(db.session))


@bp.route("/mous/new", methods=["GET", "POST"])
@bp.route("/mous/<int:mou_id>/edit", methods=["GET", "POST"])
def mou_form(mou_id: int | None = None):
    require_admin(current_user)
    mou = _get(Mou, mou_id) if mou_id else None
    form = MouForm(obj=mou)
    if request.method == "GET" and mou is not None:
        form.parties.data = mou.party_codes
    if form.validate_on_submit():
        mou = save_mou(db.session, current_user, _values(form), mou)
        flash(_("MOU “%(title)s” saved.", title=mou.title), "success")
        return redirect(url_for("monitoring.mous"))
    return _form_page(form, _("Change the MOU") if mou else _("New MOU"), url_for("monitoring.mous"))


@bp.route("/mous/<int:mou_id>/rules/new", methods=["GET", "POST"])
@bp.route("/rules/<int:rule_id>/edit", methods=["GET", "POST"])
def rule_form(mou_id: int | None = None, rule_id: int | None = None):
    require_admin(current_user)
    rule = _get(MouRule, rule_id) if rule_id else None
    mou = rule.mou if rule else _get(Mou, mou_id)
    form = RuleForm(obj=rule)
    if form.validate_on_submit():
        save_rule(db.session, current_user, mou, _values(form), rule)
        flash(_("Rule saved."), "success")
        return redirect(url_for("monitoring.mous"))
    title = _("A rule of “%(title)s”", title=mou.title)
    return _form_page(form, title, url_for("monitoring.mous"))


@bp.route("/measures/new", methods=["GET", "POST"])
@bp.route("/measures/<int:measure_id>/edit", methods=["GET", "POST"])
def measure_form(measure_id: int | None = None):
    require_admin(current_user)
    measure = _get(PerformanceMeasure, measure_id) if measure_id else None
    form = MeasureForm(obj=measure)
    form.offer_mous(all_mous(db.session))
    if request.method == "GET" and measure is not None:
        form.agency.data = measure.agency.code if measure.agency else ""
        form.mou_id.data = str(measure.mou_id) if measure.mou_id else ""
    if form.validate_on_submit():
        measure = save_measure(db.session, current_user, _values(form), measure)
        flash(_("Measure %(number)s saved.", number=measure.number), "success")
        return redirect(url_for("monitoring.measures"))
    return _form_page(form, _("Change the measure") if measure else _("New performance measure"),
                      url_for("monitoring.measures"))


@bp.route("/measures/<int:measure_id>/values", methods=["GET", "POST"])
def measure_value_form(measure_id: int):
    require_admin(current_user)
    measure = _get(PerformanceMeasure, measure_id)
    if measure.metric:
        abort(404)  # computed from the data: nothing to enter
    form = MeasureValueForm()
    if form.validate_on_submit():
        enter_value(db.session, current_user, measure, form.fiscal_year.data, form.value.data, form.note.data)
        flash(_("Measurement saved."), "success")
        return redirect(url_for("monitoring.measures", year=form.fiscal_year.data))
    return _form_page(form, _("Measurement of %(number)s", number=measure.number), url_for("monitoring.measures"))
