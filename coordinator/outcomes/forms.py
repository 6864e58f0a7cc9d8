"""Forms of the outcome records, used by the pages and the API alike.

The forms check each value and the order of dates within one record; the
order against other records (a decision after its referral, a disposition
after its indictment, a referral after the case opened) is checked by the
services, which know those records.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, DateField, FieldList, Form, FormField, IntegerField, SelectMultipleField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..accounts.agencies import agency_choices, agency_codes
from ..extensions import db
from ..codes import COUNTRIES, FIREARM_TYPES, choices, options
from ..forms import REQUIRED, AwareDateTimeField, BaseForm, CodeField, ListField, not_in_future
from ..formats import short_date
from ..subjects.forms import both_or_neither, country_field, latitude_field, longitude_field, \
    refuse_control_characters, region_code
from .codes import (
    ASSET_KINDS, CHARGE_CODES, CURRENCIES, EXTRADITION_STATUSES,
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
    charge_codes = SelectMultipleField(_l("Statutes charged"), choices=choices(CHARGE_CODES),
                                       validators=[Optional()],
                                       description=_l("From the code list; the charges as written stay beside them."))

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
    state = StringField(_l("State"), validators=[Optional(), Length(max=40)], filters=[_strip],
                        description=_l("US or Mexican state: AZ, TX, SIN, CHIH, ..."))
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=120)], filters=[_strip])
    latitude = latitude_field()
    longitude = longitude_field()
    transit_country = country_field(_l("Transit country"))
    custody_agency = CodeField(_l("Evidence held by"), choices=agency_choices(blank=True),
                               validators=[Optional()])
    custody_location = StringField(_l("Where the evidence is held"), validators=[Optional(), Length(max=200)],
                                   filters=[_strip])
    note = _note()

    # Guns listed one by one (set by the caller): they count as firearms seized.
    listed = 0

    def validate_state(self, field) -> None:
        region_code(self, field)

    def firearm_fields(self):
        """The per-type firearm counts, in the code table's order."""
        return [self[name] for name in FIREARM_COUNT_FIELDS]

    def cross_field_errors(self):
        if not any(f.data for f in self.firearm_fields()) and not self.rounds.data and not self.listed:
            yield "rounds", _l("Give the number of firearms or of rounds seized.")
        if self.port_of_entry.data and self.direction.data == "inland":
            yield "port_of_entry", _l("An inland seizure has no port of entry.")
        yield from both_or_neither(self)


class SeizedFirearmForm(Form):
    """One gun of a seizure on the page; its values are checked by the firearm record's own rules."""

    make = StringField(_l("Make"), filters=[_strip])
    model = StringField(_l("Model"), filters=[_strip])
    caliber = StringField(_l("Caliber"), filters=[_strip])
    firearm_type = CodeField(_l("Type"), choices=choices(FIREARM_TYPES, blank=True), validators=[Optional()])
    serial_number = StringField(_l("Serial number"), filters=[_strip])
    importer = StringField(_l("Importer"), filters=[_strip])
    country_of_manufacture = StringField(_l("Country of manufacture"), filters=[_strip, _upper])


class AmmunitionField(TextAreaField):
    """Rounds by calibre, one "calibre: rounds" per line; ``data`` is the dict, or the text when it does not read."""

    def process_formdata(self, valuelist):
        self.text = valuelist[0] if valuelist else ""
        out = {}
        for line in self.text.splitlines():
            if not line.strip():
                continue
            calibre, _sep, rounds = line.rpartition(":")
            if not calibre.strip() or not rounds.strip().isdigit():
                raise ValueError(_l("Write one \"calibre: rounds\" per line, such as 7.62x39: 1200."))
            out[calibre.strip()] = out.get(calibre.strip(), 0) + int(rounds.strip())
        self.data = out

    def _value(self):
        if isinstance(self.data, dict):
            return "\n".join(f"{calibre}: {rounds}" for calibre, rounds in self.data.items())
        return getattr(self, "text", "")


class SeizurePageForm(SeizureForm):
    """The seizure page: the seizure, the guns one by one, rounds by calibre, who was found with them."""

    ammunition = AmmunitionField(_l("Ammunition by calibre (one \"calibre: rounds\" per line)"))
    person_ids = SelectMultipleField(_l("Persons found with the guns"), choices=[], validators=[Optional()])
    vehicle_ids = SelectMultipleField(_l("Vehicles the guns were found in"), choices=[], validators=[Optional()])
    items = FieldList(FormField(SeizedFirearmForm), min_entries=5, label=_l("Guns seized, one by one"))

    def offer_records(self, persons, vehicles) -> None:
        """The persons and vehicles are chosen among the case's own."""
        self.person_ids.choices = options((p.id, p.label) for p in persons)
        self.vehicle_ids.choices = options((v.id, v.label) for v in vehicles)

    def listed_items(self) -> list[dict]:
        """The guns filled in (blank rows left out), as the API takes them."""
        return [{k: v for k, v in entry.data.items() if v} for entry in self.items.entries
                if any(entry.data.values())]

    def validate(self, extra_validators=None) -> bool:
        self.listed = len(self.listed_items())
        return super().validate(extra_validators)

    def service_values(self) -> dict:
        """The values the seizure service takes, the guns as a list."""
        values = {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "items")}
        values["items"] = self.listed_items()
        for name in ("person_ids", "vehicle_ids"):
            values[name] = [int(value) for value in values[name] or []]
        return values

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put the service's errors ("items-2-serial_number") next to their fields."""
        for name, message in errors.items():
            parts = name.split("-", 2)
            if parts[0] == "items" and len(parts) == 3 and parts[1].isdigit():
                rows = [e for e in self.items.entries if any(e.data.values())]
                index = int(parts[1])
                if index < len(rows) and parts[2] in rows[index].form._fields:
                    rows[index].form[parts[2]].errors = list(rows[index].form[parts[2]].errors) + [message]
                    continue
            self.form_errors_for(name).append(message)
        self.items.errors = [entry.errors for entry in self.items.entries if entry.errors]


for _name, _code in FIREARM_COUNT_FIELDS.items():
    setattr(SeizureForm, _name, IntegerField(FIREARM_TYPES[_code], default=0,
                                             validators=[Optional(), NumberRange(0, MAX_COUNT)]))


def with_offset(form, field) -> None:
    """A moment given through the API carries its offset (or Z): a bare wall-clock time is nowhere."""
    if field.data is not None and field.data.tzinfo is None:
        raise ValidationError(_l("Give the time with an offset (e.g. -07:00 or Z)."))


def _moment(label) -> AwareDateTimeField:
    return AwareDateTimeField(label, validators=[Optional(), with_offset])


class TraceAnswerForm(OutcomeForm):
    """The answer to a trace request, with what it found (``add_trace_results``)."""

    answered_on = DateField(_l("Answered on"), validators=[DataRequired(REQUIRED), not_in_future])
    answered_at = _moment(_l("Answered at (date and time)"))
    result = CodeField(_l("Result"), choices=choices(TRACE_RESULTS, blank=True), validators=[DataRequired(REQUIRED)])
    note = _note()


class TraceForm(OutcomeForm):
    """A trace request for a seized firearm; its answer may be given at once."""

    firearm_id = RecordField(_l("Firearm"), choices=[], validators=[Optional()])
    seizure_id = RecordField(_l("Seizure"), choices=[], validators=[Optional()])
    sent_on = DateField(_l("Sent on"), validators=[DataRequired(REQUIRED), not_in_future])
    requested_at = _moment(_l("Requested at (date and time)"))
    answered_on = DateField(_l("Answered on"), validators=[Optional(), not_in_future])
    answered_at = _moment(_l("Answered at (date and time)"))
    result = CodeField(_l("Result"), choices=choices(TRACE_RESULTS, blank=True), validators=[Optional()])
    note = _note()

    def offer_records(self, firearms, seizures) -> None:
        """The firearm and the seizure are chosen among the case's own, the latest first."""
        self.firearm_id.choices = options(((f.id, f.label) for f in firearms), blank=True)
        latest = sorted(seizures, key=lambda s: (s.seized_on, s.id), reverse=True)
        self.seizure_id.choices = options(((s.id, f"{short_date(s.seized_on)} · {s.place}") for s in latest),
                                          blank=True)

    def cross_field_errors(self):
        sent, answered = self.sent_on.data, self.answered_on.data
        if answered and sent and answered < sent:
            yield "answered_on", _l("A trace cannot be answered before it was sent.")
        if answered and not self.result.data:
            yield "result", _l("Give the result of the answered trace.")
        if self.result.data and not answered:
            yield "answered_on", _l("Give the date the trace was answered.")
        for name in RESULT_FIELDS:
            if self[name].data and not answered:
                yield name, _l("A trace's findings come with its answer: give the date it was answered.")


# What an answer finds besides the purchaser: the maker, the purchase's date and place (the lane's start).
RESULT_FIELDS = ("manufacturer", "importer", "purchased_on", "purchase_city", "purchase_state")


def _validate_purchase_state(form, field) -> None:
    region_code(form, field)


def add_trace_results(form_class) -> None:
    """Give a trace form urgency and the fields of the answer's findings (after its own fields)."""
    form_class.urgent = BooleanField(_l("Urgent"), description=_l("An urgent trace is answered within 24 hours."))
    form_class.manufacturer = StringField(_l("Manufacturer"), validators=[Optional(), Length(max=200)],
                                          filters=[_strip])
    form_class.importer = StringField(_l("Importer"), validators=[Optional(), Length(max=200)], filters=[_strip])
    form_class.purchased_on = DateField(_l("First retail purchase on"), validators=[Optional(), not_in_future])
    form_class.purchase_city = StringField(_l("Purchased in (city)"), validators=[Optional(), Length(max=120)],
                                           filters=[_strip])
    form_class.purchase_state = StringField(_l("Purchased in (state)"), validators=[Optional(), Length(max=40)],
                                            filters=[_strip])
    form_class.validate_purchase_state = _validate_purchase_state


add_trace_results(TraceForm)
add_trace_results(TraceAnswerForm)

# The page's flat fields for the dealer and the purchaser an answer names (the API takes them as objects).
FINDING_FIELDS = {
    "dealer": (("license_number", _l("Dealer's FFL licence number")), ("name", _l("Dealer's name"))),
    "purchaser": (("first_name", _l("Purchaser's given name")), ("middle_name", _l("Purchaser's second given name")),
                  ("last_name", _l("Purchaser's surname (paternal)")),
                  ("second_last_name", _l("Purchaser's second surname (maternal)")),
                  ("dob", _l("Purchaser's date of birth (YYYY-MM-DD)"))),
}


class TraceFindingsPage:
    """A trace form on the page with the dealer and purchaser as flat fields, checked by the service."""

    def service_values(self) -> dict:
        values = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        for group, fields in FINDING_FIELDS.items():
            given = {key: values.pop(f"{group}_{key}") for key, _label in fields}
            values[group] = {key: value for key, value in given.items() if value} or None
        return values

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put the service's errors ("dealer-license_number") next to their fields."""
        for name, message in errors.items():
            if name in FINDING_FIELDS:  # about the whole dealer or purchaser: shown at its first field
                name = f"{name}_{FINDING_FIELDS[name][0][0]}"
            self.form_errors_for(name.replace("-", "_", 1)).append(message)


class TracePageForm(TraceFindingsPage, TraceForm):
    """The trace request page, its answer's findings included.

    The page gives days only: a step dated today is taken as happening now
    (``traces.moments``); an API client may give the moments themselves.
    """

    requested_at = None
    answered_at = None


class TraceAnswerPageForm(TraceFindingsPage, TraceAnswerForm):
    """The trace answer page, with the dealer and purchaser it found."""

    answered_at = None


for _form_class in (TracePageForm, TraceAnswerPageForm):
    for _group, _fields in FINDING_FIELDS.items():
        for _key, _label in _fields:
            setattr(_form_class, f"{_group}_{_key}", StringField(_label, validators=[Optional(), Length(max=200)],
                                                                 filters=[_strip]))


COUNTRY_CHOICES = options([("US", "US"), ("MX", "MX")], blank=True)


def _person_of_case(label):
    return DefendantField(label, choices=[], validators=[DataRequired(REQUIRED)])


class PersonOutcomeForm(OutcomeForm):
    """An outcome about one person of the case (chosen among its person records)."""

    def offer_defendants(self, persons) -> None:
        self.subject_id.choices = options(((p.id, p.label) for p in persons), blank=True)


class ArrestForm(PersonOutcomeForm):
    """A person of the case arrested: when, by which agency, where."""

    subject_id = _person_of_case(_l("Person arrested"))
    arrested_on = DateField(_l("Arrested on"), validators=[DataRequired(REQUIRED), not_in_future])
    agency = CodeField(_l("Arresting agency"), choices=agency_choices(blank=True),
                       validators=[DataRequired(REQUIRED)])
    country = CodeField(_l("Country"), choices=COUNTRY_CHOICES, validators=[DataRequired(REQUIRED)])
    note = _note()


class ExtraditionForm(PersonOutcomeForm):
    """A request that the other country surrender a person of the case."""

    subject_id = _person_of_case(_l("Person sought"))
    requested_on = DateField(_l("Requested on"), validators=[DataRequired(REQUIRED), not_in_future])
    requesting_country = CodeField(_l("Requesting country"), choices=COUNTRY_CHOICES,
                                   validators=[DataRequired(REQUIRED)])
    requested_country = CodeField(_l("Requested country"), choices=COUNTRY_CHOICES,
                                  validators=[DataRequired(REQUIRED)])
    status = CodeField(_l("Result"), choices=choices(EXTRADITION_STATUSES, blank=True), validators=[Optional()])
    decided_on = DateField(_l("Decided on"), validators=[Optional(), not_in_future])
    note = _note()

    def cross_field_errors(self):
        if self.requesting_country.data and self.requesting_country.data == self.requested_country.data:
            yield "requested_country", _l("An extradition is requested of the other country.")
        yield from _decision_dates(self.status.data, self.decided_on.data, self.requested_on.data)


def _decision_dates(status, decided_on, since):
    if status and status != "pending" and not decided_on:
        yield "decided_on", _l("Give the date of the decision.")
    if decided_on and (not status or status == "pending"):
        yield "status", _l("Give the decision taken on that date.")
    if decided_on and since and decided_on < since:
        yield "decided_on", _l("A decision cannot come before the request.")


class ExtraditionDecisionForm(OutcomeForm):
    """The result of an extradition request."""

    status = CodeField(_l("Result"), choices=options(((c, EXTRADITION_STATUSES[c]) for c in EXTRADITION_STATUSES
                                                      if c != "pending"), blank=True),
                       validators=[DataRequired(REQUIRED)])
    decided_on = DateField(_l("Decided on"), validators=[DataRequired(REQUIRED), not_in_future])
    note = _note()


class LegalAssistanceForm(OutcomeForm):
    """A mutual legal assistance request to the other country."""

    to_country = CodeField(_l("Sent to (country)"), choices=COUNTRY_CHOICES, validators=[DataRequired(REQUIRED)])
    authority = StringField(_l("Central authority"), validators=[Optional(), Length(max=200)], filters=[_strip])
    sent_on = DateField(_l("Sent on"), validators=[DataRequired(REQUIRED), not_in_future])
    answered_on = DateField(_l("Answered on"), validators=[Optional(), not_in_future])
    request = _note(_l("What was asked"))

    def cross_field_errors(self):
        if self.answered_on.data and self.sent_on.data and self.answered_on.data < self.sent_on.data:
            yield "answered_on", _l("A request cannot be answered before it was sent.")


class LegalAssistanceAnswerForm(OutcomeForm):
    """The answer to a mutual legal assistance request."""

    answered_on = DateField(_l("Answered on"), validators=[DataRequired(REQUIRED), not_in_future])


class AssetSeizureForm(OutcomeForm):
    """Currency or other assets seized."""

    seized_on = DateField(_l("Seized on"), validators=[DataRequired(REQUIRED), not_in_future])
    kind = CodeField(_l("Kind of asset"), choices=choices(ASSET_KINDS, blank=True), validators=[DataRequired(REQUIRED)])
    amount = IntegerField(_l("Amount or value"), validators=[DataRequired(REQUIRED), NumberRange(1, 10**12)])
    currency = CodeField(_l("Currency"), choices=options(CURRENCIES.items(), blank=True),
                         validators=[DataRequired(REQUIRED)])
    description = _note(_l("Description"))


class SeizureImportForm(BaseForm):
    """A file of a seizure's guns: CSV with a header row naming ``make``, or JSON Lines of firearm fields."""

    file = FileField(_l("File of the guns (CSV or JSON Lines)"), validators=[FileRequired(REQUIRED)])
