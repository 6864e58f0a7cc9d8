"""Log-in and log-out, the user's settings, and the administrators' pages."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..access import require_admin
from ..audit.recorder import record
from ..audit.requests import set_actor
from ..extensions import db
from ..security.sessions import start_session
from ..security.store import open_sessions
from ..codes import ROLES
from ..pagination import page_args, paginate
from ..security.twofactor import is_enrolled
from ..types import utcnow
from .forms import LoginForm, SettingsForm, UserForm, office_choices
from .listing import UserFilters, agency_codes, users_query
from .services import AccountError, authenticate, create_user, set_phone

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths are followed after log-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email, password and, once set up, the one-time code (or a recovery code)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        outcome = authenticate(db.session, form.email.data, form.password.data, otp=form.otp.data,
                               second_factor_required=current_app.config["REQUIRE_SECOND_FACTOR"],
                               address=request.remote_addr)
        if outcome.user is not None:
            start_session(outcome.user)
            set_actor(outcome.user)
            if outcome.must_enrol:
                flash(_("Set up your second factor to continue: every account needs one."), "info")
                return redirect(url_for("security.two_factor"))
            if outcome.user.must_change_password:
                flash(_("Choose a new password to continue."), "info")
                return redirect(url_for("security.password"))
            return redirect(_safe_next(request.args.get("next")) or url_for("main.home"))
        if outcome.reason == "second_factor":  # only after the right password
            flash(_("Wrong or missing one-time code."), "error")
        else:  # unknown, held and inactive accounts alike: the answer tells nobody which emails are accounts
            flash(_("Wrong email or password."), "error")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    record(db.session, "logout", object_type="user", object_id=current_user.id)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    current_app.session_interface.regenerate(session)  # the old id's row is gone: its cookie opens nothing
    return redirect(url_for("accounts.login"))


@bp.post("/language/<code>")
def language(code: str):
    """Switch the language (a form with its CSRF token: it changes a signed-in user's setting)."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        current_user.locale = code
    return redirect(_safe_next(request.form.get("next")) or url_for("main.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        current_user.locale = form.locale.data
        current_user.timezone = form.timezone.data
        set_phone(current_user, form.phone.data)
        db.session.flush()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form, sessions=open_sessions(db.session, current_user.id)), \
        422 if form.errors else 200


def _admin_only() -> None:
    require_admin(current_user)


@bp.route("/admin/users", methods=["GET", "POST"])
@login_required
def users():
    _admin_only()
    form = UserForm()
    form.office.choices = office_choices(db.session)
    if form.validate_on_submit():
        try:
            user = create_user(
                db.session, email=form.email.data, name=form.name.data, agency_code=form.agency.data,
                role=form.role.data, password=form.password.data, locale=form.locale.data,
                phone=form.phone.data or None, temporary=True, office_id=form.office.data,
                timezone=form.timezone.data or None,
            )
        except AccountError as err:
            flash(str(err), "error")
        else:
            flash(_("User %(email)s created; the initial password must be replaced at the first sign-in.",
                    email=user.email), "success")
            return redirect(url_for("accounts.users"))
    filters = UserFilters.from_args(request.args, ROLES)
    page, per_page = page_args(request.args, current_app.config["PER_PAGE"], 200)
    people = paginate(db.session, users_query(filters), page, per_page)
    return render_template("accounts/users.html", form=form, page=people, filters=filters, roles=ROLES,
                           agencies=agency_codes(db.session), now=utcnow(), enrolled=is_enrolled), \
        422 if form.errors else 200


from . import admin  # noqa: E402,F401  (the administrators' account pages)
from . import agency_views  # noqa: E402,F401  (the administrators' agency pages)
