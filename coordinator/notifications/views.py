"""Notification pages: the user's own list, and the outbox as development shows it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import may_read_outbox
from ..extensions import db
from ..forms import MAX_ID
from ..pagination import page_args, paginate
from .messages import render
from .services import mark_read, notification_for, notifications_query, outbox_counts, outbox_query

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.before_request
@login_required
def signed_in():
    return None


@bp.get("/")
def index():
    unread_only = request.args.get("unread") == "1"
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, notifications_query(current_user, unread_only), page, per_page)
    zone = current_user.timezone or "UTC"
    items = [(note, *render(note.kind, note.params, zone)) for note in results.items]
    return render_template("notifications/index.html", page=results, items=items, unread_only=unread_only)


@bp.post(f"/<int(max={MAX_ID}):notification_id>/open")
def open_one(notification_id: int):
    note = notification_for(db.session, current_user, notification_id)
    if note is None:
        abort(404)
    mark_read(db.session, current_user, note.id)
    return redirect(note.link or url_for("notifications.index"))


@bp.post("/read")
def read_all():
    changed = mark_read(db.session, current_user)
    flash(_("%(n)s notification(s) marked as read.", n=changed), "success")
    return redirect(url_for("notifications.index"))


@bp.get("/outbox")
def outbox():
    if not current_app.config.get("OUTBOX_PAGE") or not may_read_outbox(current_user):
        abort(404)
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 100)
    results = paginate(db.session, outbox_query(request.args.get("pending") == "1"), page, per_page)
    return render_template("notifications/outbox.html", page=results, counts=outbox_counts(db.session),
                           smtp_host=current_app.config.get("SMTP_HOST"))
