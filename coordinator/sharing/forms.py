"""The share form: to which agency, why, and who there asked."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.agencies import agency_choices
from ..codes import options
from ..forms import REQUIRED, BaseForm, CodeField


class ShareForm(BaseForm):
    agency = CodeField(_l("Share with"), choices=agency_choices(blank=True),
                       validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(_l("Why they need to know"), validators=[DataRequired(REQUIRED), Length(min=10, max=2000)])
    requested_by = StringField(_l("Who asked for it there (name, position)"), validators=[Optional(), Length(max=200)])
