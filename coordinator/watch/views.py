"""The watch board: a page that keeps itself current, and the officer's actions on an alert.

The board polls ``/watch/board`` (an HTML fragment with an ETag) instead of
holding a server-sent-events stream open: the app is served by waitress
with a few threads, and each open stream would hold one of them for as long
as the board is on the wall. A poll that finds nothing new is a 304.
"""
from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import require_watch
from ..extensions import db
from ..forms import MAX_ID
from ..jobs.alarm import network_look_lag as look_lag
from .forms import CallForm, CloseForm, TakeForm
from .services import (
    WatchActionError, board_alerts, board_state, close, log_call, region_of, take_ownership,
)

bp = Blueprint("watch", __name__, url_prefix="/watch")
ID = f"int(max={MAX_ID})"


@bp.before_request
@login_required
def watch_officers_only():
    require_watch(current_user)


def _version(alerts, looks) -> str:
    """What the board shows, as a tag: the same data in the same language gives the same tag.

    Taken from the data rather than the page, whose forms carry a fresh CSRF token each time. The alarm of
    network looks is part of it: the board stays on the wall, and the alarm must reach it through the poll.
    """
    text = repr((str(get_locale()), current_user.timezone, [board_state(alert) for alert in alerts], looks))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@bp.app_template_global()
def network_look_lag():
    """The alarm of network looks waiting or failed, for the page being drawn (the board and administrators')."""
    return look_lag(db.session, current_app.config["NETWORK_LOOK_ALARM_MINUTES"])


def _board():
    """The alerts on the board and the alarm of network looks, as shown now."""
    return board_alerts(db.session, current_user), network_look_lag()


def _render(alerts, looks) -> str:
    return render_template("watch/_board.html", alerts=alerts, looks=looks, call_form=CallForm(),
                           close_form=CloseForm(), take_form=TakeForm())


@bp.get("/")
def board():
    alerts, looks = _board()
    return render_template("watch/board.html", board=_render(alerts, looks), etag=_version(alerts, looks),
                           region=region_of(db.session, current_user),
                           poll_seconds=current_app.config["WATCH_POLL_SECONDS"])


@bp.get("/board")
def board_fragment():
    """The board's content alone; 304 when it has not changed since the board last asked."""
    alerts, looks = _board()
    version = _version(alerts, looks)
    if request.if_none_match.contains(version):
        response = make_response("", 304)
    else:
        response = make_response(_render(alerts, looks))
    response.set_etag(version)
    response.headers["Cache-Control"] = "no-cache, private"
    return response


def _back():
    return redirect(url_for("watch.board") + f"#alert-{request.view_args['alert_id']}")


def _first_error(form) -> str:
    return next(iter(form.field_errors().values()), _("Some fields are not valid."))


@bp.post(f"/alerts/<{ID}:alert_id>/take")
def take(alert_id: int):
    form = TakeForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return _back()
    try:
        take_ownership(db.session, current_user, alert_id)
    except WatchActionError as err:
        flash(err.message, "error")
        return _back()
    flash(_("You have alert %(id)s.", id=alert_id), "success")
    return _back()


@bp.post(f"/alerts/<{ID}:alert_id>/calls")
def call(alert_id: int):
    form = CallForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return _back()
    log_call(db.session, current_user, alert_id, form.note.data)
    flash(_("Call logged on alert %(id)s.", id=alert_id), "success")
    return _back()


@bp.post(f"/alerts/<{ID}:alert_id>/close")
def close_alert(alert_id: int):
    form = CloseForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return _back()
    try:
        close(db.session, current_user, alert_id, form.note.data)
    except WatchActionError as err:
        flash(err.message, "error")
        return _back()
    flash(_("Alert %(id)s closed on the watch board.", id=alert_id), "success")
    return _back()
