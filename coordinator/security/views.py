"""The user's own security pages: second factor, password, API tokens."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from ..access import token_for
from ..accounts.services import (
    AccountError, change_password, count_failure, create_token, end_sessions, is_held, revoke_token, tokens_of,
)
from ..audit.recorder import record
from ..extensions import db
from ..types import utcnow
from .ratelimit import hit
from .sessions import limit, too_many
from .forms import CodeForm, ConfirmForm, PasswordForm, TokenForm
from .twofactor import (
    TwoFactorError, begin_enrolment, check_second_factor, confirm_enrolment, is_enrolled, new_recovery_codes,
    provisioning_uri, qr_svg, remaining_recovery_codes, reset_second_factor,
)

bp = Blueprint("security", __name__, url_prefix="/account")


@bp.before_request
@login_required
def signed_in_only():
    return None


def _status(form) -> int:
    return 422 if form.errors else 200


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor():
    """Set up the second factor (QR code, then a code to confirm), or manage it once set up."""
    if is_enrolled(current_user):
        return render_template("security/two_factor.html", enrolled=True, form=CodeForm(),
                               remaining=remaining_recovery_codes(db.session, current_user),
                               required=current_app.config["REQUIRE_SECOND_FACTOR"])
    secret = begin_enrolment(db.session, current_user)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = confirm_enrolment(db.session, current_user, form.code.data)
        except TwoFactorError as err:
            form.code.errors.append(str(err))
        else:
            flash(_("Your second factor is set up."), "success")
            return render_template("security/recovery_codes.html", codes=codes)
    uri = provisioning_uri(current_user, secret)
    # The SVG is made by the qrcode library from the otpauth address: path data only, no user text.
    return render_template("security/two_factor.html", enrolled=False, form=form, secret=secret,
                           qr=Markup(qr_svg(uri)),
                           required=current_app.config["REQUIRE_SECOND_FACTOR"]), _status(form)


def _refused_guess():
    """A 429 when this address has used its sign-in budget or the account is held; else None.

    A code asked for by these pages is a second-factor guess like one at
    sign-in: it counts against the address's sign-in limit, and a wrong one
    against the account (``count_failure``), so a stolen session cannot try
    codes without end.
    """
    verdict = hit(db.engine, f"login:ip:{request.remote_addr}", limit("login"))
    if not verdict.allowed:
        return too_many(verdict.retry_after)
    if is_held(current_user):
        seconds = int((current_user.locked_until - utcnow()).total_seconds()) + 1
        return too_many(max(seconds, 1))
    return None


def _proven(form: CodeForm) -> bool:
    if not form.validate_on_submit():
        return False
    if not check_second_factor(db.session, current_user, form.code.data):
        count_failure(db.session, current_user)
        record(db.session, "2fa.check", object_type="user", object_id=current_user.id, outcome="failure",
               durable=True)
        form.code.errors.append(_("That code is not right."))
        return False
    return True


def _enrolled_page(form: CodeForm):
    return render_template("security/two_factor.html", enrolled=True, form=form,
                           remaining=remaining_recovery_codes(db.session, current_user),
                           required=current_app.config["REQUIRE_SECOND_FACTOR"]), 422


def _with_a_current_code(then):
    """``then()`` once the enrolled user proves a current code, within the guess budget; else the page again."""
    form = CodeForm()
    if not is_enrolled(current_user):
        return redirect(url_for("security.two_factor"))
    refused = _refused_guess()
    if refused is not None:
        return refused
    if _proven(form):
        return then()
    return _enrolled_page(form)


@bp.post("/two-factor/recovery-codes")
def recovery_codes():
    """New recovery codes (the old ones stop working), shown once; needs a current code."""
    return _with_a_current_code(lambda: render_template("security/recovery_codes.html",
                                                        codes=new_recovery_codes(db.session, current_user)))


@bp.post("/two-factor/replace")
def replace_factor():
    """Remove the current factor (a new phone), then set up a new one; needs a current code."""
    def replace():
        reset_second_factor(db.session, current_user)
        flash(_("Your second factor was removed. Set up the new one now."), "info")
        return redirect(url_for("security.two_factor"))

    return _with_a_current_code(replace)


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Change the password (the current one first); required after an administrator set it."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            change_password(db.session, current_user, form.current.data, form.new.data)
        except AccountError as err:
            form.new.errors.append(str(err))
        else:
            # This session goes on, under a new id (its row went with the others'); the others ended.
            session["_generation"] = current_user.session_generation
            current_app.session_interface.regenerate(session)
            flash(_("Your password is changed."), "success")
            return redirect(url_for("accounts.settings"))
    return render_template("security/password.html", form=form), _status(form)


@bp.post("/sessions/end-others")
def end_other_sessions():
    """Sign out every other browser of the account (a forgotten or lost one); this one goes on."""
    if ConfirmForm().validate_on_submit():
        count = end_sessions(db.session, current_user, "user") - 1
        session["_generation"] = current_user.session_generation
        current_app.session_interface.regenerate(session)  # this one goes on under a new id; its row went too
        flash(_("%(n)d session(s) ended.", n=max(count, 0)), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    """The user's API tokens: issue one (shown once), see when each expires, revoke."""
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        try:
            new_token = create_token(db.session, current_user, form.days.data, form.label.data,
                                     max_days=current_app.config["API_TOKEN_MAX_DAYS"])
        except AccountError as err:
            form.days.errors.append(str(err))
        else:
            form = TokenForm(formdata=None)
    return render_template("security/tokens.html", form=form, new_token=new_token, revoke_form=ConfirmForm(),
                           tokens=tokens_of(db.session, current_user)), _status(form)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    """End one of the user's tokens now."""
    token = token_for(db.session, current_user, token_id)
    if ConfirmForm().validate_on_submit():
        revoke_token(db.session, token, current_user)
        flash(_("The token is revoked."), "success")
    return redirect(url_for("security.tokens"))
