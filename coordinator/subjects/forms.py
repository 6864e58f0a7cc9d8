"""One form per kind of subject record, for the pages and the API alike.

Each form validates its kind's fields (and normalises what has one right
spelling, such as a phone number); ``role`` and ``notes`` are common.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, FieldList, FloatField, Form, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextArea

from ..codes import COUNTRIES, DOCUMENT_KINDS, FIREARM_TYPES, SEXES, SUBJECT_ROLES, choices, options
from ..deconfliction.normalise import (
    OBLITERATED, normalise_ffl, normalise_phone, normalise_plate_region, normalise_region, normalise_serial,
    normalise_vin, plate_number, serial_obliterated,
)
from ..deconfliction.mexican_ids import compact_id, curp_problem, looks_like_rfc, read_curp, rfc_problem
from ..formats import ByLabel, country_name, lazy
from ..forms import MAX_ID, refuse_control_characters, REQUIRED, BaseForm, CodeField, ListField, not_in_future

MAX_DOCUMENTS = 10
def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _upper(value):
    return value.upper() if isinstance(value, str) else value


# Filters that read nothing but the value: the compiled checks (``stand_ins``) remember values that passed them.
PURE_FILTERS = frozenset({_strip, _upper})


def text(label, max_length: int = 120, required: bool = False, description: str = "") -> StringField:
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    return StringField(label, validators=validators + [Length(max=max_length)], filters=[_strip],
                       description=description)


def country_field(label) -> CodeField:
    return CodeField(label, choices=options(((c, lazy(country_name, c)) for c in COUNTRIES), blank=True),
                     validators=[Optional()], filters=[_upper], widget=ByLabel())


def region_code(form, field) -> None:
    """A US or Mexican state by its usual abbreviation (AZ, TX, SON, CHIH, ...), or a Central American department."""
    if field.data:
        code = normalise_region(field.data)
        if code is None:
            raise ValidationError(_l("Not a known state or department; use its abbreviation (AZ, TX, SON, CHIH, "
                                     "GT-PE, SV-SS, BZ-CY, ...)."))
        field.data = code


def plate_issuer(form, field) -> None:
    """Who issued a plate: a state (AZ, SON, ...), or the country where plates are national (GT, BZ, SV, ...)."""
    if field.data:
        code = normalise_plate_region(field.data)
        if code is None or (normalise_region(code) is None and code not in COUNTRIES):
            raise ValidationError(_l("Not a known plate issuer: a US or Mexican state (AZ, SON, ...) or, where "
                                     "plates are national, the country's ISO code (GT, BZ, SV, ...)."))
        field.data = code


def latitude_field() -> FloatField:
    return FloatField(_l("Latitude"), validators=[Optional(), NumberRange(-90, 90)])


def longitude_field() -> FloatField:
    return FloatField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)])


def both_or_neither(form):
    """A point needs both coordinates."""
    lat, lon = form.latitude, form.longitude
    if not lat.errors and not lon.errors and (lat.data is None) != (lon.data is None):
        yield ("longitude" if lon.data is None else "latitude"), _l("Give both latitude and longitude, or neither.")


# Fields every kind has, kept apart from the kind-specific ``data``.
COMMON_FIELDS = ("csrf_token", "role", "notes", "predicate")
PREDICATE_REQUIRED = _l("State the criminal predicate: the reasonable suspicion of criminal activity this record rests on.")


class SubjectForm(BaseForm):
    """What every kind of record has: its role in the case, the criminal predicate, free notes.

    28 CFR 23.20(a): a record of criminal intelligence rests on reasonable
    suspicion of criminal conduct, stated when it is entered. The pages
    require it (``require_predicate``); the API accepts a record without it
    (the contract predates the rule) and the record is then listed for its
    agency's supervisors to complete or purge (``retention``).
    """

    kind: str = ""
    role = CodeField(_l("Role in the case"), choices=choices(SUBJECT_ROLES, blank=True),
                     validators=[DataRequired(REQUIRED)])
    predicate = TextAreaField(_l("Criminal predicate (reasonable suspicion)"),
                              validators=[Optional(), Length(max=2000)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, default_region: str = "US", require_predicate: bool = False,
                 plate_region_default: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_region = default_region
        self.plate_region_default = plate_region_default  # the agency's: a plate without its issuer is from there
        self.require_predicate = require_predicate

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.require_predicate and not (self.predicate.data or "").strip() and not self.predicate.errors:
            self.predicate.errors = list(self.predicate.errors) + [PREDICATE_REQUIRED]
            ok = False
        return refuse_control_characters(self) and ok

    def record_data(self) -> dict:
        """The kind-specific fields as stored: dates in ISO form, blanks as None."""
        out = {}
        for name, field in self._fields.items():
            if name in COMMON_FIELDS:
                continue
            value = field.data
            if isinstance(value, date):
                value = value.isoformat()
            if value in ("", []):
                value = [] if isinstance(value, list) else None
            out[name] = value
        return out


CURP_PROBLEMS = {
    "shape": _l("Not a CURP: 4 letters, the date of birth (YYMMDD), H, M or X, the state of birth, "
                "3 consonants and 2 more characters."),
    "state": _l("Not a CURP: characters 12 and 13 must be a Mexican state of birth (NE: born abroad)."),
    "date": _l("Not a CURP: characters 5 to 10 must be a real date of birth (YYMMDD)."),
    "check_digit": _l("This CURP's check digit (its last character) is wrong; check it for a typo."),
}
RFC_PROBLEMS = {
    "shape": _l("Not an RFC: 4 letters (3 for a company), a date (YYMMDD) and a 3-character homoclave."),
    "date": _l("Not an RFC: characters 5 to 10 (4 to 9 for a company) must be a real date (YYMMDD)."),
    "check_digit": _l("This RFC's check digit (its last character) is wrong; check it for a typo."),
}


def identifier_error(problems: dict, problem: str | None, value: str):
    """The message for a CURP's or an RFC's problem, or None."""
    if problem is None:
        return None
    if problem == "length":
        if problems is CURP_PROBLEMS:
            return _l("A CURP has 18 characters; this one has %(n)d.", n=len(compact_id(value)))
        return _l("An RFC has 13 characters (12 for a company); this one has %(n)d.", n=len(compact_id(value)))
    return problems[problem]


class DocumentForm(Form):
    """An identity document of a person: passport, CURP, RFC, INE, driver's licence."""

    kind = CodeField(_l("Document"), choices=choices(DOCUMENT_KINDS, blank=True), validators=[Optional()])
    number = StringField(_l("Number"), validators=[Optional(), Length(max=40)], filters=[_strip])
    country = country_field(_l("Issued by"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = refuse_control_characters(self) and ok
        if bool(self.number.data) != bool(self.kind.data):
            self.number.errors = list(self.number.errors) + [_l("Give both the kind of document and its number.")]
            ok = False
        elif self.number.data and not self.number.errors and self.kind.data in ("curp", "rfc"):
            check = curp_problem if self.kind.data == "curp" else rfc_problem
            error = identifier_error(CURP_PROBLEMS if self.kind.data == "curp" else RFC_PROBLEMS,
                                     check(self.number.data), self.number.data)
            if error is not None:
                self.number.errors = list(self.number.errors) + [error]
                ok = False
        return ok


class PersonForm(SubjectForm):
    kind = "person"
    first_name = text(_l("Given name"))
    middle_name = text(_l("Second given name"))
    last_name = text(_l("Surname (paternal)"))
    second_last_name = text(_l("Second surname (maternal)"))
    aliases = ListField(_l("Aliases and nicknames (one per line)"), widget=TextArea())
    dob = DateField(_l("Date of birth"), validators=[Optional(), not_in_future])
    sex = CodeField(_l("Sex"), choices=choices(SEXES, blank=True), validators=[Optional()])
    nationality = country_field(_l("Nationality"))
    # No max_entries: WTForms would silently drop the documents past it; validate_documents refuses them.
    documents = FieldList(FormField(DocumentForm), min_entries=1, label=_l("Identity documents"))
    # A CURP that disagrees with the record's date of birth or sex is refused unless this says why the record
    # is right (the reason is the confirmation, and it is kept with the record as its evidence).
    curp_mismatch_reason = text(_l("Why the record is right although its CURP disagrees"), max_length=500)

    def cross_field_errors(self):
        if not (self.last_name.data or self.second_last_name.data or self.aliases.data):
            yield "last_name", _l("Give a surname or at least one alias.")
        if not self.curp_mismatch_reason.data and not self.curp_mismatch_reason.errors:
            for curp in self._curps():
                message = curp_disagreement(curp, None if self.dob.errors else self.dob.data,
                                            None if self.sex.errors else self.sex.data)
                if message is not None:
                    yield "curp_mismatch_reason", message
                    break

    def _curps(self):
        for entry in self.documents.data if isinstance(self.documents.data, list) else []:
            if isinstance(entry, dict) and entry.get("kind") == "curp":
                curp = read_curp(entry.get("number"))
                if curp is not None:
                    yield curp

    def validate_dob(self, field) -> None:
        if field.data and field.data.year < 1900:
            raise ValidationError(_l("A date of birth before 1900 is not plausible."))

    def validate_documents(self, field) -> None:
        if len(field.entries) > MAX_DOCUMENTS:
            raise ValidationError(_l("At most %(n)d identity documents.", n=MAX_DOCUMENTS))

    def validate_aliases(self, field) -> None:
        if len(field.data or []) > 20 or any(len(a) > 120 for a in field.data or []):
            raise ValidationError(_l("At most 20 aliases of up to 120 characters each."))

    def record_data(self) -> dict:
        data = super().record_data()
        data["documents"] = [
            {"kind": d["kind"], "number": d["number"], "country": d["country"]}
            for d in self.documents.data if d.get("kind") and d.get("number")
        ]
        return data


def curp_disagreement(curp, dob, sex):
    """The message when a valid CURP's date of birth or sex is not the record's, else None."""
    from ..codes import SEXES

    wrong = []
    if dob is not None and dob != curp.born_on:
        wrong.append(_l("born %(date)s", date=shown_date(curp.born_on)))
    if sex and sex != curp.sex:
        wrong.append(_l("sex %(sex)s", sex=SEXES[curp.sex]))
    if not wrong:
        return None
    return _l("The CURP %(curp)s says %(facts)s, which the record does not. Correct the record or the CURP, or "
              "confirm the record by saying here why it is right.", curp=curp.number,
              facts=", ".join(str(w) for w in wrong))


def shown_date(day: date) -> str:
    """A date in the reader's locale (dd/mm/aaaa in Spanish) where a request says which, else ISO 8601."""
    from flask import has_request_context

    if not has_request_context():
        return day.isoformat()
    from ..formats import short_date

    return short_date(day)


class FirearmForm(SubjectForm):
    kind = "firearm"
    make = text(_l("Make"), required=True)
    model = text(_l("Model"))
    caliber = text(_l("Caliber"), max_length=40)
    firearm_type = CodeField(_l("Type"), choices=choices(FIREARM_TYPES, blank=True), validators=[Optional()])
    serial_number = text(_l("Serial number"), max_length=60,
                         description=_l("Write \"obliterated\" when it was ground off or defaced."))
    importer = text(_l("Importer"), max_length=200)
    country_of_manufacture = country_field(_l("Country of manufacture"))

    def validate_serial_number(self, field) -> None:
        if field.data and serial_obliterated(field.data):
            field.data = OBLITERATED  # one spelling: it has no key, and lists show it alike
        elif field.data and normalise_serial(field.data) is None:
            raise ValidationError(_l("This does not read as a serial number."))


class VehicleForm(SubjectForm):
    kind = "vehicle"
    plate = text(_l("Plate"), max_length=16)
    plate_region = text(_l("Plate state"), max_length=40)
    vin = text(_l("VIN"), max_length=20)
    make = text(_l("Make"))
    model = text(_l("Model"))

    def validate_plate(self, field) -> None:
        if field.data:
            if plate_number(field.data) is None:
                raise ValidationError(_l("Not a plate: 2 to 10 letters and digits."))
            field.data = field.data.upper()

    def validate_plate_region(self, field) -> None:
        plate_issuer(self, field)

    def cross_field_errors(self):
        if self.plate.data and not self.plate_region.data:
            default = getattr(self, "plate_region_default", None)
            if default:
                self.plate_region.data = default
            else:
                yield "plate_region", _l("Give the state that issued the plate.")
        if not self.vin.data and not self.plate.data:
            yield "plate", _l("Give a plate or a VIN.")

    def validate_vin(self, field) -> None:
        if field.data:
            vin, valid = normalise_vin(field.data)
            if vin is None:
                raise ValidationError(_l("Not a VIN: 17 characters without I, O or Q (older vehicles: 5 to 13)."))
            if len(vin) == 17 and not valid:
                raise ValidationError(_l("This VIN's check digit is wrong; check it for a typo."))
            field.data = vin


class PhoneForm(SubjectForm):
    kind = "phone"
    number = text(_l("Phone number"), max_length=40, required=True)

    def validate_number(self, field) -> None:
        e164 = normalise_phone(field.data, self.default_region)
        if e164 is None:
            raise ValidationError(_l("Not a valid phone number; include the country code if it is not from your country."))
        field.data = e164


class EmailForm(SubjectForm):
    kind = "email"
    address = EmailField(_l("Email address"), validators=[DataRequired(REQUIRED), Email(), Length(max=254)],
                         filters=[_strip])

    def validate_address(self, field) -> None:
        # Addresses are matched case-blind, and one spelling keeps the label stable.
        field.data = field.data.lower()


class AddressForm(SubjectForm):
    kind = "address"
    line1 = text(_l("Street and number"), max_length=200, required=True)
    city = text(_l("City"), required=True)
    state = text(_l("State"), max_length=40, required=False)
    postal_code = text(_l("Postal code"), max_length=12)
    country = country_field(_l("Country"))
    latitude = latitude_field()
    longitude = longitude_field()

    def validate_state(self, field) -> None:
        region_code(self, field)

    def cross_field_errors(self):
        yield from both_or_neither(self)


class DealerForm(SubjectForm):
    kind = "dealer"
    license_number = text(_l("FFL licence number"), max_length=30)
    name = text(_l("Name"), max_length=200)
    # Where the premises are, for the map; or link the dealer to an address record ("located at").
    latitude = latitude_field()
    longitude = longitude_field()

    def cross_field_errors(self):
        if not self.license_number.data and not self.name.data:
            yield "license_number", _l("Give the licence number or the dealer's name.")
        yield from both_or_neither(self)

    def validate_license_number(self, field) -> None:
        if field.data:
            ffl = normalise_ffl(field.data)
            if ffl is None:
                raise ValidationError(_l("Not an FFL number; the format is X-XX-XXX-XX-XX-XXXXX."))
            field.data = ffl


class BusinessForm(SubjectForm):
    kind = "business"
    name = text(_l("Name"), max_length=200, required=True)
    registration_number = text(_l("Registration number (EIN, RFC, ...)"), max_length=40)

    def validate_registration_number(self, field) -> None:
        # Written as an RFC is (letters, then a date): it must be a valid one; an EIN or other number is free.
        if field.data and looks_like_rfc(field.data):
            error = identifier_error(RFC_PROBLEMS, rfc_problem(field.data), field.data)
            if error is not None:
                raise ValidationError(error)


class GunShowForm(SubjectForm):
    kind = "gun_show"
    name = text(_l("Name of the show"), max_length=200, required=True)
    venue = text(_l("Venue"), max_length=200)
    city = text(_l("City"), required=True)
    state = text(_l("State"), max_length=40)  # optional: the city (and a point) place the show
    starts_on = DateField(_l("First day"), validators=[DataRequired(REQUIRED)])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(REQUIRED)])
    latitude = latitude_field()
    longitude = longitude_field()

    def validate_state(self, field) -> None:
        region_code(self, field)

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data:
            if field.data < self.starts_on.data:
                raise ValidationError(_l("The show cannot end before it starts."))
            if (field.data - self.starts_on.data).days > 14:
                raise ValidationError(_l("A gun show lasts at most 14 days."))

    def cross_field_errors(self):
        yield from both_or_neither(self)


SUBJECT_FORMS: dict[str, type[SubjectForm]] = {
    form.kind: form for form in (
        PersonForm, FirearmForm, VehicleForm, PhoneForm, EmailForm, AddressForm,
        DealerForm, BusinessForm, GunShowForm,
    )
}
