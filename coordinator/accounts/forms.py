"""Log-in, personal settings and the administrators' user form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from .agencies import agency_choices
from ..codes import AGENCY_KINDS, COUNTRIES, LOCALES, ROLES, choices, options
from ..formats import ByLabel, lazy, timezone_name
from ..forms import REQUIRED, BaseForm, CodeField, valid_zone

TIMEZONES = (
    "America/Phoenix", "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
    "America/Hermosillo", "America/Tijuana", "America/Chihuahua", "America/Ciudad_Juarez",
    "America/Mazatlan", "America/Monterrey", "America/Matamoros", "America/Mexico_City", "UTC",
)


def _office_id(value):
    return int(value) if value not in (None, "", "None") else None


def office_choices(session) -> list[tuple]:
    """Every office, named with its agency, for the new-user form (blank: none)."""
    from sqlalchemy import select

    from .models import Agency, Office

    rows = session.execute(select(Office.id, Office.name, Agency.code).join(Agency)
                           .order_by(Agency.code, Office.name)).all()
    return [("", "—")] + [(office_id, f"{code} · {name}") for office_id, name, code in rows]


class LoginForm(BaseForm):
    email = StringField(_l("Email"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=1000)])
    otp = StringField(_l("One-time code"), validators=[Optional(), Length(max=32)])


class SettingsForm(BaseForm):
    locale = CodeField(_l("Language"), choices=choices(LOCALES), validators=[DataRequired(REQUIRED)])
    timezone = CodeField(_l("Time zone"), choices=options((z, lazy(timezone_name, z)) for z in TIMEZONES),
                         validators=[DataRequired(REQUIRED), valid_zone], widget=ByLabel())
    phone = StringField(_l("Phone (shown to other agencies as your contact)"),
                        validators=[Optional(), Length(max=32)])


class UserForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    agency = CodeField(_l("Agency"), choices=agency_choices(blank=True),
                       validators=[DataRequired(REQUIRED)])
    role = CodeField(_l("Role"), choices=choices(ROLES, blank=True), validators=[DataRequired(REQUIRED)])
    locale = CodeField(_l("Language"), choices=choices(LOCALES), default="en")
    office = SelectField(_l("Office"), coerce=_office_id, validators=[Optional()])  # choices set per request
    timezone = CodeField(_l("Time zone"), choices=[SelectChoice("", _l("The office's (else the agency's)"))]
                         + options((z, lazy(timezone_name, z)) for z in TIMEZONES),
                         validators=[Optional(), valid_zone], widget=ByLabel())
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
