"""Cases in the API."""
from __future__ import annotations

from flask import jsonify, request

from ..access import case_for, require_casework
from ..cases.forms import CaseForm
from ..cases.services import CaseError, CaseFilter, agency_users, case_query, register_case, update_case
from ..codes import CASE_STATUSES, CASE_TYPES
from ..extensions import db
from ..pagination import paginate
from . import acting_user, bp, field_error, json_body, list_page_args, listing, valid
from .serialise import case_json

FORM_FIELDS = ("number", "title", "case_type", "status", "opened_on", "closed_on", "initiated_by",
               "referring_agency", "mexico_nexus", "participating_agencies", "lead_agent_id", "summary")


def _validated(payload: dict, user) -> dict:
    form = CaseForm.from_json(payload)
    form.offer_lead_agents(agency_users(db.session, user.agency_id))
    valid(form)
    values = {name: form[name].data for name in FORM_FIELDS if name in payload or name == "status"}
    values.setdefault("mexico_nexus", False)
    return values


@bp.post("/cases")
def create_case():
    user = acting_user()
    require_casework(user)
    values = _validated(json_body(), user)
    try:
        case = register_case(db.session, user, values)
    except CaseError as err:
        raise field_error(err.field, err.message)
    return jsonify(case_json(case)), 201


@bp.get("/cases")
def list_cases():
    user = acting_user()
    require_casework(user)
    args = request.args
    filters = CaseFilter(
        q=args.get("q") or None,
        status=args.get("status") if args.get("status") in CASE_STATUSES else None,
        case_type=args.get("case_type") if args.get("case_type") in CASE_TYPES else None,
    )
    page, per_page = list_page_args()
    results = paginate(db.session, case_query(user, filters, db.session), page, per_page)
    params = {k: v for k, v in {"q": filters.q, "status": filters.status, "case_type": filters.case_type}.items() if v}
    return jsonify(listing(results, case_json, "api.list_cases", **params))


@bp.get("/cases/<int:case_id>")
def get_case(case_id: int):
    user = acting_user()
    return jsonify(case_json(case_for(db.session, user, case_id)))


@bp.patch("/cases/<int:case_id>")
def patch_case(case_id: int):
    user = acting_user()
    case = case_for(db.session, user, case_id, write=True)
    current = {k: v for k, v in case_json(case).items() if k in FORM_FIELDS and v is not None}
    merged = {**current, **json_body()}
    values = _validated(merged, user)
    try:
        update_case(db.session, user, case, values)
    except CaseError as err:
        raise field_error(err.field, err.message)
    return jsonify(case_json(case))
