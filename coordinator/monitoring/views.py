"""The monitoring pages: the dashboard, compliance in detail, CSV downloads, the measures report.

Monitors and administrators only. Every page and download shows counts,
case numbers, agencies and dates; none reads a subject record.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import require_monitoring
from ..accounts.agencies import agency_codes
from ..extensions import db
from .codes import FINDING_STATES, MEASURE_STATUSES, METRICS, RULE_KINDS, RULE_STATUSES, UNITS
from .compliance import compliance_overview, rule_sentence
from .dashboard import TABLES, Filters, dashboard, read_filters
from .exports import csv_response, table_download
from .lanes import lanes_report
from .lanes_map import lanes_svg
from .measures import measure_table
from .periods import PERIOD_KINDS, PeriodError, current_year, parse_period
from .tables import lane_tables, measures_csv_table

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")


@bp.before_request
@login_required
def monitors_only():
    require_monitoring(current_user)


@bp.context_processor
def monitoring_codes() -> dict:
    return {"RULE_KINDS": RULE_KINDS, "RULE_STATUSES": RULE_STATUSES, "FINDING_STATES": FINDING_STATES,
            "MEASURE_STATUSES": MEASURE_STATUSES, "METRICS": METRICS, "UNITS": UNITS,
            "PERIOD_KINDS": PERIOD_KINDS, "AGENCY_CODES": agency_codes(db.session, active_only=False), "rule_sentence": rule_sentence}


def _filters() -> tuple[Filters | None, dict[str, str]]:
    try:
        return read_filters(request.args), {}
    except PeriodError as err:
        return None, {err.field: err.message}


def dashboard_page(template: str = "monitoring/dashboard.html"):
    """The dashboard for the filters in the query (the monitor's home page renders it too)."""
    filters, errors = _filters()
    codes = monitoring_codes()  # the monitor's home page is rendered outside this blueprint
    if filters is None:
        return render_template(template, filters=None, errors=errors, args=request.args, **codes), 400
    return render_template(template, filters=filters, errors={}, args=request.args, **codes,
                           **dashboard(db.session, filters))


@bp.get("/")
def dashboard_view():
    return dashboard_page()


def _lanes():
    """The lanes of the filters' period and agency, or the filters' errors."""
    filters, errors = _filters()
    return filters, errors, (lanes_report(db.session, filters.agency, filters.period) if filters else None)


@bp.get("/lanes")
def lanes():
    """Trafficking lanes: a table per grouping and the map (counts only)."""
    filters, errors, report = _lanes()
    page = {"filters": filters, "errors": errors, "args": request.args}
    if report is None:
        return render_template("monitoring/lanes.html", **page), 400
    return render_template("monitoring/lanes.html", **page, report=report, tables=lane_tables(report))


@bp.get("/lanes/<name>.csv")
def lanes_download(name: str):
    filters, _errors, report = _lanes()
    if report is None:
        abort(400)
    tables = lane_tables(report)
    if name not in tables:
        abort(404)
    return csv_response(tables[name], f"{name}-{filters.period.key}-{filters.agency or 'all'}.csv")


@bp.get("/lanes.svg")
def lanes_map():
    filters, _errors, report = _lanes()
    if report is None:
        abort(400)
    title = _("Trafficking lanes, %(period)s", period=filters.period.label)
    return Response(lanes_svg(report, title), mimetype="image/svg+xml")


@bp.get("/compliance")
def compliance():
    filters, errors = _filters()
    if filters is None:
        return render_template("monitoring/compliance.html", filters=None, errors=errors, args=request.args), 400
    results = compliance_overview(db.session, filters.period, filters.agency)
    return render_template("monitoring/compliance.html", filters=filters, errors={}, args=request.args,
                           results=results)


@bp.get("/<name>.csv")
def download(name: str):
    return table_download(db.session, name, _filters()[0], TABLES)


def _measure_years() -> list[int]:
    try:
        last = parse_period({"period": "fy", "year": request.args.get("year") or ""}).year
    except PeriodError:
        abort(400)
    return [last - 2, last - 1, last]


@bp.get("/measures")
def measures():
    """The performance measures over three fiscal years, printable, in English or Spanish (``lang``)."""
    lang = request.args.get("lang")
    if lang not in (None, "en", "es"):
        abort(400)
    years = _measure_years()
    locale = lang or current_user.locale or "en"
    with force_locale(locale):
        rows = measure_table(db.session, years, locale)
        return render_template("monitoring/measures.html", rows=rows, years=years, lang=locale,
                               current_fy=current_year("fy"))


@bp.get("/measures.csv")
def measures_csv():
    years = _measure_years()
    rows = measure_table(db.session, years, current_user.locale or "en")
    return csv_response(measures_csv_table(rows, years), f"measures-FY{years[-1]}.csv")


from . import admin  # noqa: E402,F401  (the administrators' pages, on this blueprint)
