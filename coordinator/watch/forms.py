"""The watch officer's forms: a call logged, an alert closed."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import REQUIRED, BaseForm

NOTE_MAX = 1000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CallForm(BaseForm):
    """Who was called, when, and what they were told."""

    note = TextAreaField(_l("Call made"), validators=[DataRequired(REQUIRED), Length(max=NOTE_MAX)], filters=[_strip],
                         description=_l("For example: called ATF's contact 14:05, both teams told."))


class CloseForm(BaseForm):
    """The watch centre's closing note."""

    note = TextAreaField(_l("Closing note"), validators=[Optional(), Length(max=NOTE_MAX)], filters=[_strip])


class TakeForm(BaseForm):
    """Taking an alert on (the CSRF token only)."""
