"""Conflict alerts in the API: the agency's list, acknowledge, resolve."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from ..conflicts.alerts import sides_of
from ..conflicts.present import conflict_json, preload
from ..conflicts.services import (
    RESOLUTIONS, SIDE_STATUSES, AlertActionError, acknowledge, alert_for, alerts_for, resolve, reveal,
)
from ..errors import ApiError
from ..extensions import db
from . import acting_user, bp, field_error, json_body, list_page_args
from .schema import PAGING, path_param, request_body, responses


def render(alert, user) -> dict:
    return conflict_json(db.session, alert, user.agency_id, _)


@bp.get("/conflicts")
def list_conflicts():
    user = acting_user()
    status = request.args.get("status") or None
    if status is not None and status not in SIDE_STATUSES:
        raise field_error("status", _("Not a valid choice."))
    page, per_page = list_page_args()
    alerts = alerts_for(db.session, user, status, limit=per_page + 1, offset=(page - 1) * per_page)
    following = None
    if len(alerts) > per_page:
        params = f"&status={status}" if status else ""
        following = f"/api/v1/conflicts?page={page + 1}&per_page={per_page}{params}"
    contacts = preload(db.session, alerts[:per_page], user.agency_id)
    # An alert between two of the agency's own cases is listed once from each side, each in its own terms.
    items = [conflict_json(db.session, alert, user.agency_id, _, (side.record_type, side.record_id), contacts)
             for alert in alerts[:per_page] for side in sides_of(alert, user.agency_id)]
    return jsonify({"items": items, "next": following})


@bp.get("/conflicts/<int:alert_id>")
def get_conflict(alert_id: int):
    user = acting_user()
    alert, _side = alert_for(db.session, user, alert_id)
    return jsonify(render(alert, user))


def _note(payload: dict) -> str | None:
    note = payload.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > 2000):
        raise field_error("note", _("At most 2000 characters of text."))
    return note or None


def _optional_body() -> dict:
    if not request.get_data():
        return {}
    return json_body()


@bp.post("/conflicts/<int:alert_id>/acknowledge")
def acknowledge_conflict(alert_id: int):
    user = acting_user()
    payload = _optional_body()
    unknown = set(payload) - {"note"}
    if unknown:
        raise ApiError(400, "validation_error", _("Some fields are not valid."),
                       {name: _("Unknown field.") for name in unknown})
    try:
        alert = acknowledge(db.session, user, alert_id, _note(payload))
    except AlertActionError as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    return jsonify(render(alert, user))


@bp.post("/conflicts/<int:alert_id>/resolve")
def resolve_conflict(alert_id: int):
    user = acting_user()
    payload = json_body()
    unknown = set(payload) - {"note", "resolution"}
    if unknown:
        raise ApiError(400, "validation_error", _("Some fields are not valid."),
                       {name: _("Unknown field.") for name in unknown})
    resolution = payload.get("resolution")
    if resolution not in RESOLUTIONS:
        raise field_error("resolution", _("Choose one of: %(choices)s.", choices=", ".join(RESOLUTIONS)))
    alert_for(db.session, user, alert_id)
    try:
        alert = resolve(db.session, user, alert_id, resolution, _note(payload))
    except AlertActionError as err:
        raise field_error(err.field, err.message)
    return jsonify(render(alert, user))


@bp.post("/conflicts/<int:alert_id>/reveal")
def reveal_conflict(alert_id: int):
    """"Tell them": the owner of a sensitive record lets the other side know of the hit."""
    user = acting_user()
    if _optional_body():
        raise ApiError(400, "validation_error", _("Some fields are not valid."), {"body": _("Send no fields.")})
    try:
        alert = reveal(db.session, user, alert_id)
    except AlertActionError as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    return jsonify(render(alert, user))


def openapi_paths(list_schema: dict) -> dict:
    """The conflict alerts' paths, for the OpenAPI document."""
    note = {"type": ["string", "null"], "maxLength": 2000}
    return {
        "/api/v1/conflicts": {"get": {
            "summary": "The caller's agency's alerts, most severe and newest first",
            "parameters": PAGING + [{"name": "status", "in": "query",
                                     "schema": {"type": "string", "enum": list(SIDE_STATUSES)}}],
            "responses": responses("200", list_schema, codes=(400, 401))}},
        "/api/v1/conflicts/{alert_id}": {
            "parameters": [path_param("alert_id")],
            "get": {"summary": "One alert, as the caller's agency sees it", "responses": responses("200")}},
        "/api/v1/conflicts/{alert_id}/acknowledge": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "The caller's agency has seen the alert",
                     "requestBody": {"required": False, "content": {"application/json": {"schema": {
                         "type": "object", "additionalProperties": False, "properties": {"note": note}}}}},
                     "responses": responses("200", codes=(400, 401, 403, 404, 409))}},
        "/api/v1/conflicts/{alert_id}/resolve": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "A supervisor records the agency's decision",
                     "requestBody": request_body({"type": "object", "additionalProperties": False,
                                           "required": ["resolution"],
                                           "properties": {"resolution": {"type": "string", "enum": list(RESOLUTIONS)},
                                                          "note": note}}),
                     "responses": responses("200")}},
        "/api/v1/conflicts/{alert_id}/reveal": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "Tell the other side of a hit on the caller's sensitive record (it was withheld)",
                     "requestBody": {"required": False, "content": {"application/json": {"schema": {
                         "type": "object", "additionalProperties": False, "properties": {}}}}},
                     "responses": responses("200", codes=(400, 401, 404, 409))}},
    }
