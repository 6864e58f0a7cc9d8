"""Forms of the outcome records, used by the pages and the API alike.

The forms check each value and the order of dates within one record; the
order against other records (a decision after its referral, a disposition
after its indictment, a referral after the case opened) is checked by the
services, which know those records.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..accounts.agencies import agency_choices, agency_codes
from ..extensions import db
from ..codes import COUNTRIES, FIREARM_TYPES, choices, options
from ..forms import REQUIRED, BaseForm, CodeField, ListField, not_in_future
from ..subjects.forms import refuse_control_characters
from .codes import (
    CONVICTIONS, DIRECTIONS, DISPOSITION_OUTCOMES, FIREARM_COUNT_FIELDS, REFERRAL_DECISIONS,
    REFERRAL_KINDS, REFERRAL_STATUSES, TRACE_RESULTS,
)

MAX_COUNT = 1_000_000
MAX_SENTENCE_MONTHS = 1200  # a hundred years: a life sentence is recorded as this, with a note


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _note(label=None) -> TextAreaField:
    return TextAreaField(label or _l("Note"), validators=[Optional(), Length(max=2000)], filters=[_strip])


class RecordField(CodeField):
    """A choice among the case's own records (persons, firearms, seizures), by id."""

    message = _l("Choose a record of this case.")

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        if self.data not in {choice.value for choice in self.choices if choice.value != ""}:
            raise ValidationError(self.message)


class DefendantField(RecordField):
    message = _l("The defendant must be a person record of this case.")


class ChargesField(ListField):
    """The charges, one per line (or separated by semicolons)."""

    def pre_validate(self, form):
        for charge in self.data or []:
            if len(charge) > 300:
                raise ValidationError(_l("Each charge can be at most 300 characters long."))
        if len(self.data or []) > 30:
            raise ValidationError(_l("Give at most 30 charges."))


class OutcomeForm(BaseForm):
    """What the outcome forms share: no control characters in any text."""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return refuse_control_characters(self) and ok


class ReferralForm(OutcomeForm):
    """Refer a case to another agency or to a prosecutor."""

    to_agency = CodeField(_l("Referred to"), choices=agency_choices(blank=True),
                          validators=[DataRequired(REQUIRED)])
    kind = CodeField(_l("Kind of referral"), choices=choices(REFERRAL_KINDS, blank=True),
                     validators=[DataRequired(REQUIRED)])
    sent_on = DateField(_l("Sent on"), validators=[DataRequired(REQUIRED), not_in_future])
    note = _note()
    share_case = BooleanField(_l("Let the receiving agency read the case"),
                              description=_l("Without it the receiver sees the case number and the referral only."))

    def cross_field_errors(self):
        if self.kind.data == "prosecution" and self.to_agency.data:
            prosecutors = agency_codes(db.session, kind="prosecutor")
            if self.to_agency.data not in prosecutors:
                yield "to_agency", _l("A referral for prosecution goes to a prosecutor: %(names)s.",
                                      names=", ".join(prosecutors))


class DecisionForm(OutcomeForm):
    """The receiving agency's decision on a referral."""

    status = CodeField(_l("Decision"), choices=options(
        ((code, REFERRAL_STATUSES[code]) for code in REFERRAL_DECISIONS), blank=True),
        validators=[DataRequired(REQUIRED)])
    decided_on = DateField(_l("Decided on"), validators=[DataRequired(REQUIRED), not_in_future])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)], filters=[_strip])


class IndictmentForm(OutcomeForm):
    """A defendant of the case charged before a court."""

    subject_id = DefendantField(_l("Defendant"), choices=[], validators=[DataRequired(REQUIRED)])
    filed_on = DateField(_l("Filed on"), validators=[DataRequired(REQUIRED), not_in_future])
    court = StringField(_l("Court or district"), validators=[DataRequired(REQUIRED), Length(max=200)],
                        filters=[_strip])
    charges = ChargesField(_l("Charges (one per line)"), validators=[DataRequired(REQUIRED)],
                           description=_l("For example: 18 U.S.C. § 922(a)(6) — false statement to a dealer."))

    def offer_defendants(self, persons) -> None:
        """The defendant is chosen among the case's person records."""
        self.subject_id.choices = options(((p.id, p.label) for p in persons), blank=True)


class DispositionForm(OutcomeForm):
    """How an indictment ended."""

    outcome = CodeField(_l("Outcome"), choices=choices(DISPOSITION_OUTCOMES, blank=True),
                        validators=[DataRequired(REQUIRED)])
    decided_on = DateField(_l("Decided on"), validators=[DataRequired(REQUIRED), not_in_future])
    sentence_months = IntegerField(_l("Sentence (months)"),
                                   validators=[Optional(), NumberRange(0, MAX_SENTENCE_MONTHS)])
    note = _note()

    def cross_field_errors(self):
        if self.sentence_months.data is not None and self.outcome.data and self.outcome.data not in CONVICTIONS:
            yield "sentence_months", _l("Only a conviction carries a sentence.")


class SeizureForm(OutcomeForm):
    """Firearms and ammunition seized: when, where, going which way."""

    seized_on = DateField(_l("Seized on"), validators=[DataRequired(REQUIRED), not_in_future])
    place = StringField(_l("Place"), validators=[DataRequired(REQUIRED), Length(max=200)], filters=[_strip])
    country = CodeField(_l("Country"), choices=options(((c, c) for c in COUNTRIES), blank=True),
                        validators=[DataRequired(REQUIRED)], filters=[_upper])
    port_of_entry = StringField(_l("Port of entry"), validators=[Optional(), Length(max=120)], filters=[_strip])
    direction = CodeField(_l("Direction"), choices=choices(DIRECTIONS, blank=True),
                          validators=[DataRequired(REQUIRED)])
    rounds = IntegerField(_l("Rounds of ammunition"), default=0, validators=[Optional(), NumberRange(0, MAX_COUNT)])
    note = _note()

    def firearm_fields(self):
        """The per-type firearm counts, in the code table's order."""
        return [self[name] for name in FIREARM_COUNT_FIELDS]

    def cross_field_errors(self):
        if not any(f.data for f in self.firearm_fields()) and not self.rounds.data:
            yield "rounds", _l("Give the number of firearms or of rounds seized.")
        if self.port_of_entry.data and self.direction.data == "inland":
            yield "port_of_entry", _l("An inland seizure has no port of entry.")


for _name, _code in FIREARM_COUNT_FIELDS.items():
    setattr(SeizureForm, _name, IntegerField(FIREARM_TYPES[_code], default=0,
                                             validators=[Optional(), NumberRange(0, MAX_COUNT)]))


class TraceAnswerForm(OutcomeForm):
    """The answer to a trace request."""

    answered_on = DateField(_l("Answered on"), validators=[DataRequired(REQUIRED), not_in_future])
    result = CodeField(_l("Result"), choices=choices(TRACE_RESULTS, blank=True), validators=[DataRequired(REQUIRED)])
    note = _note()


class TraceForm(OutcomeForm):
    """A trace request for a seized firearm; its answer may be given at once."""

    firearm_id = RecordField(_l("Firearm"), choices=[], validators=[Optional()])
    seizure_id = RecordField(_l("Seizure"), choices=[], validators=[Optional()])
    sent_on = DateField(_l("Sent on"), validators=[DataRequired(REQUIRED), not_in_future])
    answered_on = DateField(_l("Answered on"), validators=[Optional(), not_in_future])
    result = CodeField(_l("Result"), choices=choices(TRACE_RESULTS, blank=True), validators=[Optional()])
    note = _note()

    def offer_records(self, firearms, seizures) -> None:
        """The firearm and the seizure are chosen among the case's own."""
        self.firearm_id.choices = options(((f.id, f.label) for f in firearms), blank=True)
        self.seizure_id.choices = options(((s.id, f"{s.seized_on} · {s.place}") for s in seizures), blank=True)

    def cross_field_errors(self):
        sent, answered = self.sent_on.data, self.answered_on.data
        if answered and sent and answered < sent:
            yield "answered_on", _l("A trace cannot be answered before it was sent.")
        if answered and not self.result.data:
            yield "result", _l("Give the result of the answered trace.")
        if self.result.data and not answered:
            yield "answered_on", _l("Give the date the trace was answered.")
