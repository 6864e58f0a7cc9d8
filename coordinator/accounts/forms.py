"""Log-in, personal settings and the administrators' user form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from .agencies import agency_choices
from ..codes import AGENCY_KINDS, COUNTRIES, LOCALES, ROLES, choices, options
from ..forms import REQUIRED, BaseForm, CodeField, valid_zone

TIMEZONES = (
    "America/Phoenix", "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
    "America/Hermosillo", "America/Tijuana", "America/Chihuahua", "America/Ciudad_Juarez",
    "America/Mazatlan", "America/Monterrey", "America/Matamoros", "America/Mexico_City", "UTC",
)


class LoginForm(BaseForm):
    email = StringField(_l("Email"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=1000)])
    otp = StringField(_l("One-time code"), validators=[Optional(), Length(max=32)])


class SettingsForm(BaseForm):
    locale = CodeField(_l("Language"), choices=choices(LOCALES), validators=[DataRequired(REQUIRED)])
    timezone = CodeField(_l("Time zone"), choices=options((z, z) for z in TIMEZONES),
                         validators=[DataRequired(REQUIRED), valid_zone])
    phone = StringField(_l("Phone (shown to other agencies as your contact)"),
                        validators=[Optional(), Length(max=32)])


class UserForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    agency = CodeField(_l("Agency"), choices=agency_choices(blank=True),
                       validators=[DataRequired(REQUIRED)])
    role = CodeField(_l("Role"), choices=choices(ROLES, blank=True), validators=[DataRequired(REQUIRED)])
    locale = CodeField(_l("Language"), choices=choices(LOCALES), default="en")
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=32)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(REQUIRED), Length(min=12, max=200)])


class AgencyEditForm(BaseForm):
    """What an administrator may change of an agency; its code and country stay (records carry them)."""

    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = CodeField(_l("Kind"), choices=choices(AGENCY_KINDS, blank=True), validators=[DataRequired(REQUIRED)])
    parent = CodeField(_l("Part of"), choices=agency_choices(blank=True, active_only=False), validators=[Optional()])
    default_locale = CodeField(_l("Default language"), choices=choices(LOCALES, blank=True), validators=[Optional()])
    default_region = StringField(_l("Default region (plates)"), validators=[Optional(), Length(max=40)],
                                 description=_l("The state (AZ, SON) or, where plates are national, the country "
                                                "(GT) whose plates the agency's users write without naming it."))
    active = BooleanField(_l("Active (its users may sign in; it is offered for new records)"))


class AgencyForm(AgencyEditForm):
    code = StringField(_l("Code"), validators=[DataRequired(REQUIRED), Length(max=16)])
    country = CodeField(_l("Country"), choices=options(((c, c) for c in COUNTRIES), blank=True),
                        validators=[DataRequired(REQUIRED)])


class OfficeForm(BaseForm):
    name = StringField(_l("Office"), validators=[DataRequired(REQUIRED), Length(max=200)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    state = StringField(_l("State or department"), validators=[Optional(), Length(max=40)])
