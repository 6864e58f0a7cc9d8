"""Sharing in the API: a case's disseminations, share, revoke."""
from __future__ import annotations

from flask import jsonify

from ..access import case_for, dissemination_for
from ..api import acting_user, bp, field_error, json_body, validated
from ..api.serialise import iso
from ..extensions import db
from .forms import ShareForm
from .services import SharingError, disseminate, disseminations_of, revoke


def dissemination_json(row) -> dict:
    """One release: who, to whom, what, why, when (and when it was revoked)."""
    return {"id": row.id, "case_id": row.case_id, "from_agency": row.from_agency.code,
            "to_agency": row.to_agency.code, "scope": row.scope, "reason": row.reason,
            "requested_by": row.requested_by, "granted_by": row.granted_by.name, "at": iso(row.at),
            "revoked_at": iso(row.revoked_at)}


@bp.get("/cases/<int:case_id>/shares")
def case_shares(case_id: int):
    """The case's dissemination record (its owning agency only)."""
    case = case_for(db.session, acting_user(), case_id, write=True)
    return jsonify({"items": [dissemination_json(r) for r in disseminations_of(db.session, case)], "next": None})


@bp.post("/cases/<int:case_id>/shares")
def share_case_api(case_id: int):
    """Share the case: ``{agency, reason, requested_by?}`` → 201 with the dissemination."""
    user = acting_user()
    case = case_for(db.session, user, case_id, write=True)
    form = validated(ShareForm, json_body())
    try:
        row = disseminate(db.session, user, case, form.agency.data, form.reason.data, form.requested_by.data)
    except SharingError as err:
        raise field_error(err.field, err.message)
    return jsonify(dissemination_json(row)), 201


@bp.post("/disseminations/<int:dissemination_id>/revoke")
def revoke_share_api(dissemination_id: int):
    """End a share; the dissemination stays on the record, dated."""
    user = acting_user()
    row = dissemination_for(db.session, user, dissemination_id)
    try:
        revoke(db.session, user, row)
    except SharingError as err:
        raise field_error(err.field, err.message)
    return jsonify(dissemination_json(row))
