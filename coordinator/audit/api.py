"""The audit trail in the API: ``GET /api/v1/audit/events`` for administrators and monitors."""
from __future__ import annotations

from flask import jsonify, request

from ..access import require_audit_reader
from ..api import acting_user, bp, list_page_args, listing, valid
from ..extensions import db
from ..pagination import paginate
from .search import AuditFilter, AuditSearchForm, audit_query, event_json

FILTERS = ("since", "until", "user", "agency", "action", "object_type", "object_id", "outcome")


@bp.get("/audit/events")
def audit_events():
    """Entries matching the filters, newest first (the read is itself audited)."""
    require_audit_reader(acting_user())
    form = valid(AuditSearchForm(formdata=request.args))
    filters = AuditFilter.from_form(form)
    page, per_page = list_page_args()
    return jsonify(listing(paginate(db.session, audit_query(filters), page, per_page), event_json,
                           "api.audit_events", **filters.as_args()))
