"""The search page behind the navigation's box, the inquiry page, and the supervisors' log of both."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from ..access import case_for, may_read_lookups, require_casework
from ..accounts.models import User
from ..cases.services import recent_cases
from ..codes import SUBJECT_KINDS
from ..extensions import db
from ..operations.forms import OperationForm
from ..pagination import page_args, paginate
from ..subjects.forms import SUBJECT_FORMS
from .inquiries import PLACE, InquiryLimitReached, daily_limit, inquire_place, inquire_subject, place_values, used_today
from .services import log_lookup, lookups_query, search

bp = Blueprint("search", __name__)


@bp.before_request
@login_required
def casework_only():
    require_casework(current_user)


@bp.get("/search")
def index():
    text = (request.args.get("q") or "").strip()[:200]
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    hits, more = ([], False)
    if text:
        hits, more = search(db.session, current_user, text, page, per_page)
        log_lookup(db.session, current_user, "search", text, len(hits))
    return render_template("search/results.html", q=text, hits=hits, page=page, per_page=per_page, more=more)


@bp.get("/search/log")
def log():
    if not may_read_lookups(current_user):
        raise Forbidden()
    kind = request.args.get("kind") if request.args.get("kind") in ("search", "inquiry") else None
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, lookups_query(current_user, kind), page, per_page)
    ids = {row.user_id for row in results.items}
    users = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
    return render_template("search/log.html", page=results, kind=kind, users=users)


def _inquiry_form(kind: str):
    if kind == PLACE:
        return OperationForm()
    return SUBJECT_FORMS[kind](default_region=current_user.agency.country)


@bp.route("/inquiries", methods=["GET", "POST"])
def inquiry():
    kind = request.values.get("kind") or "person"
    if kind != PLACE and kind not in SUBJECT_FORMS:
        kind = "person"
    form = _inquiry_form(kind)
    cases = recent_cases(db.session, current_user)
    chosen = request.values.get("case_id", type=int)
    reason = (request.form.get("reason") or "").strip()
    answer, problems, status = None, {}, 200
    if request.method == "POST":
        valid = form.validate_on_submit()
        if not reason:
            problems["reason"] = _("Say why you ask (the case's need to know).")
        elif len(reason) > 2000:
            problems["reason"] = _("At most %(n)d characters.", n=2000)
        case = next((c for c in cases if c.id == chosen), None)
        if case is None:
            problems["case_id"] = _("Choose a case of your agency.")
        if valid and not problems:
            case = case_for(db.session, current_user, case.id, write=True)
            try:
                if kind == PLACE:
                    answer = inquire_place(db.session, current_user, case, place_values(form), reason, daily_limit())
                else:
                    answer = inquire_subject(db.session, current_user, case, kind, form.record_data(), reason,
                                             daily_limit())
            except InquiryLimitReached as err:
                problems["limit"] = _("You have made the %(n)d inquiries allowed in 24 hours. Register the record "
                                      "in your case, or ask your supervisor.", n=err.limit)
                status = 429
        elif status == 200:
            status = 422
    left = max(daily_limit() - used_today(db.session, current_user), 0)
    return render_template("search/inquiry.html", form=form, kind=kind, kinds=SUBJECT_KINDS, place=PLACE,
                           cases=cases, chosen=chosen, reason=reason, answer=answer, problems=problems,
                           left=left, translate=_), status
