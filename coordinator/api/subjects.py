"""Subject records and associations in the API."""
from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from ..access import case_for, subject_for
from ..codes import ASSOCIATION_KINDS
from ..extensions import db
from ..forms import CONTROL_CHARACTERS, MAX_ID
from ..pagination import paginate
from ..subjects.forms import SUBJECT_FORMS
from ..subjects.models import SubjectRecord
from ..errors import ApiError
from ..subjects.sensitivity import SensitivityError, approve_sensitive, mark_sensitive
from ..subjects.services import SubjectError, add_subject, associate, update_subject
from . import acting_user, bp, field_error, json_body, list_page_args, listing, validated
from .receipts import checked, live, peers_checked
from .serialise import association_json, subject_json


def _validated(kind: object, payload: dict, user):
    if not isinstance(kind, str) or kind not in SUBJECT_FORMS:
        raise field_error("kind", _("Not a valid choice."))
    return validated(SUBJECT_FORMS[kind], payload, default_region=user.agency.country,
                     plate_region_default=user.agency.plate_issuer)


@bp.post("/cases/<int:case_id>/subjects")
def create_subject(case_id: int):
    user = acting_user()
    case = case_for(db.session, user, case_id, write=True)
    payload = json_body()
    kind = payload.pop("kind", None)
    form = _validated(kind, payload, user)
    # The predicate is optional here (the contract predates it): a record without one is listed for review.
    record = add_subject(db.session, user, case, kind, form.role.data, form.record_data(), form.notes.data,
                         predicate=form.predicate.data)
    receipt, conflicts = checked("subject", record.id, record.agency_id)
    return jsonify({**subject_json(record), "receipt": receipt, "conflicts": conflicts,
                    "peers": peers_checked("subject", record.id)}), 201


@bp.get("/cases/<int:case_id>/subjects")
def list_subjects(case_id: int):
    user = acting_user()
    case = case_for(db.session, user, case_id)
    page, per_page = list_page_args()
    query = db.select(SubjectRecord).where(SubjectRecord.case_id == case.id).order_by(SubjectRecord.id)
    return jsonify(listing(paginate(db.session, query, page, per_page), subject_json,
                           "api.list_subjects", case_id=case.id))


@bp.get("/subjects/<int:subject_id>")
def get_subject(subject_id: int):
    user = acting_user()
    record = subject_for(db.session, user, subject_id)
    return jsonify({**subject_json(record), **live("subject", record.id, user.agency_id)})


@bp.patch("/subjects/<int:subject_id>")
def patch_subject(subject_id: int):
    user = acting_user()
    record = subject_for(db.session, user, subject_id, write=True)
    patch = json_body()
    if "kind" in patch and patch.pop("kind") != record.kind:
        raise field_error("kind", _("A record's kind cannot change."))
    current = {k: v for k, v in {**record.data, "role": record.role, "notes": record.notes,
                                 "predicate": record.predicate}.items()
               if v is not None}
    form = _validated(record.kind, {**current, **patch}, user)
    update_subject(db.session, record, form.role.data, form.record_data(), form.notes.data, user,
                   predicate=form.predicate.data)
    receipt, conflicts = checked("subject", record.id, record.agency_id)
    return jsonify({**subject_json(record), "receipt": receipt, "conflicts": conflicts})


@bp.post("/subjects/<int:subject_id>/sensitive")
def mark_subject_sensitive(subject_id: int):
    """Ask for the record to be sensitive (``reason``); a supervisor's request is approved at once."""
    user = acting_user()
    record = subject_for(db.session, user, subject_id, write=True)
    payload = json_body()
    unknown = set(payload) - {"reason"}
    if unknown:
        raise field_error(sorted(unknown)[0], _("Unknown field."))
    reason = payload.get("reason")
    if reason is not None and (not isinstance(reason, str) or CONTROL_CHARACTERS.search(reason)):
        raise field_error("reason", _("At most 1000 characters of text."))
    try:
        mark_sensitive(db.session, user, record, reason)
    except SensitivityError as err:
        raise field_error(err.field, err.message)
    return jsonify(subject_json(record))


@bp.post("/subjects/<int:subject_id>/sensitive/approve")
def approve_subject_sensitive(subject_id: int):
    """A supervisor of the record's agency approves the request."""
    user = acting_user()
    record = subject_for(db.session, user, subject_id, write=True)
    try:
        approve_sensitive(db.session, user, record)
    except SensitivityError as err:
        raise ApiError(409, "conflict", err.message, {err.field: err.message})
    return jsonify(subject_json(record))


def openapi_paths() -> dict:
    """The sensitivity paths, for the OpenAPI document."""
    from .schema import path_param, request_body, responses

    return {
        "/api/v1/subjects/{subject_id}/sensitive": {
            "parameters": [path_param("subject_id")],
            "post": {"summary": "Mark the record sensitive, with a reason (a supervisor approves)",
                     "requestBody": request_body({"type": "object", "additionalProperties": False,
                                                  "required": ["reason"], "properties": {
                                                      "reason": {"type": "string", "minLength": 1,
                                                                 "maxLength": 1000}}}),
                     "responses": responses("200")}},
        "/api/v1/subjects/{subject_id}/sensitive/approve": {
            "parameters": [path_param("subject_id")],
            "post": {"summary": "A supervisor approves marking the record sensitive",
                     "responses": responses("200", codes=(401, 403, 404, 409))}},
    }


@bp.post("/cases/<int:case_id>/associations")
def create_association(case_id: int):
    user = acting_user()
    case = case_for(db.session, user, case_id, write=True)
    payload = json_body()
    errors = {}
    for name in ("from_subject_id", "to_subject_id"):
        value = payload.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_ID:
            errors[name] = _("Give the id of a record of this case.")
    if not isinstance(payload.get("kind"), str) or payload.get("kind") not in ASSOCIATION_KINDS:
        errors["kind"] = _("Not a valid choice.")
    note = payload.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > 1000 or CONTROL_CHARACTERS.search(note)):
        errors["note"] = _("At most 1000 characters of text.")
    unknown = set(payload) - {"from_subject_id", "to_subject_id", "kind", "note"}
    errors.update({name: _("Unknown field.") for name in unknown})
    if errors:
        from ..errors import ApiError
        raise ApiError(400, "validation_error", _("Some fields are not valid."), errors)
    try:
        link = associate(db.session, user, case, payload["from_subject_id"], payload["to_subject_id"],
                         payload["kind"], note)
    except SubjectError as err:
        raise field_error(err.field, err.message)
    return jsonify(association_json(link)), 201
