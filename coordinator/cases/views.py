"""Case pages: list, register, view, edit, share."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import case_for, require_casework
from ..codes import CASE_STATUSES, CASE_TYPES
from ..extensions import db
from ..pagination import page_args, paginate
from .forms import CaseForm
from .services import CaseError, CaseFilter, agency_users, case_query, register_case, update_case

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.before_request
@login_required
def casework_only():
    require_casework(current_user)


def _form_values(form: CaseForm) -> dict:
    values = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    values["summary"] = values.get("summary") or None
    return values


def _lead_agent_choices(form: CaseForm) -> None:
    form.offer_lead_agents(agency_users(db.session, current_user.agency_id))


@bp.get("/")
def index():
    filters = CaseFilter(
        q=request.args.get("q") or None,
        status=request.args.get("status") if request.args.get("status") in CASE_STATUSES else None,
        case_type=request.args.get("case_type") if request.args.get("case_type") in CASE_TYPES else None,
        mexico_nexus={"yes": True, "no": False}.get(request.args.get("mexico_nexus", "")),
    )
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, case_query(current_user, filters, db.session), page, per_page)
    return render_template("cases/index.html", page=results, filters=filters,
                           statuses=CASE_STATUSES, case_types=CASE_TYPES)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = CaseForm()
    _lead_agent_choices(form)
    if form.validate_on_submit():
        try:
            case = register_case(db.session, current_user, _form_values(form))
        except CaseError as err:
            form[err.field].errors.append(err.message)
        else:
            flash(_("Case %(number)s registered.", number=case.number), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    elif request.method == "GET":
        form.lead_agent_id.data = str(current_user.id)
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("cases/form.html", form=form, case=None), status


@bp.get("/<int:case_id>")
def show(case_id: int):
    from ..operations.services import operations_of_case
    from ..subjects.services import associations_of_case, subjects_of_case

    from ..conflicts.services import records_in_conflict

    case = case_for(db.session, current_user, case_id)
    own = case.agency_id == current_user.agency_id
    return render_template(
        "cases/show.html", case=case,
        # The case's alerts are its agency's: a reader it was shared with is not told of them.
        in_conflict=records_in_conflict(db.session, case.id, case.agency_id) if own else {},
        subjects=subjects_of_case(db.session, case),
        associations=associations_of_case(db.session, case),
        operations=operations_of_case(db.session, case),
        can_write=case.agency_id == current_user.agency_id,
    )


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id: int):
    case = case_for(db.session, current_user, case_id, write=True)
    form = CaseForm(obj=case)
    _lead_agent_choices(form)
    if request.method == "GET":
        form.referring_agency.data = case.referring_agency.code if case.referring_agency else None
        form.participating_agencies.data = [a.code for a in case.participating_agencies]
        form.lead_agent_id.data = str(case.lead_agent_id) if case.lead_agent_id else ""
    if form.validate_on_submit():
        try:
            update_case(db.session, current_user, case, _form_values(form))
        except CaseError as err:
            form[err.field].errors.append(err.message)
        else:
            flash(_("Case %(number)s saved.", number=case.number), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("cases/form.html", form=form, case=case), status


