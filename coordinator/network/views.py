"""Network pages: a case's neighbourhood, drawn and tabled, and the network report."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from ..access import require_casework
from ..conflicts.network import MAX_HOPS
from ..extensions import db
from ..forms import MAX_ID
from .services import case_neighbourhood, network_report
from .svg import draw

bp = Blueprint("network", __name__)

MAX_TOP = 100


def _bounded(name: str, default: int, low: int, high: int) -> int:
    value = request.args.get(name, type=int)
    return default if value is None else max(low, min(value, high))


def _record_id(name: str) -> int | None:
    """An id from the query string; one beyond what a column holds names nothing (404)."""
    value = request.args.get(name, type=int)
    if value is not None and not 0 < value <= MAX_ID:
        raise NotFound()
    return value


@bp.get("/cases/<int:case_id>/network")
@login_required
def case_network(case_id: int):
    require_casework(current_user)
    hops = _bounded("hops", 2, 1, MAX_HOPS)
    neighbourhood = case_neighbourhood(db.session, current_user, case_id, hops)
    return render_template("network/case.html", neighbourhood=neighbourhood, case=neighbourhood.case,
                           drawing=draw(neighbourhood.graph), max_hops=MAX_HOPS)


@bp.get("/network/report")
@login_required
def report():
    top = _bounded("top", 20, 1, MAX_TOP)
    component_of = _record_id("component_of")
    result = network_report(db.session, current_user, component_of, top)
    return render_template("network/report.html", report=result, top=top)
