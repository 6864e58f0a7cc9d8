"""The watch centre in the API: the board's alerts, taking one, logging a call, closing it (watch officers)."""
from __future__ import annotations

from flask import jsonify, request

from ..access import require_watch
from ..conflicts.models import ConflictAlert
from ..errors import ApiError
from ..extensions import db
from ..forms import MAX_ID
from ..watch.forms import CallForm, CloseForm
from ..watch.services import BoardAlert, WatchActionError, board_alerts, close, log_call, present, take_ownership
from . import acting_user, bp, json_body, validated
from .schema import path_param, request_body, responses
from .serialise import iso

ID = f"int(max={MAX_ID})"


def board_alert_json(alert: BoardAlert) -> dict:
    """A critical alert as the watch centre sees it: places, sides and contacts, its handling — no case contents."""
    return {
        "id": alert.id, "kind": alert.kind, "severity": "critical", "alert_status": alert.status,
        "raised_at": iso(alert.raised_at),
        "places": [{"venue": p.venue, "address": p.address, "latitude": p.latitude, "longitude": p.longitude,
                    "radius_m": p.radius_m, "starts_at": iso(p.starts_at), "ends_at": iso(p.ends_at),
                    "timezone": p.timezone} for p in alert.places],
        "sides": [{"agency": s.agency, "record_kind": s.record_kind, "status": s.status,
                   "acknowledged_at": iso(s.acknowledged_at), "escalated_at": iso(s.escalated_at), "poc": s.poc}
                  for s in alert.sides],
        "owner": alert.owner, "owned_at": iso(alert.owned_at), "closed_at": iso(alert.closed_at),
        "close_note": alert.close_note,
        "calls": [{"at": iso(c.at), "by": c.user.name, "note": c.note} for c in alert.calls],
    }


def _one(alert_id: int) -> dict:
    return board_alert_json(present(db.session, [db.session.get(ConflictAlert, alert_id)])[0])


@bp.get("/watch/alerts")
def watch_alerts():
    user = acting_user()
    require_watch(user)
    return jsonify({"items": [board_alert_json(a) for a in board_alerts(db.session, user)], "next": None})


@bp.post(f"/watch/alerts/<{ID}:alert_id>/take")
def watch_take(alert_id: int):
    user = acting_user()
    require_watch(user)
    try:
        take_ownership(db.session, user, alert_id)
    except WatchActionError as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    return jsonify(_one(alert_id))


@bp.post(f"/watch/alerts/<{ID}:alert_id>/calls")
def watch_call(alert_id: int):
    user = acting_user()
    require_watch(user)
    form = validated(CallForm, json_body())
    log_call(db.session, user, alert_id, form.note.data)
    return jsonify(_one(alert_id)), 201


@bp.post(f"/watch/alerts/<{ID}:alert_id>/close")
def watch_close(alert_id: int):
    user = acting_user()
    require_watch(user)
    form = validated(CloseForm, json_body() if request.get_data() else {})
    try:
        close(db.session, user, alert_id, form.note.data)
    except WatchActionError as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    return jsonify(_one(alert_id))


def openapi_paths(list_schema: dict) -> dict:
    """The watch centre's paths, for the OpenAPI document."""
    note = {"type": "object", "additionalProperties": False,
            "properties": {"note": {"type": ["string", "null"], "maxLength": 1000}}}
    call = {"type": "object", "additionalProperties": False, "required": ["note"],
            "properties": {"note": {"type": "string", "minLength": 1, "maxLength": 1000}}}
    state = {"409": {"description": "The watch centre already closed the alert",
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
    return {
        "/api/v1/watch/alerts": {"get": {
            "summary": "The critical alerts of the watch officer's region: places, both contacts, handling",
            "responses": responses("200", list_schema, codes=(401, 403))}},
        "/api/v1/watch/alerts/{alert_id}/take": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "Take the alert on (watch officers)", "responses": {**responses("200"), **state}}},
        "/api/v1/watch/alerts/{alert_id}/calls": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "Log a call made about the alert", "requestBody": request_body(call),
                     "responses": responses("201")}},
        "/api/v1/watch/alerts/{alert_id}/close": {
            "parameters": [path_param("alert_id")],
            "post": {"summary": "Close the alert on the watch board",
                     "requestBody": {"required": False, "content": {"application/json": {"schema": note}}},
                     "responses": {**responses("200"), **state}}},
    }
