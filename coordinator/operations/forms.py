"""The operation form, used by the pages and the API alike."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, FloatField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ..accounts.forms import TIMEZONES
from ..codes import OPERATION_KINDS, choices, options
from ..forms import REQUIRED, AwareDateTimeField, BaseForm, CodeField, IdListField, valid_zone

MAX_WINDOW = timedelta(days=31)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class OperationForm(BaseForm):
    """Plan an operation: what, where (a point and a radius), when, against whom."""

    case_id = IntegerField(_l("Case"), validators=[InputRequired(REQUIRED)])
    kind = CodeField(_l("Kind"), choices=choices(OPERATION_KINDS, blank=True), validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=200)], filters=[_strip])
    timezone = CodeField(_l("Local time zone of the place"), choices=options((z, z) for z in TIMEZONES),
                         validators=[Optional(), valid_zone])
    starts_at = AwareDateTimeField(_l("Starts"), validators=[InputRequired(REQUIRED)])
    ends_at = AwareDateTimeField(_l("Ends"), validators=[InputRequired(REQUIRED)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)], filters=[_strip])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)], filters=[_strip])
    latitude = FloatField(_l("Latitude"), validators=[InputRequired(REQUIRED), NumberRange(-90, 90)])
    longitude = FloatField(_l("Longitude"), validators=[InputRequired(REQUIRED), NumberRange(-180, 180)])
    radius_m = IntegerField(_l("Radius (metres)"), default=200,
                            validators=[InputRequired(REQUIRED), NumberRange(1, 500_000)])
    cross_border = BooleanField(_l("Cross-border (goes into or comes from the other country)"))
    target_subject_ids = IdListField(_l("Targets"))
    poc_name = StringField(_l("Point of contact"), validators=[Optional(), Length(max=200)], filters=[_strip])
    poc_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=32)], filters=[_strip])
    poc_email = EmailField(_l("Contact email"), validators=[Optional(), Email(), Length(max=254)], filters=[_strip])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        zone = self.timezone.data if not self.timezone.errors else None
        for field in (self.starts_at, self.ends_at):
            field.localise(zone)
            ok = ok and not field.errors
        start, end = self.starts_at.data, self.ends_at.data
        if start is not None and end is not None:
            if end <= start:
                self.ends_at.errors.append(_l("The operation must end after it starts."))
                ok = False
            elif end - start > MAX_WINDOW:
                self.ends_at.errors.append(_l("An operation window is at most 31 days; register longer ones in parts."))
                ok = False
        return ok

    def validate_poc_email(self, field) -> None:
        if field.data:
            field.data = field.data.lower()

    def validate_radius_m(self, field) -> None:
        if field.data is not None and field.data < 1:
            raise ValidationError(_l("The radius must be at least 1 metre."))
