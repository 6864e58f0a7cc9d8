"""Log-in and log-out, the user's settings, and the administrators' pages."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..access import require_admin
from ..audit.recorder import record
from ..audit.requests import set_actor
from ..extensions import db
from .forms import LoginForm, SettingsForm, UserForm
from .models import Agency, User
from .services import AccountError, authenticate, create_user

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
                               second_factor_required=current_app.config["REQUIRE_SECOND_FACTOR"])
        if outcome.user is not None:
            session.clear()
            login_user(outcome.user)
            session.permanent = True
            set_actor(outcome.user)
            if outcome.must_enrol:
                flash(_("Set up your second factor to continue: every account needs one."), "info")
                return redirect(url_for("security.two_factor"))
            if outcome.user.must_change_password:
                flash(_("Choose a new password to continue."), "info")
                return redirect(url_for("security.password"))
            return redirect(_safe_next(request.args.get("next")) or url_for("main.home"))
        if outcome.reason == "locked":
            flash(_("This account is locked after too many failed attempts. Try again later."), "error")
        elif outcome.reason == "second_factor":
            flash(_("Wrong or missing one-time code."), "error")
        else:
            flash(_("Wrong email or password."), "error")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    record(db.session, "logout", object_type="user", object_id=current_user.id)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.get("/language/<code>")
def language(code: str):
    if code not in ("en", "es"):
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        current_user.locale = code
    return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        current_user.locale = form.locale.data
        current_user.timezone = form.timezone.data
        current_user.phone = form.phone.data or None
        db.session.flush()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form), 422 if form.errors else 200


def _admin_only() -> None:
    require_admin(current_user)


@bp.route("/admin/users", methods=["GET", "POST"])
@login_required
def users():
    _admin_only()
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                db.session, email=form.email.data, name=form.name.data, agency_code=form.agency.data,
                role=form.role.data, password=form.password.data, locale=form.locale.data,
                phone=form.phone.data or None, temporary=True,
            )
        except AccountError as err:
            flash(str(err), "error")
        else:
            flash(_("User %(email)s created; the initial password must be replaced at the first sign-in.",
                    email=user.email), "success")
            return redirect(url_for("accounts.users"))
    people = db.session.scalars(select(User).order_by(User.agency_id, User.name)).all()
    return render_template("accounts/users.html", form=form, users=people), 422 if form.errors else 200


@bp.get("/admin/agencies")
@login_required
def agencies():
    _admin_only()
    rows = db.session.scalars(select(Agency).order_by(Agency.country.desc(), Agency.code)).all()
    return render_template("accounts/agencies.html", agencies=rows)


from . import admin  # noqa: E402,F401  (the administrators' account pages)
