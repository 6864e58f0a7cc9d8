"""Operations in the API."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from ..access import operation_for, require_casework
from ..cases.models import Case
from ..codes import OPERATION_STATUSES
from ..extensions import db
from ..operations.forms import OperationForm
from ..operations.models import Operation
from ..operations.services import OperationError, register_operation, update_operation
from ..pagination import paginate
from . import acting_user, bp, field_error, json_body, list_page_args, listing, validated
from .receipts import checked, live, peers_checked
from .serialise import operation_json


def _values(form: OperationForm, payload: dict) -> dict:
    return {name: form[name].data for name in form._fields
            if name not in ("csrf_token", "case_id") and (name in payload or name == "cross_border")}


def _checked(operation) -> dict:
    receipt, conflicts = checked("operation", operation.id, operation.agency_id)
    return {"receipt": receipt, "conflicts": conflicts, "peers": peers_checked("operation", operation.id)}


@bp.post("/operations")
def create_operation():
    user = acting_user()
    require_casework(user)
    payload = json_body()
    form = validated(OperationForm, payload)
    case = db.session.get(Case, form.case_id.data)
    if case is None or case.agency_id != user.agency_id:
        raise field_error("case_id", _("Choose a case of your agency."))
    try:
        operation = register_operation(db.session, user, case, _values(form, payload))
    except OperationError as err:
        raise field_error(err.field, err.message)
    body = {**operation_json(operation), **_checked(operation)}
    return jsonify(body), 201


@bp.get("/operations")
def list_operations():
    user = acting_user()
    require_casework(user)
    query = db.select(Operation).where(Operation.agency_id == user.agency_id)
    status = request.args.get("status")
    if status in OPERATION_STATUSES:
        query = query.where(Operation.status == status)
    case_id = request.args.get("case_id", type=int)
    if case_id:
        query = query.where(Operation.case_id == case_id)
    page, per_page = list_page_args()
    params = {k: v for k, v in {"status": status if status in OPERATION_STATUSES else None,
                                "case_id": case_id}.items() if v}
    return jsonify(listing(paginate(db.session, query.order_by(Operation.starts_at.desc(), Operation.id.desc()),
                                    page, per_page), operation_json, "api.list_operations", **params))


@bp.get("/operations/<int:operation_id>")
def get_operation(operation_id: int):
    user = acting_user()
    operation = operation_for(db.session, user, operation_id)
    return jsonify({**operation_json(operation), **live("operation", operation.id, user.agency_id)})


@bp.patch("/operations/<int:operation_id>")
def patch_operation(operation_id: int):
    user = acting_user()
    operation = operation_for(db.session, user, operation_id, write=True)
    patch = json_body()
    if "case_id" in patch and patch["case_id"] != operation.case_id:
        raise field_error("case_id", _("An operation cannot move to another case."))
    current = {k: v for k, v in operation_json(operation).items()
               if k in OperationForm.__dict__ or k in ("case_id", "target_subject_ids")}
    current = {k: v for k, v in current.items() if v is not None}
    if "timezone" not in patch:
        current.pop("timezone", None)  # the zone follows the point unless the patch names one
    merged = {**current, **patch}
    form = validated(OperationForm, merged)
    try:
        update_operation(db.session, user, operation, _values(form, merged))
    except OperationError as err:
        raise field_error(err.field, err.message)
    body = {**operation_json(operation), **_checked(operation)}
    return jsonify(body)
