"""An administrator's acts on one account: role and agency, deactivation, unlock, recovery.

Each act is a permission change or an administrative act, and each is in
the audit trail (the role, agency and active flag with their old and new
values). Administrators manage accounts; they never bypass the trail.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import managed_user_for
from ..extensions import db
from ..security.forms import AdminPasswordForm, AdminUserForm, ConfirmForm
from ..security.twofactor import is_enrolled, reset_second_factor
from ..security.store import open_sessions
from .services import (
    AccountError, agency_by_code, end_sessions, reset_password, revoke_all_tokens, set_phone, tokens_of, unlock,
)
from .views import bp

def _page(user, form=None, password_form=None, status: int = 200):
    form = form or AdminUserForm(obj=user, agency=user.agency.code)
    return render_template("security/admin_user.html", managed=user, form=form,
                           password_form=password_form or AdminPasswordForm(), confirm=ConfirmForm(),
                           enrolled=is_enrolled(user), tokens=tokens_of(db.session, user),
                           sessions=open_sessions(db.session, user.id)), status


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def manage_user(user_id: int):
    """See an account and change its name, agency, role, phone and whether it may sign in."""
    user = managed_user_for(db.session, current_user, user_id)
    if request.method == "GET":
        return _page(user)
    form = AdminUserForm()
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            form.role.errors.append(_("You cannot take away your own administration or deactivate yourself."))
            return _page(user, form=form, status=422)
        user.name, user.role = form.name.data.strip(), form.role.data
        user.agency = agency_by_code(db.session, form.agency.data)
        set_phone(user, form.phone.data)
        user.active = bool(form.active.data)
        if not user.active:
            revoke_all_tokens(db.session, user, current_user)
            end_sessions(db.session, user, "deactivated")
        db.session.flush()
        flash(_("The account of %(email)s is saved.", email=user.email), "success")
        return redirect(url_for("accounts.manage_user", user_id=user.id))
    return _page(user, form=form, status=422)


@bp.post("/admin/users/<int:user_id>/password")
@login_required
def reset_user_password(user_id: int):
    """Account recovery: a temporary password the user must replace at the next sign-in."""
    user = managed_user_for(db.session, current_user, user_id)
    form = AdminPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(db.session, user, form.password.data, by=current_user)
        except AccountError as err:
            form.password.errors.append(str(err))
        else:
            flash(_("A temporary password is set; %(email)s must replace it at the next sign-in.",
                    email=user.email), "success")
            return redirect(url_for("accounts.manage_user", user_id=user.id))
    return _page(user, password_form=form, status=422)


@bp.post("/admin/users/<int:user_id>/<any(unlock, 'reset-two-factor', 'revoke-tokens', 'end-sessions'):action>")
@login_required
def account_action(user_id: int, action: str):
    """Unlock the account, remove its second factor (the user sets up a new one), end all its tokens or sessions."""
    user = managed_user_for(db.session, current_user, user_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("accounts.manage_user", user_id=user.id))
    if action == "unlock":
        unlock(db.session, user)
        flash(_("The account is unlocked."), "success")
    elif action == "reset-two-factor":
        reset_second_factor(db.session, user)
        flash(_("The second factor is removed; the user must set up a new one."), "success")
    elif action == "end-sessions":
        count = end_sessions(db.session, user, "administrator")
        if user.id == current_user.id:  # the administrator's own session ends with the others
            return redirect(url_for("accounts.login"))
        flash(_("%(n)d session(s) ended.", n=count), "success")
    else:
        count = revoke_all_tokens(db.session, user, current_user)
        flash(_("%(n)d token(s) revoked.", n=count), "success")
    return redirect(url_for("accounts.manage_user", user_id=user.id))
