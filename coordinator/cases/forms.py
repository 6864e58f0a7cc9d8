"""The case form, used by the pages and the API alike."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError  # noqa: F401

from ..accounts.agencies import agency_choices
from ..codes import CASE_STATUSES, CASE_TYPES, INITIATED_BY, choices, options
from ..forms import REQUIRED, BaseForm, CodeField, not_in_future

CASE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$")


def case_number(form, field) -> None:
    """Letters, digits, and - . / _ or spaces inside."""
    if field.data and not CASE_NUMBER.match(field.data):
        raise ValidationError(_l("Use letters, digits and - . / _ only."))


class CaseForm(BaseForm):
    """Register or edit a case."""

    number = StringField(_l("Case number"), validators=[DataRequired(REQUIRED), Length(max=64), case_number],
                         filters=[lambda v: v.strip() if isinstance(v, str) else v])
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=200)],
                        filters=[lambda v: v.strip() if isinstance(v, str) else v])
    case_type = CodeField(_l("Case type"), choices=choices(CASE_TYPES, blank=True),
                          validators=[DataRequired(REQUIRED)])
    status = CodeField(_l("Status"), choices=choices(CASE_STATUSES), default="open", validators=[Optional()])
    opened_on = DateField(_l("Opened on"), validators=[DataRequired(REQUIRED), not_in_future])
    closed_on = DateField(_l("Closed on"), validators=[Optional(), not_in_future])
    initiated_by = CodeField(_l("Initiated by"), choices=choices(INITIATED_BY, blank=True),
                             validators=[DataRequired(REQUIRED)])
    referring_agency = CodeField(_l("Referring agency"),
                                 choices=agency_choices(blank=True), validators=[Optional()])
    mexico_nexus = BooleanField(_l("Mexico nexus"))
    participating_agencies = SelectMultipleField(_l("Participating agencies"),
                                                 choices=agency_choices())
    lead_agent_id = CodeField(_l("Lead agent"), choices=[], validators=[Optional()])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)])

    def offer_lead_agents(self, users) -> None:
        """The lead agent is chosen among the agency's own agents and supervisors."""
        self.lead_agent_id.choices = options(((u.id, u.name) for u in users), blank=True)

    def cross_field_errors(self):
        referrer, initiated = self.referring_agency.data, self.initiated_by.data
        if initiated == "referral" and not referrer:
            yield "referring_agency", _l("Name the agency that referred the case.")
        if referrer and initiated and initiated != "referral":
            yield "referring_agency", _l("A referring agency is given only for cases initiated by referral.")
        closed, opened, status = self.closed_on.data, self.opened_on.data, self.status.data
        if closed and opened and closed < opened:
            yield "closed_on", _l("A case cannot close before it opened.")
        if status == "closed" and not closed:
            yield "closed_on", _l("Give the date the case was closed.")
        if closed and status and status != "closed":
            yield "closed_on", _l("Only a closed case has a closing date.")
