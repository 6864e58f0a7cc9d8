"""Conflict alerts in the API: the agency's list, acknowledge, resolve."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from ..conflicts.alerts import Record, parse_record
from ..conflicts.present import conflict_json, preload
from ..conflicts.services import (
    RESOLUTIONS, SIDE_STATUSES, AlertActionError, SideRequired, acknowledge, alert_for, alerts_for, resolve,
    reveal,
)
from ..errors import ApiError
from ..i18n import translator
from ..extensions import db
from . import acting_user, bp, field_error, json_body, list_page_args
from .schema import PAGING, path_param, request_body, responses


def render(alert, user, side=None) -> dict:
    """The alert from ``side`` (the caller's side acted for or asked about), else the agency's first side."""
    record = (side.record_type, side.record_id) if side is not None else None
    return conflict_json(db.session, alert, user.agency_id, _, record)


def side_record(payload: dict | None = None) -> Record | None:
    """The side the caller asks about or acts for: ``record`` ("operation:12") in the query or the body.

    Needed only for an alert between two of the agency's own cases.
    """
    value = payload.pop("record") if payload and "record" in payload else request.args.get("record")
    if value is None:
        return None
    record = parse_record(value)
    if record is None:
        raise field_error("record", _("Name your side's record as TYPE:ID, for example operation:12."))
    return record


RECORD_SCHEMA = {"type": "string", "pattern": "^(operation|subject|case):[0-9]+$",
                 "description": "The caller's side (its own record, `this`): needed to act on an alert between "
                                "two of the agency's own cases, unless the caller is concerned with one side only"}
RECORD_PARAM = {"name": "record", "in": "query", "required": False, "schema": RECORD_SCHEMA}


def side_required(err: SideRequired) -> ApiError:
    return field_error(err.field, err.message)


@bp.get("/conflicts")
def list_conflicts():
    user = acting_user()
    status = request.args.get("status") or None
    if status is not None and status not in SIDE_STATUSES:
        raise field_error("status", _("Not a valid choice."))
    page, per_page = list_page_args()
    sides = alerts_for(db.session, user, status, limit=per_page + 1, offset=(page - 1) * per_page)
    following = None
    if len(sides) > per_page:
        params = f"&status={status}" if status else ""
        following = f"/api/v1/conflicts?page={page + 1}&per_page={per_page}{params}"
    sides = sides[:per_page]
    contacts = preload(db.session, list(dict.fromkeys(side.alert for side in sides)), user.agency_id,
                       own_records=False)
    # An alert between two of the agency's own cases is listed once from each side, each in its own terms.
    translate = translator()
    items = [conflict_json(db.session, side.alert, user.agency_id, translate, (side.record_type, side.record_id),
                           contacts) for side in sides]
    return jsonify({"items": items, "next": following})


@bp.get("/conflicts/<int:alert_id>")
def get_conflict(alert_id: int):
    user = acting_user()
    alert, side = alert_for(db.session, user, alert_id, side_record())
    return jsonify(render(alert, user, side))


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
    record = side_record(payload)
    unknown = set(payload) - {"note"}
    if unknown:
        raise ApiError(400, "validation_error", _("Some fields are not valid."),
                       {name: _("Unknown field.") for name in unknown})
    try:
        alert = acknowledge(db.session, user, alert_id, _note(payload), record)
    except SideRequired as err:
        raise side_required(err)
    except AlertActionError as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    return jsonify(render(alert, user, alert_for(db.session, user, alert_id, record)[1]))


@bp.post("/conflicts/<int:alert_id>/resolve")
def resolve_conflict(alert_id: int):
    user = acting_user()
    payload = json_body()
    record = side_record(payload)
    unknown = set(payload) - {"note", "resolution"}
    if unknown:
        raise ApiError(400, "validation_error", _("Some fields are not valid."),
                       {name: _("Unknown field.") for name in unknown})
    resolution = payload.get("resolution")
    if resolution not in RESOLUTIONS:
        raise field_error("resolution", _("Choose one of: %(choices)s.", choices=", ".join(RESOLUTIONS)))
    alert_for(db.session, user, alert_id, record)
    try:
        alert = resolve(db.session, user, alert_id, resolution, _note(payload), record)
    except AlertActionError as err:
        raise field_error(err.field, err.message)
    return jsonify(render(alert, user, alert_for(db.session, user, alert_id, record)[1]))


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


def openapi_components() -> dict:
    """The conflict object of the contract, for the document's ``components.schemas``.

    ``other.instance`` names the peer instance that holds the other side
    (null for an alert within this instance); ``other.agency`` is then that
    instance's agency code.
    """
    text, when = {"type": ["string", "null"]}, {"type": ["string", "null"], "format": "date-time"}
    poc = {"type": "object", "properties": {"name": text, "phone": text, "email": text}}
    instance = {"type": ["string", "null"], "description": "The peer instance holding that side (federation); "
                                                           "null when it is this instance's own"}
    return {
        "PointOfContact": poc,
        "Conflict": {"type": "object", "required": ["id", "kind", "level", "severity", "score", "reasons", "this",
                                                     "other", "status"], "properties": {
            "id": {"type": "integer"}, "kind": {"type": "string", "enum": ["subject", "event", "network"]},
            "level": {"type": "string", "enum": ["match", "possible"]}, "severity": {"type": "string"},
            "score": {"type": "number"}, "reasons": {"type": "array", "items": {"type": "string"}},
            "this": {"type": "object", "required": ["type", "id"], "properties": {
                "type": {"type": "string"}, "id": {"type": "integer"}, "case_id": {"type": ["integer", "null"]},
                "kind": text}},
            "other": {"type": "object", "required": ["agency", "record_kind", "poc"], "properties": {
                "agency": text, "record_kind": text, "poc": {"$ref": "#/components/schemas/PointOfContact"},
                "status": text, "instance": instance}},
            "status": {"type": "string", "enum": list(SIDE_STATUSES)}, "alert_status": {"type": "string"},
            "withheld_from_other": {"type": ["boolean", "null"]}, "raised_at": when,
            "sides": {"type": "array", "items": {"type": "object", "properties": {
                "agency": text, "instance": instance, "status": {"type": "string"}, "acknowledged_at": when,
                "resolved_at": when, "resolution": text}}}}},
    }


def openapi_paths(list_schema: dict) -> dict:
    """The conflict alerts' paths, for the OpenAPI document."""
    note = {"type": ["string", "null"], "maxLength": 2000}
    record = RECORD_SCHEMA
    return {
        "/api/v1/conflicts": {"get": {
            "summary": "The caller's agency's alerts, most severe and newest first",
            "parameters": PAGING + [{"name": "status", "in": "query",
                                     "schema": {"type": "string", "enum": list(SIDE_STATUSES)}}],
            "responses": responses("200", list_schema, codes=(400, 401))}},
        "/api/v1/conflicts/{alert_id}": {
            "parameters": [path_param("alert_id")],
            "get": {"summary": "One alert, as the caller's agency sees it (from the side of `record`, if given)",
                    "parameters": [RECORD_PARAM],
                    "responses": responses("200", {"$ref": "#/components/schemas/Conflict"})}},
        "/api/v1/conflicts/{alert_id}/acknowledge": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "The caller's agency has seen the alert",
                     "requestBody": {"required": False, "content": {"application/json": {"schema": {
                         "type": "object", "additionalProperties": False, "properties": {"note": note, "record": record}}}}},
                     "responses": responses("200", codes=(400, 401, 403, 404, 409))}},
        "/api/v1/conflicts/{alert_id}/resolve": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "A supervisor records the agency's decision",
                     "requestBody": request_body({"type": "object", "additionalProperties": False,
                                           "required": ["resolution"],
                                           "properties": {"resolution": {"type": "string", "enum": list(RESOLUTIONS)},
                                                          "note": note, "record": record}}),
                     "responses": responses("200")}},
        "/api/v1/conflicts/{alert_id}/reveal": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "Tell the other side of a hit on the caller's sensitive record (it was withheld)",
                     "requestBody": {"required": False, "content": {"application/json": {"schema": {
                         "type": "object", "additionalProperties": False, "properties": {}}}}},
                     "responses": responses("200", codes=(400, 401, 404, 409))}},
    }
