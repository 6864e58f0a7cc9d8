"""The review in the API: operation transitions and clearances, reopening alerts, match review, notifications.

A refused transition answers 409 ``{"error": {"code": "conflict", "message",
"fields": {"rule": NAME}}}`` so a client can tell which rule stood in the way.
"""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from ..access import operation_for
from ..conflicts.services import AlertActionError, SideRequired, alert_for, reopen
from ..errors import ApiError
from ..extensions import db
from ..forms import MAX_ID
from ..notifications.messages import render as render_notification
from ..notifications.services import mark_read, notifications_query
from ..operations.lifecycle import (
    LifecycleError, TransitionRefused, clearances_of, decide_clearance, operation_for_clearance, transition,
)
from ..pagination import paginate
from ..review.forms import ClearanceForm, MatchJudgementForm, ReopenForm, TransitionForm
from ..review.matches import MatchReviewError, judge, link_for, matches_query, present
from . import acting_user, bp, field_error, json_body, list_page_args, listing, validated
from .conflicts import render as render_conflict, side_record, side_required
from .serialise import iso, operation_json

ID = f"int(max={MAX_ID})"


def refused(err: TransitionRefused) -> ApiError:
    """The 409 that names the rule."""
    return ApiError(409, "conflict", err.message, {"rule": err.rule})


def clearance_json(clearance) -> dict:
    """One agency's clearance: the contract's {agency, decision, note, at} and its times."""
    return {"agency": clearance.agency.code, "decision": clearance.decision, "note": clearance.note,
            "at": iso(clearance.decided_at or clearance.requested_at), "requested_at": iso(clearance.requested_at),
            "decided_at": iso(clearance.decided_at),
            # The agreement whose rule requires it; null: the default (no agreement's rule applies).
            "required_by": {"mou_id": clearance.mou.id, "title": clearance.mou.title} if clearance.mou else None}


def lifecycle_json(operation) -> dict:
    """An operation with its lifecycle: late notice and clearances."""
    return {**operation_json(operation), "late_notice": operation.late_notice,
            "clearances": [clearance_json(c) for c in clearances_of(db.session, operation)]}


# --- operations ------------------------------------------------------------------

@bp.post(f"/operations/<{ID}:operation_id>/transition")
def transition_operation(operation_id: int):
    user = acting_user()
    operation = operation_for(db.session, user, operation_id)
    form = validated(TransitionForm, json_body())
    try:
        transition(db.session, user, operation, form.to.data, form.reason.data, bool(form.override.data))
    except LifecycleError as err:
        raise field_error(err.field, err.message)
    except TransitionRefused as err:
        raise refused(err)
    return jsonify(lifecycle_json(operation))


@bp.get(f"/operations/<{ID}:operation_id>/clearances")
def list_clearances(operation_id: int):
    operation = operation_for_clearance(db.session, acting_user(), operation_id)
    return jsonify({"items": [clearance_json(c) for c in clearances_of(db.session, operation)], "next": None})


@bp.post(f"/operations/<{ID}:operation_id>/clearances")
def decide_operation_clearance(operation_id: int):
    user = acting_user()
    operation = operation_for_clearance(db.session, user, operation_id)
    form = validated(ClearanceForm, json_body())
    try:
        clearance = decide_clearance(db.session, user, operation, form.decision.data, form.note.data)
    except LifecycleError as err:
        raise field_error(err.field, err.message)
    except TransitionRefused as err:
        raise refused(err)
    return jsonify(clearance_json(clearance))


# --- alerts ----------------------------------------------------------------------

@bp.post(f"/conflicts/<{ID}:alert_id>/reopen")
def reopen_conflict(alert_id: int):
    user = acting_user()
    payload = json_body()
    record = side_record(payload)
    form = validated(ReopenForm, payload)
    try:
        alert = reopen(db.session, user, alert_id, form.note.data, record)
    except SideRequired as err:
        raise side_required(err)
    except AlertActionError as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    return jsonify(render_conflict(alert, user, alert_for(db.session, user, alert_id, record)[1]))


# --- match review ----------------------------------------------------------------

def match_json(item) -> dict:
    """A link as the caller's agency sees it: its own record, the other's agency, kind and contact.

    ``probability`` (the same figure as ``score``) is the engine's stated
    probability that the records are one; ``evidence`` gives each reason
    with its code, in the caller's own terms.
    """
    link = item.link
    return {
        "id": link.id, "kind": link.kind, "level": link.level, "state": link.state, "score": round(link.score, 4),
        "probability": item.probability, "evidence": item.evidence,
        "this": {"type": "subject", "id": item.mine.id, "case_id": item.mine.case_id, "kind": item.mine.kind},
        "other": {"agency": item.other_agency, "record_kind": item.other_kind, "poc": item.poc or None},
        "reasons": item.reasons, "alert_id": item.alert.id if item.alert else None,
        "judgements": [{"decision": j.decision, "note": j.note, "agency": j.agency.code, "at": iso(j.at)}
                       for j in item.judgements],
    }


@bp.get("/matches")
def list_matches():
    user = acting_user()
    state = request.args.get("state") or "pending"
    if state not in ("pending", "reviewed"):
        raise field_error("state", _("Choose one of: %(choices)s.", choices="pending, reviewed"))
    page, per_page = list_page_args()
    results = paginate(db.session, matches_query(user.agency_id, state == "reviewed"), page, per_page)
    return jsonify(listing(results, lambda link: match_json(present(db.session, link, user.agency_id, _)),
                           "api.list_matches", state=state))


@bp.get(f"/matches/<{ID}:link_id>")
def get_match(link_id: int):
    user = acting_user()
    return jsonify(match_json(present(db.session, link_for(db.session, user, link_id), user.agency_id, _)))


@bp.post(f"/matches/<{ID}:link_id>")
def judge_match(link_id: int):
    user = acting_user()
    link_for(db.session, user, link_id)
    form = validated(MatchJudgementForm, json_body())
    try:
        link = judge(db.session, user, link_id, form.decision.data, form.note.data)
    except MatchReviewError as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    return jsonify(match_json(present(db.session, link, user.agency_id, _)))


# --- notifications ---------------------------------------------------------------

@bp.get("/notifications")
def list_notifications():
    user = acting_user()
    page, per_page = list_page_args()
    unread = request.args.get("unread") in ("1", "true")
    results = paginate(db.session, notifications_query(user, unread), page, per_page)

    def one(note) -> dict:
        title, body = render_notification(note.kind, note.params, user.timezone or "UTC")
        return {"id": note.id, "kind": note.kind, "title": title, "body": body, "link": note.link,
                "created_at": iso(note.created_at), "read_at": iso(note.read_at)}

    params = {"unread": "1"} if unread else {}
    return jsonify(listing(results, one, "api.list_notifications", **params))


@bp.post("/notifications/read")
def read_notifications():
    payload = json_body() if request.get_data() else {}
    unknown = set(payload) - {"id"}
    if unknown:
        raise ApiError(400, "validation_error", _("Some fields are not valid."),
                       {name: _("Unknown field.") for name in unknown})
    note_id = payload.get("id")
    if note_id is not None and (not isinstance(note_id, int) or isinstance(note_id, bool) or not 0 < note_id <= MAX_ID):
        raise field_error("id", _("Not a valid integer value."))
    return jsonify({"marked": mark_read(db.session, acting_user(), note_id)})
