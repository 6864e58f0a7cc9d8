"""Forms of the monitoring area: MOUs, their rules, performance measures and entered values."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FloatField, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..accounts.agencies import agency_choices
from ..codes import COUNTRIES, OPERATION_KINDS, choices, options
from ..deconfliction.geography import border_code
from ..forms import REQUIRED, BaseForm, CodeField, not_in_future
from ..outcomes.codes import REFERRAL_KINDS
from ..subjects.forms import refuse_control_characters
from .codes import METRICS, RULE_KINDS
from .periods import FIRST_YEAR

AGENCY_OPTIONS = agency_choices()
MAX_THRESHOLD = 100_000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def year_up_to(years_ahead: int):
    """A year from FIRST_YEAR to ``years_ahead`` after this one (read when validating, not at import)."""
    def check(form, field) -> None:
        last = date.today().year + years_ahead
        if field.data is not None and not FIRST_YEAR <= field.data <= last:
            raise ValidationError(_l("Give a year between %(first)s and %(last)s.", first=FIRST_YEAR, last=last))
    return check


class MonitoringForm(BaseForm):
    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return refuse_control_characters(self) and ok


class MouForm(MonitoringForm):
    """An MOU: its title, dates, parties and summary."""

    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=200)], filters=[_strip])
    reference = StringField(_l("Reference"), validators=[Optional(), Length(max=64)], filters=[_strip])
    signed_on = DateField(_l("Signed on"), validators=[Optional(), not_in_future])
    effective_from = DateField(_l("In effect from"), validators=[DataRequired(REQUIRED)])
    effective_until = DateField(_l("In effect until"), validators=[Optional()])
    parties = SelectMultipleField(_l("Parties"), choices=AGENCY_OPTIONS)
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)], filters=[_strip])

    def cross_field_errors(self):
        if len(set(self.parties.data or [])) < 2:
            yield "parties", _l("An MOU binds at least two agencies.")
        start, end = self.effective_from.data, self.effective_until.data
        if start and end and end < start:
            yield "effective_until", _l("An MOU cannot end before it takes effect.")


class RuleForm(MonitoringForm):
    """A measurable obligation of an MOU and its threshold."""

    kind = CodeField(_l("Rule"), choices=options(((k, v.label) for k, v in RULE_KINDS.items()), blank=True),
                     validators=[DataRequired(REQUIRED)])
    threshold = IntegerField(_l("Threshold"), validators=[InputRequired(REQUIRED), NumberRange(0, MAX_THRESHOLD)],
                             description=_l("Hours for notice and acknowledgement, days for resolution and "
                                            "referral decisions, a count per period for joint activity; a "
                                            "clearance rule ignores it."))
    agencies = SelectMultipleField(_l("Agencies whose clearance is needed"), choices=AGENCY_OPTIONS,
                                   description=_l("For a clearance rule; none named means the other parties."))
    operation_kind = CodeField(_l("Only operations of this kind"), choices=choices(OPERATION_KINDS, blank=True),
                               validators=[Optional()])
    referral_kind = CodeField(_l("Only referrals of this kind"), choices=choices(REFERRAL_KINDS, blank=True),
                              validators=[Optional()])
    border = StringField(_l("Only operations across this border"), validators=[Optional(), Length(max=16)],
                         filters=[_strip], description=_l("Two countries' ISO codes: US-MX, MX-GT. A clearance "
                                                         "rule without one applies across every border."))
    active = BooleanField(_l("Measured"), default=True)

    def validate_border(self, field) -> None:
        if field.data:
            parts = [p for p in field.data.upper().replace(" ", "-").split("-") if p]
            if len(parts) != 2 or parts[0] == parts[1] or any(p not in COUNTRIES for p in parts):
                raise ValidationError(_l("Name a border by its two countries' ISO codes: US-MX, MX-GT."))
            field.data = border_code(*parts)

    def cross_field_errors(self):
        kind = self.kind.data
        if kind and RULE_KINDS[kind].unit in ("minutes", "hours", "days") and self.threshold.data == 0:
            yield "threshold", _l("A time limit is at least 1.")
        if self.agencies.data and kind != "cross_border_clearance":
            yield "agencies", _l("Only a clearance rule names agencies.")
        if self.operation_kind.data and kind not in ("operation_notice", "cross_border_clearance"):
            yield "operation_kind", _l("Only a rule on operations is narrowed to a kind of operation.")
        if self.border.data and kind != "cross_border_clearance":
            yield "border", _l("Only a clearance rule is narrowed to a border.")
        if self.referral_kind.data and kind not in ("referral_decided", "joint_activity"):
            yield "referral_kind", _l("Only a rule on referrals is narrowed to a kind of referral.")


class MeasureForm(MonitoringForm):
    """A performance measure: action, indicator, baseline, target, and how it is measured."""

    number = StringField(_l("Number"), validators=[DataRequired(REQUIRED), Length(max=16)], filters=[_strip])
    action = TextAreaField(_l("Action"), validators=[DataRequired(REQUIRED), Length(max=2000)], filters=[_strip])
    action_es = TextAreaField(_l("Action, in Spanish"), validators=[Optional(), Length(max=2000)], filters=[_strip])
    indicator = StringField(_l("Indicator"), validators=[DataRequired(REQUIRED), Length(max=300)], filters=[_strip])
    indicator_es = StringField(_l("Indicator, in Spanish"), validators=[Optional(), Length(max=300)],
                               filters=[_strip])
    mou_id = CodeField(_l("Under the MOU"), choices=[], validators=[Optional()])
    agency = CodeField(_l("Agency measured (all when empty)"), choices=agency_choices(blank=True, active_only=False),
                       validators=[Optional()])
    metric = CodeField(_l("Computed from the data as"), choices=options(
        ((k, label) for k, (label, _unit, _up) in METRICS.items()), blank=True), validators=[Optional()],
        description=_l("Leave empty to enter the measurement of each fiscal year by hand."))
    # A measure may wait for a sourced baseline rather than carry an invented one.
    baseline_value = FloatField(_l("Baseline value"), validators=[Optional()])
    baseline_on = DateField(_l("Baseline date"), validators=[DataRequired(REQUIRED), not_in_future])
    baseline_period = StringField(_l("Period the baseline measures"), validators=[Optional(), Length(max=64)],
                                  filters=[_strip], description=_l("For example: FY2004–FY2008."))
    source = TextAreaField(_l("Source (document, table, page)"), validators=[Optional(), Length(max=2000)],
                           filters=[_strip])
    target_value = FloatField(_l("Target value"), validators=[InputRequired(REQUIRED)])
    target_year = IntegerField(_l("Target fiscal year"), validators=[Optional(), year_up_to(30)])
    higher_is_better = BooleanField(_l("Higher is better"), default=True)

    def offer_mous(self, mous) -> None:
        self.mou_id.choices = options(((m.id, m.shown_title) for m in mous), blank=True)


class MeasureValueForm(MonitoringForm):
    """The measurement of an entered measure for one fiscal year."""

    fiscal_year = IntegerField(_l("Fiscal year"), validators=[InputRequired(REQUIRED), year_up_to(1)])
    value = FloatField(_l("Value"), validators=[InputRequired(REQUIRED)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)], filters=[_strip])
