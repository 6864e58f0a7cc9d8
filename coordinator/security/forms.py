"""Forms of the account-security pages: second factor, password, tokens, administrators' acts."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from ..accounts.agencies import agency_choices
from ..codes import ROLES, choices, options
from ..forms import REQUIRED, BaseForm, CodeField


class CodeForm(BaseForm):
    """A six-digit code from the authenticator app (or a recovery code, where allowed)."""

    code = StringField(_l("Code from your authenticator app"), validators=[DataRequired(REQUIRED), Length(max=32)])


class ConfirmForm(BaseForm):
    """A button that only needs the CSRF token."""


class PasswordForm(BaseForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED), Length(max=1000)])
    new = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), Length(max=1000)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(REQUIRED), EqualTo("new", message=_l("The two new passwords differ."))])


class TokenForm(BaseForm):
    label = StringField(_l("What the token is for"), validators=[DataRequired(REQUIRED), Length(max=120)])
    days = IntegerField(_l("Days until it expires"), validators=[DataRequired(REQUIRED), NumberRange(1, 365)],
                        default=90)


class AdminUserForm(BaseForm):
    """What an administrator changes on an account: its name, agency, role, contact and whether it may sign in."""

    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    agency = CodeField(_l("Agency"), choices=agency_choices(blank=True),
                       validators=[DataRequired(REQUIRED)])
    role = CodeField(_l("Role"), choices=choices(ROLES, blank=True), validators=[DataRequired(REQUIRED)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=32)])
    active = BooleanField(_l("May sign in"))


class AdminPasswordForm(BaseForm):
    password = PasswordField(_l("Temporary password (the user must replace it at the next sign-in)"),
                             validators=[DataRequired(REQUIRED), Length(max=1000)])
