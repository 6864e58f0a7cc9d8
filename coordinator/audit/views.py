"""The audit trail's pages: search and CSV export, for administrators and monitors.

Reading the trail is itself audited: the request hook records each search
and export with its filters (``audit.search``, ``audit.export``).
"""
from __future__ import annotations

import itertools
from typing import Iterator

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import require_audit_reader
from ..errors import roll_back_quietly
from ..extensions import db
from ..pagination import page_args, paginate
from ..types import utcnow
from .models import AuditChainHead
from .recorder import record
from .sealer import seal_lag, verify_log
from .search import AuditFilter, AuditSearchForm, audit_query, csv_lines, export_rows

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.app_template_global()
def audit_seal_lag():
    """The unsealed-entries alarm for the page being drawn (administrators' pages ask for it)."""
    return seal_lag(db.session, current_app)


@bp.before_request
@login_required
def readers_only():
    require_audit_reader(current_user)


def _filters() -> tuple[AuditSearchForm, AuditFilter | None]:
    form = AuditSearchForm(formdata=request.args)
    if request.args and not form.validate():
        return form, None
    return form, AuditFilter.from_form(form)


@bp.get("/")
def search():
    """Entries matching the filters, newest first, a page at a time."""
    form, filters = _filters()
    if filters is None:
        return render_template("audit/search.html", form=form, page=None, filters=None, head=None), 422
    page, per_page = page_args(request.args, 50, 200)
    results = paginate(db.session, audit_query(filters), page, per_page)
    head = db.session.get(AuditChainHead, 1)
    return render_template("audit/search.html", form=form, page=results, filters=filters, head=head)


@bp.get("/export.csv")
def export():
    """The matching entries as CSV (up to 100,000, newest first), streamed."""
    form, filters = _filters()
    if filters is None:
        return render_template("audit/search.html", form=form, page=None, filters=None, head=None), 422
    name = f"coordinator-audit-{utcnow():%Y%m%d-%H%M%S}.csv"
    events = export_rows(db.session, filters)
    first = next(events, None)  # the query runs now: a failure here is answered as any other
    rows = itertools.chain([first], events) if first is not None else iter(())
    return Response(stream_with_context(_lines(rows, filters)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _lines(rows: Iterator, filters: AuditFilter) -> Iterator[str]:
    """The CSV, ended by a line saying so (and an entry on the record) if it breaks off midway."""
    written = -1  # the header is not an entry
    try:
        for line in csv_lines(rows):
            yield line
            written += 1
    except Exception:  # the status line is sent: say it in the file, and on the record
        current_app.logger.exception("the audit export broke off after %d entries", written)
        roll_back_quietly()
        yield "# " + _("The export stopped after %(n)d entries because of an error on the server; "
                       "it is incomplete.", n=max(written, 0)) + "\r\n"
        try:
            record(db.session, "audit.export", outcome="error", durable=True,
                   details={"query": filters.as_args(), "rows": max(written, 0)})
            db.session.commit()
        except Exception:
            current_app.logger.exception("could not record the broken export")
            roll_back_quietly()


@bp.get("/verify")
def verify_chain():
    """Verify the log now (administrators and monitors), as ``flask audit verify`` does."""
    verdict = verify_log(db.session, current_app._get_current_object())
    record(db.session, "audit.verify", outcome="success" if verdict.ok else "failure",
           details={"checked": verdict.checked, "broken_seq": verdict.broken_seq})
    return render_template("audit/verify.html", verdict=verdict)
