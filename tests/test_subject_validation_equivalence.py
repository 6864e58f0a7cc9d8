"""The compiled subject checks give exactly what the bound forms give, for any payload, in English and Spanish.

Payloads are generated per kind from its form's fields: plausible values for
each field's type and choices mixed with hostile ones (wrong JSON types,
blanks, control characters, values just over a length limit, impossible
dates, out-of-range numbers, malformed documents and aliases, unknown keys).
Each goes through the compiled validator, the refilled bound form and a
fresh ``from_json`` form; the three results must be identical, record and
messages alike.
"""
from __future__ import annotations

import random
import threading
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import DateField, FieldList, FloatField, IntegerField, StringField

from benchmarks.synthetic import subject_row
from coordinator.forms import CodeField, ListField, _fields_of
from coordinator.subjects.compiled import CompiledForm
from coordinator.subjects.forms import MAX_DOCUMENTS, SUBJECT_FORMS, DocumentForm, PersonForm
from coordinator.subjects.stand_ins import CompileError
from coordinator.subjects.validation import FormSubjectValidator, SubjectValidator

from .test_subjects import GOOD  # a good record of every kind

REGIONS = {"en": "US", "es": "MX"}
EXAMPLES = {"changed": 150, "anything": 60}  # per kind and language

# Plausible values by field name, good and bad, as agencies type them.
TYPICAL = {
    "number": ["+52 662 123 4567", "(602) 555-0199", "602-555-0199", "6621234567", "garbage", "+1 202 555 01",
               "55 1234 5678", "+44 20 7946 0958"],
    "plate": ["ABC1234", "abc-123", "A", "TOOLONGPLATE123", "XYZ 99", "ÑAB123"],
    "plate_region": ["AZ", "son", "Sonora", "TX", "XX", "Chihuahua", "B.C.", "Nuevo León"],
    "state": ["AZ", "son", "Sonora", "TX", "XX", "Chihuahua", "CDMX", "tamps"],
    "vin": ["1HGCM82633A004352", "1HGCM82633A004353", "1m8gdm9axkp042788", "12345", "IOQ45678901234567",
            "JH4KA7561PC008269", "ABC12"],
    "serial_number": ["AB1234567", "1-AB-1034-19", "N/A", "???", "S/N: 123456", "0"],
    "address": ["someone@example.com", "Some.One@Example.COM", "bad@", "@x.com", "x@localhost", "a@b.c",
                "josé@ejemplo.mx", "a b@c.com"],
    "license_number": ["9-86-123-01-7D-12345", "986123017D12345", "5-86-013-01-5E-12345", "bad", "1-23-456"],
    "role": ["suspect", "associate", "other", "straw_purchaser", "witness"],
}
NAMES = ["Ana", "José Luis", "García", "O'Brien", "Núñez", "El Güero", "Chuy", "Beltrán Leyva"]
DOB_DAYS = date(1850, 1, 1), date.today() + timedelta(days=400)
BAD_DATES = ["2020-1-5", "2020-02-30", " 2020-01-01", "2020-01-01 ", "1987-03- 5", "0000-01-01", "19870305",
             "１９８７-03-05", "1987-W01-1", "yesterday", "2021-13-01", "1899-12-31"]
NUMBERS_AS_TEXT = ["12.5", "1e3", "nan", "inf", "-inf", " 5 ", "abc", "90", "-90.0001", "0x10", "1_000"]
HOSTILE_TEXT = ["", " ", "\t", "A\x00B", "x\x07", "\x7f", "line\nbreak", "a;b", "\u200b", "null"]


def hostile_scalars():
    return st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                     st.just([]), st.lists(st.text(max_size=3), max_size=2), st.just({}),
                     st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=1))


def any_text(max_length: int):
    """Texts around the field's length limit, arbitrary unicode, and blanks and control characters."""
    return st.one_of(
        st.text(max_size=12), st.sampled_from(NAMES + HOSTILE_TEXT),
        st.integers(max(0, max_length - 2), max_length + 2).map(lambda n: "x" * n),
        st.text(alphabet=st.characters(max_codepoint=0x7f), max_size=8),
    )


def length_limit(field) -> int:
    return max((v.max for v in field.validators if getattr(v, "max", -1) != -1), default=120)


def field_values(name: str, field):
    """A strategy of JSON values for one field, from its type and choices."""
    if isinstance(field, FieldList):
        return st.one_of(documents(), hostile_scalars(), st.lists(hostile_scalars(), max_size=3))
    if isinstance(field, ListField):
        return st.one_of(st.lists(st.one_of(any_text(120), st.sampled_from(["a;b", "x\ny", "  "])), max_size=23),
                         st.lists(hostile_scalars(), max_size=3), hostile_scalars(), any_text(20))
    if isinstance(field, CodeField):
        codes = [c.value for c in field.choices if c.value]
        return st.one_of(st.sampled_from(codes + TYPICAL.get(name, [])),
                         st.sampled_from(codes).map(lambda c: f" {c.lower()} "),
                         st.sampled_from(["", " ", "nobody", "ZZ", "0"]), hostile_scalars())
    if isinstance(field, DateField):
        return st.one_of(st.dates(*DOB_DAYS).map(date.isoformat), st.sampled_from(BAD_DATES + HOSTILE_TEXT),
                         hostile_scalars())
    if isinstance(field, FloatField):
        return st.one_of(st.floats(-200, 200), st.integers(-200, 200), st.sampled_from(NUMBERS_AS_TEXT),
                         st.sampled_from(HOSTILE_TEXT), hostile_scalars())
    assert isinstance(field, StringField), f"no values for {name} ({type(field).__name__})"
    return st.one_of(st.sampled_from(TYPICAL.get(name, NAMES)), any_text(length_limit(field)), hostile_scalars())


def documents():
    """Identity documents: lists of whole or partial entries, now and then an unknown key or a stray value."""
    sub_fields = _fields_of(DocumentForm)
    entry = st.fixed_dictionaries({}, optional={
        "kind": field_values("kind", sub_fields["kind"]),
        "number": st.one_of(st.sampled_from(["GALJ850314HSRRPS07", "X1234567", "", " "]), any_text(40),
                            hostile_scalars()),
        "country": field_values("country", sub_fields["country"]),
    })
    good = st.fixed_dictionaries({"kind": st.sampled_from(["passport", "curp", "ine"]),
                                  "number": st.sampled_from(["X1234567", "GALJ850314HSRRPS07"]),
                                  "country": st.sampled_from(["MX", "us", None])})
    odd = st.one_of(hostile_scalars(), st.just({"kind": "ine", "number": "X1", "expires": "2030-01-01"}))
    return st.one_of(st.lists(st.one_of(good, entry), max_size=MAX_DOCUMENTS + 2),
                     st.lists(st.one_of(good, entry, odd), max_size=3))


def payloads(kind: str) -> dict:
    """Two ways to make a kind's payloads: a good record with a value or two changed, dropped or added;
    and any subset of the fields with any of their values."""
    fields = _fields_of(SUBJECT_FORMS[kind])
    values = {name: field_values(name, field) for name, field in fields.items()}
    values.update({"csrf_token": st.just("x"), "colour": st.text(max_size=5), "documents-0-kind": st.just("ine")})
    lists = [name for name, field in fields.items() if isinstance(field, (FieldList, ListField))]
    change = st.tuples(st.sampled_from(sorted(values)), st.booleans())

    @st.composite
    def changed(draw):
        payload = {"kind": kind, "role": "suspect", **GOOD[kind]}
        if lists and draw(st.booleans()):  # lists have the most shapes: a new one in every other record
            name = draw(st.sampled_from(lists))
            payload[name] = draw(values[name])
        for name, dropped in draw(st.lists(change, max_size=2)):
            if dropped:
                payload.pop(name, None)
            else:
                payload[name] = draw(values[name])
        return payload

    return {"changed": changed(), "anything": st.fixed_dictionaries({"kind": st.just(kind)}, optional=values)}


def reference_from_json(payload: dict, region: str):
    """The API's own path: a fresh form from the body, as ``SubjectForm.from_json`` makes it."""
    payload = dict(payload)
    kind = payload.pop("kind")
    form = SUBJECT_FORMS[kind].from_json(payload, default_region=region)
    if not form.validate():
        return None, form.field_errors()
    return (kind, form.role.data, form.record_data(), form.notes.data or None,
            (form.predicate.data or "").strip() or None), {}


def as_tuple(result):
    record, errors = result
    return (None if record is None else (record.kind, record.role, record.data, record.notes, record.predicate),
            errors)


@pytest.fixture(scope="module")
def validators():
    """One of each per language, kept across examples: nothing of one record may reach the next."""
    return {locale: (SubjectValidator(region), FormSubjectValidator(region)) for locale, region in REGIONS.items()}


@pytest.mark.parametrize("shape", ["changed", "anything"])
@pytest.mark.parametrize("locale", sorted(REGIONS))
@pytest.mark.parametrize("kind", sorted(SUBJECT_FORMS))
def test_compiled_checks_match_the_forms(app, validators, kind, locale, shape):
    compiled, forms = validators[locale]
    with app.app_context():  # the forms' fields are read from a bound form
        generated = payloads(kind)[shape]

    @settings(max_examples=EXAMPLES[shape], deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(generated)
    def check(payload):
        with app.test_request_context(), force_locale(locale):
            expected = as_tuple(forms(payload))
            # repr: the same keys in the same order, and NaN (which JSON decoders accept) equal to itself
            assert repr(as_tuple(compiled(payload))) == repr(expected)
            assert repr(reference_from_json(payload, REGIONS[locale])) == repr(expected)

    check()


def test_every_kind_compiles_and_an_unknown_field_type_does_not(app):
    with app.app_context():
        for form_class in SUBJECT_FORMS.values():
            CompiledForm(form_class, "US")

        class Counted(PersonForm):
            times = IntegerField("Times")

        with pytest.raises(CompileError, match="Counted.times"):
            CompiledForm(Counted, "US")

        class Revalidated(PersonForm):
            def validate(self, extra_validators=None):
                return super().validate(extra_validators)

        with pytest.raises(CompileError, match="validate of its own"):
            CompiledForm(Revalidated, "US")


def test_only_fields_checked_on_their_text_alone_remember_values_that_passed(app):
    with app.app_context():
        person = CompiledForm(PersonForm, "US").form
        vehicle = CompiledForm(SUBJECT_FORMS["vehicle"], "US").form
    remembering = {name for form in (person, vehicle) for name, field in form._fields.items()
                   if getattr(field, "_passes", None) is not None}
    # dob: a check of its own (not in the future) and an inline one; plate and its state: inline checks;
    # aliases: a list; documents: a list of subforms.
    assert {"first_name", "last_name", "role", "sex", "nationality", "make", "model"} <= remembering
    assert not {"dob", "aliases", "documents", "plate", "plate_region", "vin"} & remembering


def test_the_synthetic_import_mix_gives_the_same_records(app):
    rng = random.Random(3)
    rows = [subject_row(rng, n) for n in range(1500)]
    with app.test_request_context():
        compiled, forms = SubjectValidator("US"), FormSubjectValidator("US")
        assert [repr(compiled(row)) for row in rows] == [repr(forms(row)) for row in rows]


def test_one_validator_serves_several_threads(app):
    rng = random.Random(5)
    rows = [subject_row(rng, n) for n in range(400)]
    rows += [{**row, "role": "nobody"} for row in rows[:100]]
    shared = SubjectValidator("MX")
    with app.test_request_context():
        expected = [repr(FormSubjectValidator("MX")(row)) for row in rows]
    seen: dict[int, list] = {}

    def run(worker: int) -> None:
        with app.test_request_context():
            seen[worker] = [repr(shared(row)) for row in (rows if worker % 2 else rows[::-1])]

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(seen[n] == (expected if n % 2 else expected[::-1]) for n in range(4))


# --- each kind of rule, by example ----------------------------------------------------------------

PERSON = {"kind": "person", "role": "suspect", "last_name": "Soto"}
EXAMPLES_BY_RULE = [
    # (payload, field, English message or None for a valid record, a value the record then holds)
    ({"kind": "phone", "role": "suspect"}, "number", "This field is required.", None),
    ({**PERSON, "first_name": "x" * 121}, "first_name", "Field cannot be longer than 120 characters.", None),
    ({**PERSON, "role": "nobody"}, "role", "Not a valid choice.", None),
    ({**PERSON, "dob": "2020-02-30"}, "dob", "Not a valid date value.", None),
    ({**PERSON, "dob": "2999-01-01"}, "dob", "This date is in the future.", None),
    ({**PERSON, "dob": "1899-12-31"}, "dob", "A date of birth before 1900 is not plausible.", None),
    ({**PERSON, "dob": "1987-3-5"}, None, None, ("dob", "1987-03-05")),
    ({**PERSON, "dob": "   "}, "dob", "Not a valid date value.", None),
    ({"kind": "address", "role": "other", "line1": "1 Main St", "city": "Yuma", "latitude": "abc", "longitude": 1},
     "latitude", "Not a valid float value.", None),
    ({"kind": "address", "role": "other", "line1": "1 Main St", "city": "Yuma", "latitude": 91, "longitude": 1},
     "latitude", "Number must be between -90 and 90.", None),
    ({"kind": "address", "role": "other", "line1": "1 Main St", "city": "Yuma", "latitude": 33.1},
     "longitude", "Give both latitude and longitude, or neither.", None),
    ({"kind": "email", "role": "other", "address": "bad@"}, "address", "Invalid email address.", None),
    ({"kind": "email", "role": "other", "address": " Ana@Example.COM "}, None, None,
     ("address", "ana@example.com")),
    ({"kind": "phone", "role": "other", "number": "(602) 555-0199"}, None, None, ("number", "+16025550199")),
    ({"kind": "phone", "role": "other", "number": "garbage"}, "number",
     "Not a valid phone number; include the country code if it is not from your country.", None),
    ({"kind": "vehicle", "role": "other", "plate": "abc-123"}, "plate_region",
     "Give the state that issued the plate.", None),
    ({"kind": "vehicle", "role": "other", "plate": "abc-123", "plate_region": "Sonora"}, None, None,
     ("plate_region", "SON")),
    ({"kind": "vehicle", "role": "other", "vin": "1HGCM82633A004353"}, "vin",
     "This VIN's check digit is wrong; check it for a typo.", None),
    ({"kind": "dealer", "role": "other", "license_number": "9-86-123-01-7D-12345"}, None, None,
     ("license_number", "986123017D12345")),
    ({"kind": "gun_show", "role": "other", "name": "Show", "city": "Tucson", "state": "AZ",
      "starts_on": "2026-05-02", "ends_on": "2026-05-01"}, "ends_on", "The show cannot end before it starts.", None),
    ({"kind": "person", "role": "suspect", "first_name": "Ana"}, "last_name", "Give a surname or at least one alias.",
     None),
    ({**PERSON, "first_name": "A\x00B"}, "first_name", "Remove the control characters (such as NUL) from this text.",
     None),
    ({**PERSON, "aliases": ["Chuy;El Güero", " ", "Pepe\nP"]}, None, None,
     ("aliases", ["Chuy", "El Güero", "Pepe", "P"])),
    ({**PERSON, "aliases": ["x"] * 21}, "aliases", "At most 20 aliases of up to 120 characters each.", None),
    ({**PERSON, "aliases": "Chuy"}, "aliases", "Must be a list of values.", None),
    ({**PERSON, "aliases": ["Chuy", 7]}, "aliases", "Must be a list of texts.", None),
    ({**PERSON, "first_name": 7}, "first_name", "Must be text.", None),
    ({**PERSON, "first_name": ["Ana"]}, "first_name", "Must be a single value, not a list or an object.", None),
    ({**PERSON, "nickname": "Chuy"}, "nickname", "Unknown field.", None),
    ({**PERSON, "documents": [{"kind": "passport"}]}, "documents", "Give both the kind of document and its number.",
     None),
    ({**PERSON, "documents": [{"kind": "passport", "number": "X1", "expires": "2030"}]}, "documents",
     "Unknown field: expires.", None),
    ({**PERSON, "documents": ["X1"]}, "documents", "Invalid input.", None),
    ({**PERSON, "documents": [{"kind": "ine", "number": "X"}] * (MAX_DOCUMENTS + 1)}, "documents",
     f"At most {MAX_DOCUMENTS} identity documents.", None),
    ({**PERSON, "documents": [{}, {"kind": "ine", "number": " X1 ", "country": "mx"}]}, None, None,
     ("documents", [{"kind": "ine", "number": "X1", "country": "MX"}])),
    ({**PERSON, "predicate": " Bought 40 rifles. "}, None, None, ("predicate", "Bought 40 rifles.")),
    ({**PERSON, "kind": "Person"}, "kind", "Not a valid choice.", None),
    ({**PERSON, "kind": ["person"]}, "kind", "Not a valid choice.", None),
]


@pytest.mark.parametrize("payload, field, message, stored", EXAMPLES_BY_RULE)
def test_each_rule_by_example(app, payload, field, message, stored):
    with app.test_request_context():
        record, errors = SubjectValidator("US")(payload)
        assert (record, errors) == FormSubjectValidator("US")(payload)
    if message is not None:
        assert record is None and errors[field] == message, errors
    else:
        assert errors == {}
        assert {**record.data, "predicate": record.predicate}[stored[0]] == stored[1]


def test_the_messages_follow_the_language(app):
    payload = {**PERSON, "first_name": "x" * 121, "dob": "2020-02-30", "role": "nobody", "colour": "red"}
    with app.test_request_context(), force_locale("es"):
        errors = SubjectValidator("MX")(payload)[1]
        assert errors == FormSubjectValidator("MX")(payload)[1]
    with app.test_request_context():
        english = SubjectValidator("MX")(payload)[1]
    assert errors.keys() == english.keys() == {"first_name", "dob", "role", "colour"}
    assert all(errors[name] != english[name] for name in errors), errors
