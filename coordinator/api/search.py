"""Search and deconfliction inquiries in the API."""
from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from ..access import case_for, require_casework
from ..errors import ApiError
from ..extensions import db
from ..forms import MAX_ID
from ..operations.forms import OperationForm
from ..search.inquiries import (
    PLACE, PLACE_FIELDS, InquiryAnswer, InquiryLimitReached, daily_limit, inquire_place, inquire_subject, place_values,
)
from ..search.services import Hit, log_lookup, search
from ..subjects.forms import SUBJECT_FORMS
from . import acting_user, bp, field_error, json_body, list_page_args, validated
from .schema import PAGING, responses

MAX_QUERY = 200


def hit_json(hit: Hit) -> dict:
    """A search result as the contract shows it."""
    return {"type": hit.type, "id": hit.id, "label": hit.label, "case_id": hit.case_id, "kind": hit.kind}


@bp.get("/search")
def search_records():
    user = acting_user()
    require_casework(user)
    raw = request.args.get("q") or ""
    text = raw.strip()
    if not text:
        raise field_error("q", _("Type what to look for."))
    if len(raw) > MAX_QUERY:
        raise field_error("q", _("At most %(n)d characters.", n=MAX_QUERY))
    page, per_page = list_page_args()
    hits, more = search(db.session, user, text, page, per_page)
    log_lookup(db.session, user, "search", text, len(hits))
    following = None
    if more:
        following = url_for("api.search_records", q=text, page=page + 1, per_page=per_page)
    return jsonify({"items": [hit_json(h) for h in hits], "next": following})


def inquiry_json(answer: InquiryAnswer) -> dict:
    """What an inquiry found, as an alert would have told it: never the other case's contents."""
    return {"kind": answer.kind, "case_id": answer.case_id, "stored": False, "remaining_today": answer.remaining,
            "hits": [{"agency": h.agency, "record_kind": h.record_kind, "conflict_kind": h.conflict_kind,
                      "level": h.level, "severity": h.severity, "reasons": [r.render(_) for r in h.reasons],
                      "poc": h.poc} for h in answer.hits]}


def _case_id(payload: dict) -> int:
    case_id = payload.get("case_id")
    if isinstance(case_id, bool) or not isinstance(case_id, int) or not 0 < case_id <= MAX_ID:
        raise field_error("case_id", _("Choose a case of your agency."))
    return case_id


def run_inquiry(user, payload: dict) -> InquiryAnswer:
    """Validate an inquiry body (a subject kind's fields, or a place and time) and ask it."""
    kind = payload.get("kind")
    if kind != PLACE and (not isinstance(kind, str) or kind not in SUBJECT_FORMS):
        raise field_error("kind", _("Not a valid choice."))
    reason = payload.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise field_error("reason", _("Say why you ask (the case's need to know)."))
    if len(reason) > 2000:
        raise field_error("reason", _("At most %(n)d characters.", n=2000))
    case = case_for(db.session, user, _case_id(payload), write=True)
    fields = {k: v for k, v in payload.items() if k not in ("kind", "reason", "case_id")}
    try:
        if kind == PLACE:
            form = validated(OperationForm, {**{k: v for k, v in fields.items() if k in PLACE_FIELDS},
                                             "case_id": case.id, "kind": "other", "title": "inquiry"})
            return inquire_place(db.session, user, case, place_values(form), reason.strip(), daily_limit())
        form = validated(SUBJECT_FORMS[kind], {**fields, "role": "other"}, default_region=user.agency.country)
        return inquire_subject(db.session, user, case, kind, form.record_data(), reason.strip(), daily_limit())
    except InquiryLimitReached as err:
        raise ApiError(429, "inquiry_limit", _("You have made the %(n)d inquiries allowed in 24 hours. Register "
                                               "the record in your case, or ask your supervisor.", n=err.limit))


@bp.post("/inquiries")
def create_inquiry():
    user = acting_user()
    require_casework(user)
    return jsonify(inquiry_json(run_inquiry(user, json_body())))


def openapi_paths(list_schema: dict) -> dict:
    """The search and the inquiries, for the OpenAPI document."""
    inquiry = {
        "type": "object", "required": ["case_id", "kind", "reason"],
        "description": "The fields of a subject record of `kind` (as when registering one), or, for `place`, "
                       "latitude, longitude, radius_m, starts_at, ends_at and optionally venue, address, timezone.",
        "properties": {
            "case_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "kind": {"type": "string", "enum": [*SUBJECT_FORMS, PLACE]},
            "reason": {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": "\\S"},
        },
    }
    too_many = {"429": {"description": "The day's inquiries are used (INQUIRY_DAILY_LIMIT)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
    return {
        "/api/v1/search": {"get": {
            "summary": "Cases, subject records and operations of the caller's agency (and shared cases) a text finds",
            "parameters": [{"name": "q", "in": "query", "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY, "pattern": "\\S"}},
                           *PAGING],
            "responses": responses("200", list_schema, codes=(400, 401, 403))}},
        "/api/v1/inquiries": {"post": {
            "summary": "Check before you act: what a registration would raise, nothing stored; the owner is told",
            "requestBody": {"required": True, "content": {"application/json": {"schema": inquiry}}},
            "responses": {**responses("200", codes=(400, 401, 403, 404)), **too_many}}},
    }
