"""The operation form, used by the pages and the API alike."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, FloatField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..accounts.forms import TIMEZONES
from ..formats import ByLabel, lazy, timezone_name
from ..codes import OPERATION_KINDS, SelectChoice, choices, options
from ..deconfliction.geography import zone_at
from ..forms import REQUIRED, AwareDateTimeField, BaseForm, CodeField, IdListField, valid_zone
from ..forms import MAX_ID, refuse_control_characters

MAX_WINDOW = timedelta(days=31)
# The contact's address is often the user's own account address, which may be
# on an internal or reserved domain (.local, .test) that email_validator's
# public-internet rules refuse: check the shape only, as accounts do.
EMAIL_SHAPE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class OperationForm(BaseForm):
    """Plan an operation: what, where (a point and a radius), when, against whom."""

    case_id = IntegerField(_l("Case"), validators=[InputRequired(REQUIRED),
                                                   NumberRange(1, MAX_ID, message=_l("Choose a case of your agency."))])
    kind = CodeField(_l("Kind"), choices=choices(OPERATION_KINDS, blank=True), validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=200)], filters=[_strip])
    # Empty: the zone in force at the point (tzfpy). A zone given must keep the point's clock.
    timezone = CodeField(_l("Local time zone of the place"),
                         choices=[SelectChoice("", _l("The zone of the point"))]
                         + options((z, lazy(timezone_name, z)) for z in TIMEZONES),
                         validators=[Optional(), valid_zone], widget=ByLabel())
    starts_at = AwareDateTimeField(_l("Starts"), validators=[InputRequired(REQUIRED)])
    ends_at = AwareDateTimeField(_l("Ends"), validators=[InputRequired(REQUIRED)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)], filters=[_strip])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)], filters=[_strip])
    latitude = FloatField(_l("Latitude"), validators=[InputRequired(REQUIRED), NumberRange(-90, 90)])
    longitude = FloatField(_l("Longitude"), validators=[InputRequired(REQUIRED), NumberRange(-180, 180)])
    radius_m = IntegerField(_l("Radius (metres)"), default=200,
                            validators=[InputRequired(REQUIRED), NumberRange(1, 500_000)])
    confirm_location = BooleanField(_l("The point is right, though it lies outside our country"))
    # The pages ask before a change of plan voids clearances other agencies gave (the API does not ask).
    confirm_void_clearances = BooleanField(_l("Save, and ask the clearing agencies again"))
    cross_border = BooleanField(_l("Cross-border (goes into or comes from the other country)"))
    target_subject_ids = IdListField(_l("Targets"))
    poc_name = StringField(_l("Point of contact"), validators=[Optional(), Length(max=200)], filters=[_strip])
    poc_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=32)], filters=[_strip])
    poc_email = EmailField(_l("Contact email"), validators=[Optional(), Length(max=254)], filters=[_strip])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.timezone.errors:
            # The zone's own message says what is wrong; the times are not to blame.
            for field in (self.starts_at, self.ends_at):
                if field.data is not None and field.data.tzinfo is None:
                    field.data = None
            ok = False
        else:
            ok = self._localise_times() and ok
            ok = self._check_window() and ok
        return refuse_control_characters(self) and ok

    def _localise_times(self) -> bool:
        """Read a browser's wall-clock times in the place's zone.

        An API client gives each time its offset, as the contract says; its
        ``timezone`` only says how to show them.
        """
        zone = None if hasattr(self, "_json_keys") else self.timezone.data or zone_at(self.latitude.data,
                                                                                        self.longitude.data)
        ok = True
        for field in (self.starts_at, self.ends_at):
            wall_clock = field.data is not None and field.data.tzinfo is None
            field.localise(zone)
            if wall_clock and field.data is not None and not _exists(field.data):
                field.errors.append(_l("This time does not exist there: the clocks go forward at that hour."))
                field.data = None
            ok = ok and not field.errors
        return ok

    def _check_window(self) -> bool:
        """The operation ends after it starts, at most 31 days later."""
        if self.starts_at.data is None or self.ends_at.data is None:
            return True
        # Compare instants: aware datetimes sharing a zone compare and subtract
        # by wall clock, which is off by the hour that summer time moves.
        start, end = (field.data.astimezone(timezone.utc) for field in (self.starts_at, self.ends_at))
        if end <= start:
            self.ends_at.errors.append(_l("The operation must end after it starts."))
            return False
        if end - start > MAX_WINDOW:
            self.ends_at.errors.append(_l("An operation window is at most 31 days; register longer ones in parts."))
            return False
        return True

    def validate_poc_email(self, field) -> None:
        if field.data:
            field.data = field.data.lower()
            if not EMAIL_SHAPE.match(field.data):
                raise ValidationError(_l("Invalid email address."))

    def validate_target_subject_ids(self, field) -> None:
        if any(not 0 < subject_id <= MAX_ID for subject_id in field.data or []):
            raise ValidationError(_l("Targets must be subject records of the operation's case."))

    def validate_radius_m(self, field) -> None:
        if field.data is not None and field.data < 1:
            raise ValidationError(_l("The radius must be at least 1 metre."))


def _exists(moment: datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward (02:30 on a spring-forward night)."""
    back = moment.astimezone(timezone.utc).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)
