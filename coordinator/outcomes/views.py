"""Outcome pages: record referrals, indictments, dispositions, seizures and traces; decide referrals.

The owning agency's agents and supervisors record outcomes on its cases; the
receiving agency's decide the referrals sent to it.
"""
from __future__ import annotations

import io

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import case_for, extradition_for, indictment_for, is_tracing_agency, legal_assistance_for, \
    referral_for, report_agency_for, require_casework, require_tracing_agency, seizure_for, trace_to_answer
from ..extensions import db
from ..formats import short_date
from ..imports.parse import read_rows, read_upload
from ..monitoring.dashboard import OUTCOME_TABLES, Filters, outcome_figures, read_filters
from ..monitoring.exports import table_download
from ..monitoring.periods import PERIOD_KINDS, PeriodError
from ..pagination import page_args, paginate
from .codes import REFERRAL_STATUSES, outcome_label
from .evidence import answer_trace, firearms_of_case, record_seizure, request_trace, seizures_of_case
from .forms import ArrestForm, AssetSeizureForm, DecisionForm, DispositionForm, ExtraditionDecisionForm, \
    ExtraditionForm, IndictmentForm, LegalAssistanceAnswerForm, LegalAssistanceForm, ReferralForm, SeizureImportForm, \
    SeizurePageForm, TraceAnswerPageForm, TracePageForm
from .funnel import answer_legal_assistance, decide_extradition, funnel_of_case, record_arrest, \
    record_asset_seizure, record_extradition, record_legal_assistance
from .seizures import ITEM_FIELDS, guns_in_conflict, import_items, records_of_kind
from .traces import QUEUE_STATUSES, as_tracer, open_traces_count, trace_queue_query, tracer_view
from .services import OutcomeError, OutcomeFieldsError, decide_referral, outcomes_of_case, \
    pending_referrals_count, persons_of_case, record_disposition, record_indictment, record_referral, \
    referrals_query

bp = Blueprint("outcomes", __name__)


@bp.before_request
@login_required
def casework_only():
    require_casework(current_user)


def _values(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def _record(form, action, target, message: str, back: str, title: str, case=None, facts=None):
    """Validate the form, run the service, and go back to the case; or show the form with its errors."""
    if form.validate_on_submit():
        values = form.service_values() if hasattr(form, "service_values") else _values(form)
        try:
            action(db.session, current_user, target, values)
        except OutcomeFieldsError as err:
            if hasattr(form, "show_errors"):
                form.show_errors(err.errors)
            else:
                for name, message in err.errors.items():
                    form.form_errors_for(name).append(message)
        except OutcomeError as err:
            form.form_errors_for(err.field).append(err.message)
        else:
            flash(message, "success")
            return redirect(back)
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("outcomes/form.html", form=form, title=title, back=back, case=case,
                           facts=facts), status


def _case(case_id: int):
    return case_for(db.session, current_user, case_id, write=True)


def _case_page(case) -> str:
    return url_for("cases.show", case_id=case.id) + "#outcomes"


@bp.route("/cases/<int:case_id>/referrals/new", methods=["GET", "POST"])
def new_referral(case_id: int):
    case = _case(case_id)
    return _record(ReferralForm(), record_referral, case, _("Referral recorded."), _case_page(case),
                   _("Refer case %(number)s", number=case.number), case)


@bp.route("/cases/<int:case_id>/indictments/new", methods=["GET", "POST"])
def new_indictment(case_id: int):
    case = _case(case_id)
    form = IndictmentForm()
    form.offer_defendants(persons_of_case(db.session, case))
    return _record(form, record_indictment, case, _("Indictment recorded."), _case_page(case),
                   _("Indictment in case %(number)s", number=case.number), case)


@bp.route("/indictments/<int:indictment_id>/disposition", methods=["GET", "POST"])
def new_disposition(indictment_id: int):
    indictment = indictment_for(db.session, current_user, indictment_id, write=True)
    if indictment.disposition is not None:
        flash(_("This indictment already has a disposition."), "error")
        return redirect(_case_page(indictment.case))
    return _record(DispositionForm(), record_disposition, indictment, _("Disposition recorded."),
                   _case_page(indictment.case), _("Disposition of the indictment of %(defendant)s",
                                                  defendant=indictment.subject.label), indictment.case)


@bp.route("/cases/<int:case_id>/seizures/new", methods=["GET", "POST"])
def new_seizure(case_id: int):
    """A seizure with its guns one by one: each becomes a firearm record of the case, checked at once."""
    case = _case(case_id)
    form = SeizurePageForm()
    form.offer_records(records_of_kind(db.session, case, "person"), records_of_kind(db.session, case, "vehicle"))
    back, title = _case_page(case), _("Seizure in case %(number)s", number=case.number)
    if form.validate_on_submit():
        try:
            seizure = record_seizure(db.session, current_user, case, form.service_values())
        except OutcomeFieldsError as err:
            form.show_errors(err.errors)
        except OutcomeError as err:
            form.form_errors_for(err.field).append(err.message)
        else:
            found = guns_in_conflict(db.session, seizure)
            flash(_("Seizure recorded."), "success")
            if found:
                flash(_("%(n)d of the guns seized meet another agency's records: see the case's conflicts.",
                        n=found), "warning")
            return redirect(back)
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("outcomes/seizure_form.html", form=form, title=title, back=back, case=case), status


@bp.route("/seizures/<int:seizure_id>/items/import", methods=["GET", "POST"])
def import_seizure_items(seizure_id: int):
    """A seizure's guns from a file, all or nothing: a file with a bad row imports none and shows each error."""
    seizure = seizure_for(db.session, current_user, seizure_id, write=True)
    form, report = SeizureImportForm(), None
    back = _case_page(seizure.case)
    if form.validate_on_submit():
        upload = form.file.data
        try:
            text, fmt = read_upload(upload.filename, upload.mimetype, upload.read(), column="make")
        except ValueError as err:
            form.file.errors.append(str(err))
        else:
            report = import_items(db.session, current_user, seizure, read_rows(io.StringIO(text, newline=""), fmt),
                                  whole=True)
            if not report.failed and not report.imported:
                form.file.errors.append(_("The file lists no gun."))
            elif not report.failed:
                flash(_("%(n)d guns imported into the seizure.", n=report.imported), "success")
                if report.alert_ids:
                    flash(_("%(n)d of the guns seized meet another agency's records: see the case's conflicts.",
                            n=guns_in_conflict(db.session, seizure)), "warning")
                return redirect(back)
    failed = request.method == "POST" and (form.errors or (report is not None and report.failed))
    return render_template("outcomes/seizure_import.html", form=form, report=report, seizure=seizure,
                           case=seizure.case, back=back, columns=ITEM_FIELDS), 422 if failed else 200


@bp.route("/cases/<int:case_id>/traces/new", methods=["GET", "POST"])
def new_trace(case_id: int):
    case = _case(case_id)
    form = TracePageForm()
    form.offer_records(firearms_of_case(db.session, case), seizures_of_case(db.session, case))
    return _record(form, request_trace, case, _("Trace request recorded."), _case_page(case),
                   _("Trace request in case %(number)s", number=case.number), case)


def _answer(record, answered: bool, refusal: str, form, action, message: str, title):
    """The page that records the answer to a request of the case, once: refused back to the case after that."""
    if answered:
        flash(refusal, "error")
        return redirect(_case_page(record.case))
    return _record(form, action, record, message, _case_page(record.case), title, record.case)


@bp.route("/traces/<int:trace_id>/answer", methods=["GET", "POST"])
def answer(trace_id: int):
    trace, tracer = trace_to_answer(db.session, current_user, trace_id)
    back = url_for("outcomes.trace_queue") if tracer else _case_page(trace.case)
    if trace.answered_on is not None:
        flash(_("This trace request is already answered."), "error")
        return redirect(back)
    # The page shows the request's urgency, which the answer keeps unless the box is cleared.
    form = TraceAnswerPageForm(data={"urgent": trace.urgent})
    title = _("Answer to trace request %(id)s", id=trace.id)
    if not tracer:
        return _record(form, answer_trace, trace, _("Trace answer recorded."), back, title, trace.case)
    # The tracing agency answers another agency's request seeing the gun and the request only;
    # the urgency and the note are the requester's.
    del form.urgent
    del form.note
    return _record(form, lambda session, user, target, values: answer_trace(session, user, target, values,
                                                                            as_tracer()),
                   trace, _("Trace answer recorded."), back, title, facts=_tracer_facts(trace))


def _tracer_facts(trace) -> list[tuple[str, object]]:
    view = tracer_view(trace)
    recovered = short_date(view["recovered_on"]) if view["recovered_on"] else None
    return [(_("Requested by"), view["requesting_agency"]), (_("Sent on"), short_date(view["sent_on"])),
            (_("Urgent"), _("Yes") if view["urgent"] else _("No")), (_("Make"), view["make"]),
            (_("Model"), view["model"]), (_("Caliber"), view["caliber"]),
            (_("Serial number"), view["serial_number"]), (_("Recovered on"), recovered),
            (_("Recovered in (country)"), view["recovery_country"])]


@bp.get("/traces")
def trace_queue():
    """The tracing agency's queue of trace requests from every agency's cases: the gun and the request only."""
    require_tracing_agency(current_user)
    status = request.args.get("status") if request.args.get("status") in QUEUE_STATUSES else "open"
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, trace_queue_query(status), page, per_page)
    return render_template("outcomes/traces.html", page=results, status=status,
                           rows=[tracer_view(trace) for trace in results.items])


def _person_outcome(form_class, action, case_id: int, message: str, title):
    """An outcome about a person of the case: the person is chosen among its person records."""
    case = _case(case_id)
    form = form_class()
    form.offer_defendants(persons_of_case(db.session, case))
    return _record(form, action, case, message, _case_page(case), title(case), case)


@bp.route("/cases/<int:case_id>/arrests/new", methods=["GET", "POST"])
def new_arrest(case_id: int):
    return _person_outcome(ArrestForm, record_arrest, case_id, _("Arrest recorded."),
                           lambda case: _("Arrest in case %(number)s", number=case.number))


@bp.route("/cases/<int:case_id>/extraditions/new", methods=["GET", "POST"])
def new_extradition(case_id: int):
    return _person_outcome(ExtraditionForm, record_extradition, case_id, _("Extradition request recorded."),
                           lambda case: _("Extradition request in case %(number)s", number=case.number))


@bp.route("/extraditions/<int:extradition_id>/decide", methods=["GET", "POST"])
def decide_extradition_page(extradition_id: int):
    extradition = extradition_for(db.session, current_user, extradition_id, write=True)
    return _answer(extradition, extradition.status != "pending", _("This extradition request is already decided."),
                   ExtraditionDecisionForm(), decide_extradition, _("Decision recorded."),
                   _("Result of the extradition request of %(person)s", person=extradition.subject.label))


@bp.route("/cases/<int:case_id>/legal-assistance/new", methods=["GET", "POST"])
def new_legal_assistance(case_id: int):
    case = _case(case_id)
    return _record(LegalAssistanceForm(), record_legal_assistance, case, _("Legal assistance request recorded."),
                   _case_page(case), _("Legal assistance request in case %(number)s", number=case.number), case)


@bp.route("/legal-assistance/<int:request_id>/answer", methods=["GET", "POST"])
def answer_legal_assistance_page(request_id: int):
    request_ = legal_assistance_for(db.session, current_user, request_id, write=True)
    return _answer(request_, request_.answered_on is not None, _("This request is already answered."),
                   LegalAssistanceAnswerForm(), answer_legal_assistance, _("Answer recorded."),
                   _("Answer to the legal assistance request of %(date)s", date=short_date(request_.sent_on)))


@bp.route("/cases/<int:case_id>/asset-seizures/new", methods=["GET", "POST"])
def new_asset_seizure(case_id: int):
    case = _case(case_id)
    return _record(AssetSeizureForm(), record_asset_seizure, case, _("Asset seizure recorded."), _case_page(case),
                   _("Asset seizure in case %(number)s", number=case.number), case)


@bp.get("/referrals")
def referrals():
    """The referrals sent to the user's agency (to decide) or sent by it."""
    direction = "sent" if request.args.get("direction") == "sent" else "received"
    status = request.args.get("status") if request.args.get("status") in REFERRAL_STATUSES else None
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, referrals_query(current_user, direction, status), page, per_page)
    return render_template("outcomes/referrals.html", page=results, direction=direction, status=status,
                           statuses=REFERRAL_STATUSES)


@bp.route("/referrals/<int:referral_id>/decide", methods=["GET", "POST"])
def decide(referral_id: int):
    referral = referral_for(db.session, current_user, referral_id)
    back = url_for("outcomes.referrals")
    title = _("Decide the referral of %(agency)s case %(number)s", agency=referral.from_agency.code,
              number=referral.case.number)
    return _record(DecisionForm(obj=referral if referral.status != "pending" else None), decide_referral, referral,
                   _("Decision recorded."), back, title)


@bp.record_once
def _register_templating(state) -> None:
    """The case page lists the case's outcomes, with the labels of their codes."""
    from ..main.templating import NAV_COUNTS, NAV_SHOWN

    def case_outcomes(case):
        return outcomes_of_case(db.session, case)

    def case_funnel(case):
        return funnel_of_case(db.session, case)

    state.app.jinja_env.globals.update(case_outcomes=case_outcomes, case_funnel=case_funnel,
                                       outcome_label=outcome_label)
    NAV_COUNTS["outcomes.referrals"] = lambda user: pending_referrals_count(db.session, user)
    NAV_COUNTS["outcomes.trace_queue"] = lambda user: open_traces_count(db.session)
    NAV_SHOWN["outcomes.trace_queue"] = is_tracing_agency


# The agency's own outcome figures (monitors have theirs across agencies in the monitoring area)

def _report_filters() -> tuple[Filters | None, dict[str, str]]:
    """The period asked for, on the user's own agency (another agency is refused, as in the API)."""
    agency = report_agency_for(current_user, (request.args.get("agency") or "").strip().upper() or None)
    try:
        return read_filters(request.args, fixed_agency=agency), {}
    except PeriodError as err:
        return None, {err.field: err.message}


@bp.get("/outcomes/report")
def report():
    filters, errors = _report_filters()
    page = {"filters": filters, "errors": errors, "args": request.args, "PERIOD_KINDS": PERIOD_KINDS,
            "fixed_agency": current_user.agency.code}
    if filters is None:
        return render_template("outcomes/report.html", **page), 400
    return render_template("outcomes/report.html", **page, **outcome_figures(db.session, filters))


@bp.get("/outcomes/report/<name>.csv")
def report_download(name: str):
    return table_download(db.session, name, _report_filters()[0], OUTCOME_TABLES)
