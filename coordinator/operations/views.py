"""Operation pages: list, plan, view, edit."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..access import operation_for, require_casework
from ..cases.models import Case
from ..codes import OPERATION_KINDS, OPERATION_STATUSES
from ..cases.services import recent_cases
from ..extensions import db
from ..pagination import page_args, paginate
from ..subjects.services import case_points, subjects_of_case
from .forms import MAX_ID, OperationForm
from .models import Operation
from .services import OperationError, register_operation, update_operation

bp = Blueprint("operations", __name__, url_prefix="/operations")
ID = f"int(max={MAX_ID})"  # a larger id in a URL is a 404, not a database error


@bp.before_request
@login_required
def casework_only():
    require_casework(current_user)


def _case_choices() -> list[Case]:
    """The agency's open cases, those the user worked last first, narrowed by the picker's search."""
    return recent_cases(db.session, current_user, q=request.args.get("q"))


def _recent_first(records: list) -> list:
    """A picker's records, the most recently added first."""
    return sorted(records, key=lambda record: -record.id)


def _own_case(case_id: object) -> Case | None:
    """The case, if the id names one of the user's agency."""
    if not isinstance(case_id, int) or not 0 < case_id <= MAX_ID:
        return None
    case = db.session.get(Case, case_id)
    return case if case is not None and case.agency_id == current_user.agency_id else None


def _values(form: OperationForm) -> dict:
    return {name: field.data for name, field in form._fields.items() if name not in ("csrf_token", "case_id")}


@bp.get("/")
def index():
    query = select(Operation).where(Operation.agency_id == current_user.agency_id)
    status = request.args.get("status")
    if status in OPERATION_STATUSES:
        query = query.where(Operation.status == status)
    kind = request.args.get("kind")
    if kind in OPERATION_KINDS:
        query = query.where(Operation.kind == kind)
    q = (request.args.get("q") or "").strip().lower()
    if q:
        query = query.where(db.func.lower(Operation.title).like(f"%{q}%"))
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, query.order_by(Operation.starts_at.desc()), page, per_page)
    return render_template("operations/index.html", page=results, statuses=OPERATION_STATUSES,
                           kinds=OPERATION_KINDS, status=status, kind=kind, q=q)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = OperationForm()
    if request.method == "GET":
        form.case_id.data = request.args.get("case_id", type=int)  # the zone: the point's, unless chosen
    case = _own_case(form.case_id.data)
    if form.is_submitted():
        valid = form.validate()
        if case is None:
            if not form.case_id.errors:
                form.case_id.errors.append(_("Choose a case of your agency."))
        elif valid:
            try:
                operation = register_operation(db.session, current_user, case, _values(form))
            except OperationError as err:
                form[err.field].errors.append(err.message)
            else:
                flash(_("Operation registered."), "success")
                return redirect(url_for("operations.show", operation_id=operation.id))
    subjects = _recent_first(subjects_of_case(db.session, case)) if case else []
    status = 422 if form.errors else 200
    return render_template("operations/form.html", form=form, operation=None, cases=_case_choices(),
                           case=case, subjects=subjects, points=case_points(db.session, case) if case else []), status


@bp.get(f"/<{ID}:operation_id>")
def show(operation_id: int):
    operation = operation_for(db.session, current_user, operation_id)
    return render_template("operations/show.html", operation=operation,
                           can_write=operation.agency_id == current_user.agency_id)


@bp.route(f"/<{ID}:operation_id>/edit", methods=["GET", "POST"])
def edit(operation_id: int):
    operation = operation_for(db.session, current_user, operation_id, write=True)
    form = OperationForm(obj=operation)
    if request.method == "GET":
        form.target_subject_ids.data = [t.subject_id for t in operation.targets]
        zone = operation.timezone
        from zoneinfo import ZoneInfo
        form.starts_at.data = operation.starts_at.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        form.ends_at.data = operation.ends_at.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    form.case_id.data = operation.case_id
    if form.validate_on_submit():
        try:
            voided = update_operation(db.session, current_user, operation, _values(form),
                                      ask_before_voiding=not form.confirm_void_clearances.data)
        except OperationError as err:
            form[err.field].errors.append(err.message)
        else:
            if voided:
                flash(_("Operation saved. The clearances of %(agencies)s were voided by the change: they are asked "
                        "again, and the operation is %(status)s until they grant them.",
                        agencies=", ".join(voided), status=OPERATION_STATUSES[operation.status]), "warning")
            else:
                flash(_("Operation saved."), "success")
            return redirect(url_for("operations.show", operation_id=operation.id))
    status = 422 if form.errors else 200
    return render_template("operations/form.html", form=form, operation=operation, cases=[operation.case],
                           case=operation.case, subjects=_recent_first(subjects_of_case(db.session, operation.case)),
                           points=case_points(db.session, operation.case)), status

from . import field_views  # noqa: E402,F401  (the calendar, map and receipt pages share this blueprint)
