"""The review forms: the reviewer's name, the date, the reason (and a predicate, when validating)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import REQUIRED, BaseForm


class PurgeForm(BaseForm):
    reviewer_name = StringField(_l("Reviewer"), validators=[DataRequired(REQUIRED), Length(max=200)])
    decided_on = DateField(_l("Date of the review"), validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(min=10, max=2000)])


class ReviewForm(PurgeForm):
    predicate = TextAreaField(_l("Criminal predicate (reasonable suspicion)"),
                              validators=[Optional(), Length(max=2000)])
