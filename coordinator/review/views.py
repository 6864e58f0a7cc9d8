"""Review pages: the alert queue and its actions, match review, clearance requests, transitions.

Thin over the services: read the form, check access (``coordinator.access``),
call the service, flash and redirect; the request boundary commits.
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import Forbidden, NotFound

from ..access import may_acknowledge_alerts, may_override, may_review_alerts, operation_for, require_casework
from ..codes import OPERATION_STATUSES
from ..conflicts.alerts import parse_record, record_ref, sides_of
from ..conflicts.present import conflict_json
from ..conflicts.services import AlertActionError, acknowledge, alert_for, reopen, resolve, reveal
from ..security.forms import ConfirmForm
from ..extensions import db
from ..forms import MAX_ID
from ..operations.lifecycle import (
    LifecycleError, TransitionRefused, awaited_clearances, awaiting_approval_query, clearances_of,
    decide_clearance, operation_for_clearance, pending_clearances_query, required_agencies, transition,
    unresolved_critical_alerts,
)
from ..pagination import page_args, paginate
from .forms import (
    AcknowledgeForm, ClearanceForm, MatchJudgementForm, ReopenForm, ResolveForm, TransitionForm,
)
from .matches import MatchReviewError, judge, link_for, matches_query, present
from .present import alert_history
from .queue import (
    AGE_FILTERS, STATUS_FILTERS, QueueFilters, agency_offices, history, queue_query, queue_rows, waited,
)

bp = Blueprint("review", __name__)
ID = f"int(max={MAX_ID})"


@bp.before_request
@login_required
def casework_only():
    require_casework(current_user)


def _first_error(form) -> str:
    return next(iter(form.field_errors().values()), _("Some fields are not valid."))


# --- the alert queue -------------------------------------------------------------

@bp.get("/review/alerts")
def alerts():
    offices = agency_offices(db.session, current_user.agency_id)
    filters = QueueFilters.from_args(request.args, offices)
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, queue_query(current_user.agency_id, filters), page, per_page)
    rows = queue_rows(db.session, current_user.agency_id, results.items, _)
    return render_template("review/alerts.html", page=results, rows=rows, filters=filters, offices=offices,
                           statuses=STATUS_FILTERS, ages=AGE_FILTERS)


def _record_arg():
    """The side the page is looked at from (``?record=operation:12``); a 404 for a malformed one."""
    value = request.args.get("record")
    if value is None:
        return None
    record = parse_record(value)
    if record is None:
        raise NotFound()
    return record


@bp.get(f"/review/alerts/<{ID}:alert_id>")
def alert(alert_id: int):
    found, side = alert_for(db.session, current_user, alert_id, _record_arg())
    return _alert_page(found, side)


def _alert_page(found, side, forms: dict | None = None, status: int = 200):
    forms = {key: (forms or {}).get(key) or form_class() for key, form_class in
             (("ack", AcknowledgeForm), ("resolve", ResolveForm), ("reopen", ReopenForm))}
    for key, form in forms.items():
        _unique_ids(form, key)
    conflict = conflict_json(db.session, found, current_user.agency_id, _, (side.record_type, side.record_id))
    events = alert_history(db.session, current_user, history(db.session, found))
    mine = sides_of(found, current_user.agency_id)
    return render_template(
        "review/alert.html", alert=found, side=side, conflict=conflict, events=events, waited=waited(found),
        record=record_ref(side) if len(mine) > 1 else None,
        other_own=[s for s in mine if s is not side],
        ack_form=forms["ack"], resolve_form=forms["resolve"], reopen_form=forms["reopen"],
        may_review=may_review_alerts(current_user),
        may_acknowledge=may_acknowledge_alerts(current_user),
    ), status


def _unique_ids(form, prefix: str) -> None:
    """Several forms share one page: give their fields distinct ids (the names stay what they post)."""
    for field in form:
        field.id = field.label.field_id = f"{prefix}-{field.name}"


def _alert_action(alert_id: int, key: str, form, act, done: str):
    record = _record_arg()
    found, side = alert_for(db.session, current_user, alert_id, record)
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return _alert_page(found, side, {key: form}, 400)
    try:
        act(form, (side.record_type, side.record_id))
    except AlertActionError as err:
        flash(err.message, "error")
        return _alert_page(found, side, {key: form}, 409)
    flash(done, "success")
    return redirect(url_for("review.alert", alert_id=alert_id, record=request.args.get("record")))


@bp.post(f"/review/alerts/<{ID}:alert_id>/acknowledge")
def acknowledge_alert(alert_id: int):
    return _alert_action(alert_id, "ack", AcknowledgeForm(),
                         lambda f, record: acknowledge(db.session, current_user, alert_id, f.note.data or None, record),
                         _("Alert acknowledged."))


@bp.post(f"/review/alerts/<{ID}:alert_id>/reveal")
def reveal_alert(alert_id: int):
    """"Tell them": the other side hears of a hit on the agency's sensitive record, as a normal alert."""
    return _alert_action(alert_id, "reveal", ConfirmForm(), lambda f, record: reveal(db.session, current_user, alert_id),
                         _("The other agency is told of this alert."))


@bp.post(f"/review/alerts/<{ID}:alert_id>/resolve")
def resolve_alert(alert_id: int):
    if not may_review_alerts(current_user):
        raise Forbidden()
    return _alert_action(alert_id, "resolve", ResolveForm(),
                         lambda f, record: resolve(db.session, current_user, alert_id, f.resolution.data,
                                                   f.note.data or None, record),
                         _("Your agency's decision is recorded."))


@bp.post(f"/review/alerts/<{ID}:alert_id>/reopen")
def reopen_alert(alert_id: int):
    if not may_review_alerts(current_user):
        raise Forbidden()
    return _alert_action(alert_id, "reopen", ReopenForm(),
                         lambda f, record: reopen(db.session, current_user, alert_id, f.note.data, record),
                         _("Alert reopened."))


# --- match review ----------------------------------------------------------------

@bp.get("/review/matches")
def matches():
    reviewed = request.args.get("state") == "reviewed"
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, matches_query(current_user.agency_id, reviewed), page, per_page)
    items = [present(db.session, link, current_user.agency_id, _) for link in results.items]
    return render_template("review/matches.html", page=results, items=items, reviewed=reviewed,
                           form=MatchJudgementForm(), may_reject=may_review_alerts(current_user))


@bp.post(f"/review/matches/<{ID}:link_id>")
def judge_match(link_id: int):
    link_for(db.session, current_user, link_id)
    form = MatchJudgementForm()
    if form.validate_on_submit():
        try:
            judge(db.session, current_user, link_id, form.decision.data, form.note.data)
        except MatchReviewError as err:
            form[err.field].errors = [err.message]
            return _match_page(link_id, form, err.message, 409)
        flash(_("Your judgement is recorded."), "success")
        return redirect(url_for("review.matches"))
    return _match_page(link_id, form, _first_error(form), 400)


def _match_page(link_id: int, form: MatchJudgementForm, message: str, status: int):
    """The one match again, with the form's errors (nothing was saved)."""
    item = present(db.session, link_for(db.session, current_user, link_id), current_user.agency_id, _)
    flash(message, "error")
    return render_template("review/matches.html", page=None, items=[item], reviewed=False, form=form,
                           failed=link_id, may_reject=may_review_alerts(current_user)), status


# --- clearances ------------------------------------------------------------------

@bp.get("/review/clearances")
def clearances():
    decided = request.args.get("state") == "decided"
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, pending_clearances_query(current_user.agency_id, decided), page, per_page)
    return render_template("review/clearances.html", page=results, decided=decided)


@bp.route(f"/review/clearances/<{ID}:operation_id>", methods=["GET", "POST"])
def clearance(operation_id: int):
    operation = operation_for_clearance(db.session, current_user, operation_id)
    form = ClearanceForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                decide_clearance(db.session, current_user, operation, form.decision.data, form.note.data)
            except LifecycleError as err:
                form[err.field].errors = [err.message]
                status = 400
            except TransitionRefused as err:
                flash(err.message, "error")
                status = 409
            else:
                flash(_("Your agency's clearance decision is recorded."), "success")
                return redirect(url_for("review.clearance", operation_id=operation.id))
        else:
            status = 400
    return render_template("review/clearance.html", operation=operation, form=form,
                           clearances=clearances_of(db.session, operation),
                           required=required_agencies(db.session, operation)), status


# --- operation lifecycle ---------------------------------------------------------

@bp.get("/review/approvals")
def approvals():
    """The supervisor's agency's planned operations, each to approve (clear) or to open."""
    if current_user.role != "supervisor":
        raise Forbidden()
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, awaiting_approval_query(current_user.agency_id), page, per_page)
    awaited = {op.id: awaited_clearances(db.session, op) for op in results.items}
    return render_template("review/approvals.html", page=results, awaited=awaited)


@bp.post(f"/operations/<{ID}:operation_id>/transition")
def transition_operation(operation_id: int):
    operation = operation_for(db.session, current_user, operation_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _operation_page(operation, form, _first_error(form), 400)
    overridden = unresolved_critical_alerts(db.session, operation) \
        if form.to.data == "active" and operation.status == "cleared" else []
    if overridden and form.override.data and not form.confirmed.data and may_override(current_user):
        # Nothing moves yet: the page says what the override will do and asks again.
        return render_template("operations/show.html", operation=operation, transition_form=form,
                               confirm_override=overridden, can_write=True), 200
    try:
        transition(db.session, current_user, operation, form.to.data, form.reason.data, form.override.data)
    except LifecycleError as err:
        form[err.field].errors = [err.message]
        return _operation_page(operation, form, err.message, 400)
    except TransitionRefused as err:
        return _operation_page(operation, form, err.message, 409)
    if overridden:
        flash(_("The operation is now active over unresolved critical alert(s) %(alerts)s: the other agencies "
                "were told, with your reason. Resolve the alert(s) with them as soon as you can.",
                alerts=", ".join(str(a.id) for a in overridden)), "warning")
    elif form.to.data == "cleared":
        flash(_("Operation approved: it is now cleared."), "success")
    else:
        flash(_("The operation is now %(status)s.", status=OPERATION_STATUSES[operation.status]), "success")
    if request.form.get("back") == "approvals":
        return redirect(url_for("review.approvals"))
    return redirect(url_for("operations.show", operation_id=operation.id))


def _operation_page(operation, form: TransitionForm, message: str, status: int):
    """The operation's page again, with the refused move's reason (nothing was saved)."""
    flash(message, "error")
    return render_template("operations/show.html", operation=operation, transition_form=form,
                           can_write=operation.agency_id == current_user.agency_id), status


@bp.record_once
def _register_templating(state) -> None:
    from .templating import register

    register(state.app)
