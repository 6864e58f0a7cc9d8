"""What every form shares: strict fields, and running a form on a JSON body.

The same WTForms class validates a browser form and an API request, so a
rule is written once and its message is translated once.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField, DecimalField, Field, FieldList, FloatField, FormField, IntegerField, SelectField,
    SelectMultipleField, StringField,
)
from wtforms.validators import ValidationError

MAX_ID = 2**31 - 1  # ids are PostgreSQL integers: a larger one names no record (and must not reach a query)
# C0 controls but tab and line breaks, and DEL: nobody types them, and
# PostgreSQL refuses NUL in text outright (a 500 instead of a message).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A single-line field (a title, a name, a number) takes no line break or tab either, nor Unicode's
# line and paragraph separators: such a value breaks every line it is put on — an email's Subject
# header (the outbox could not build the message), a CSV row, a log line.
SINGLE_LINE_REFUSED = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
SINGLE_LINE_TYPES = frozenset({"StringField", "EmailField", "SearchField", "TelField", "URLField"})


def refused_characters(field) -> re.Pattern:
    """What a field refuses: every control character for a single-line field, the rest keep line breaks."""
    return SINGLE_LINE_REFUSED if getattr(field, "type", "") in SINGLE_LINE_TYPES else CONTROL_CHARACTERS


def _has_control_characters(value: object, refused: re.Pattern = CONTROL_CHARACTERS) -> bool:
    if isinstance(value, str):
        return refused.search(value) is not None
    if isinstance(value, (list, tuple)):
        return any(_has_control_characters(item, refused) for item in value)
    return False


def refuse_control_characters(form) -> bool:
    """Mark each text field of the form that holds characters it refuses; False if any does."""
    ok = True
    for field in form:
        if field.name.endswith("csrf_token") or not _has_control_characters(field.data, refused_characters(field)):
            continue
        ok = False
        if not field.errors:
            message = (_l("Remove the control characters (such as NUL) from this text.")
                       if _has_control_characters(field.data) else
                       _l("Keep this text on one line: remove the line breaks and tabs."))
            field.errors = list(field.errors) + [message]
    return ok


# No list in a request holds more entries than this: refused before any entry (or a FieldList's
# sub-form per entry) is built, so a hostile list costs a count, not a form per entry. A form's own
# rule (at most 10 identity documents, 20 aliases, ...) then says the tighter limit in its words.
LIST_LIMIT = 100
TOO_MANY_ENTRIES = _l("At most %(n)d entries in a list.")
_INDEXED = re.compile(r"^(.+?)-(\d+)(?:-|$)")


def bound_lists(form_class: type, formdata):
    """The formdata without the entries of any FieldList given more than LIST_LIMIT of them, and those lists.

    Counting a list's indices is cheap; building a sub-form per index is what
    a hostile request would make the server do.
    """
    if formdata is None or not hasattr(formdata, "keys"):
        return formdata, ()
    lists = {name for name, field in _fields_of(form_class).items() if isinstance(field, FieldList)}
    if not lists:
        return formdata, ()
    indices: dict[str, set[str]] = {}
    for key in formdata.keys():
        found = _INDEXED.match(key)
        if found and found.group(1) in lists:
            indices.setdefault(found.group(1), set()).add(found.group(2))
    over = tuple(name for name, seen in indices.items() if len(seen) > LIST_LIMIT)
    if not over:
        return formdata, ()
    kept = MultiDict()
    for key, value in formdata.items(multi=True):
        found = _INDEXED.match(key)
        if not (found and found.group(1) in over):
            kept.add(key, value)
    return kept, over


REQUIRED = _l("This field is required.")
# The messages WTForms' own fields produce, listed so they are extracted and
# translated with the rest of the catalog.
WTFORMS_MESSAGES = (
    _l("Not a valid integer value."),
    _l("Not a valid float value."),
    _l("Not a valid decimal value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid choice."),
    _l("Invalid email address."),
    _l("Invalid input."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field cannot be longer than %(max)d character."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be at least %(min)d character long."),
    _l("Field must be at least %(min)d characters long."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("'%(value)s' are not valid choices for this field."),
    _l("The CSRF token is missing."),
    _l("The CSRF token is invalid."),
    _l("The CSRF token has expired."),
    _l("The CSRF tokens do not match."),
    _l("Invalid CSRF Token."),
    _l("CSRF failed."),
    _l("CSRF token missing."),
)


class BaseForm(FlaskForm):
    """A form that can also validate a JSON body (without CSRF: the API uses tokens)."""

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """WTForms' processing, with every list bounded before its entries are built."""
        formdata, self._too_long = bound_lists(type(self), self.meta.wrap_formdata(self, formdata))
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)

    @classmethod
    def from_json(cls, payload: object, **kwargs) -> "BaseForm":
        """Build the form from a decoded JSON object; type errors become field errors."""
        formdata, errors = json_to_formdata(cls, payload)
        form = cls(formdata=formdata, meta={"csrf": False}, **kwargs)
        form._json_errors = errors
        form._json_keys = set(payload) if isinstance(payload, dict) else set()
        return form

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = refuse_control_characters(self) and ok
        for name, message in self.cross_field_errors():
            if not self[name].errors:
                self[name].errors = list(self[name].errors) + [message]
            ok = False
        for name, message in getattr(self, "_json_errors", {}).items():
            self.form_errors_for(name).append(message)
            ok = False
        for name in getattr(self, "_too_long", ()):
            self.form_errors_for(name).insert(0, TOO_MANY_ENTRIES % {"n": LIST_LIMIT})
            ok = False
        return ok

    def cross_field_errors(self):
        """Rules that tie fields together, as (field name, message) pairs.

        Field-level ``validate_<name>`` methods do not run on an empty
        optional field, so "give X when Y" rules belong here.
        """
        return ()

    def form_errors_for(self, name: str) -> list:
        if name in self._fields:
            field = self._fields[name]
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            return field.errors
        self._extra_errors = getattr(self, "_extra_errors", {})
        return self._extra_errors.setdefault(name, [])

    def provided(self, name: str) -> bool:
        """For a JSON body: was the field present (PATCH semantics)."""
        return name in getattr(self, "_json_keys", set())

    def field_errors(self) -> dict[str, str]:
        """Each failing field with its first message, for the API's error body."""
        out: dict[str, str] = {}
        for name, errors in self.errors.items():
            if name == "csrf_token":
                continue
            first = _first_message(errors)
            if first:
                out[name] = str(first)
        for name, errors in getattr(self, "_extra_errors", {}).items():
            out[name] = str(errors[0])
        return out


def _first_message(errors) -> str | None:
    if isinstance(errors, dict):
        for value in errors.values():
            found = _first_message(value)
            if found:
                return found
        return None
    for item in errors:
        found = _first_message(item) if isinstance(item, (list, dict)) else item
        if found:
            return found
    return None


def json_to_formdata(form_class: type, payload: object) -> tuple[MultiDict, dict[str, str]]:
    """Flatten a JSON object into the form's field names, checking value shapes."""
    formdata: MultiDict = MultiDict()
    errors: dict[str, str] = {}
    if not isinstance(payload, dict):
        errors["_body"] = str(_l("The body must be a JSON object."))
        return formdata, errors
    fields = _fields_of(form_class)
    for key, value in payload.items():
        if key not in fields or key == "csrf_token":
            errors[key] = str(_l("Unknown field."))
            continue
        _flatten(key, fields[key], value, formdata, errors)
    return formdata, errors


_FIELDS: dict[type, dict[str, Field]] = {}


def _fields_of(form_class: type) -> dict[str, Field]:
    """A form class's fields by name, bound once (only their types and shapes are read)."""
    if form_class not in _FIELDS:
        _FIELDS[form_class] = dict(form_class(meta={"csrf": False}, formdata=None)._fields)
    return _FIELDS[form_class]


def _flatten(key: str, field: Field, value: object, formdata: MultiDict, errors: dict) -> None:
    if value is None:
        return
    if isinstance(value, list) and len(value) > LIST_LIMIT:
        errors[key] = str(TOO_MANY_ENTRIES % {"n": LIST_LIMIT})
        return
    if isinstance(field, FieldList):
        if not isinstance(value, list):
            errors[key] = str(_l("Must be a list."))
            return
        nested = issubclass(field.unbound_field.field_class, FormField)
        known = set(field.entries[0].form._fields) if nested and field.entries else set()
        for index, item in enumerate(value):
            if isinstance(item, dict) and nested:
                for sub, subvalue in item.items():
                    if sub not in known:
                        errors[key] = str(_l("Unknown field: %(name)s.", name=sub))
                    elif isinstance(subvalue, (dict, list)):
                        errors[key] = str(_l("Must be a single value, not a list or an object."))
                    elif subvalue is not None and not isinstance(subvalue, str):
                        errors[key] = str(_l("Must be text."))
                    elif subvalue is not None:
                        formdata.add(f"{key}-{index}-{sub}", _scalar(subvalue))
            elif not isinstance(item, (dict, list)) and not nested:
                formdata.add(f"{key}-{index}", _scalar(item))
            else:
                errors[key] = str(_l("Invalid input."))
        return
    if isinstance(field, SelectMultipleField) or getattr(field, "accepts_list", False):
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
            errors[key] = str(_l("Must be a list of values."))
            return
        if isinstance(field, ListField) and any(not isinstance(v, str) for v in value):
            errors[key] = str(_l("Must be a list of texts."))
            return
        for item in value:
            formdata.add(key, _scalar(item))
        return
    if isinstance(value, (dict, list)):
        errors[key] = str(_l("Must be a single value, not a list or an object."))
        return
    if getattr(field, "type", "") == "BooleanField":
        if not isinstance(value, bool):
            errors[key] = str(_l("Must be true or false."))
        elif value:
            formdata.add(key, "y")
        return
    mistyped = _mistyped(field, value)
    if mistyped:
        errors[key] = str(mistyped)
        return
    formdata.add(key, _scalar(value))


def _mistyped(field: Field, value: object):
    """Why a JSON scalar does not suit the field (a number for a name, text for a number), or None.

    Only text goes into text and date fields, only numbers (or numeric text)
    into number fields; a choice takes text or a whole number (ids).
    """
    if isinstance(field, (IntegerField, FloatField, DecimalField)):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)) or value == "":
            return _l("Must be a number.")
        return None
    if isinstance(field, SelectField):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return _l("Must be text.")
        return _l("Not a valid choice.") if value == "" else None  # JSON says "not given" with null
    if isinstance(field, (StringField, DateField)) and not isinstance(value, str):
        return _l("Must be text.")
    if isinstance(field, DateField) and not value.strip():
        return _l("Not a valid date value.")
    return None


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class CodeField(SelectField):
    """A choice among codes; an empty value counts as not given."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = valuelist[0].strip() or None

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        choices = self.choices
        if getattr(self, "_allowed_for", None) is not choices:  # choices may be replaced after binding
            self._allowed, self._allowed_for = {c.value for c in choices if c.value != ""}, choices
        if self.data not in self._allowed:
            raise ValidationError(_l("Not a valid choice."))


class ListField(StringField):
    """Several short text values (aliases): one per line in a browser, a list in JSON."""

    accepts_list = True

    def process_formdata(self, valuelist):
        values: list[str] = []
        for raw in valuelist:
            values.extend(part.strip() for part in str(raw).replace(";", "\n").splitlines())
        self.data = [v for v in values if v]

    def _value(self):
        return "\n".join(self.data or [])


class IdListField(StringField):
    """Several record ids: checkboxes in a browser, a list of integers in JSON."""

    accepts_list = True

    def process_formdata(self, valuelist):
        self.data = []
        for raw in valuelist:
            for part in str(raw).replace(",", " ").split():
                if not part.isdigit():
                    raise ValueError(_l("Must be a list of record ids."))
                self.data.append(int(part))

    def process_data(self, value):
        self.data = list(value or [])


class AwareDateTimeField(StringField):
    """A moment in time: ISO 8601 with an offset, or a local time plus the form's time zone.

    Browsers send `datetime-local` values without an offset; the form's
    ``timezone`` field says where that wall-clock time is. A JSON client must
    give the offset (or Z) itself.
    """

    def process_formdata(self, valuelist):
        self.data = None
        self.raw = (valuelist[0] or "").strip() if valuelist else ""
        if not self.raw:
            return
        try:
            self.data = datetime.fromisoformat(self.raw.replace("z", "Z"))
        except ValueError:
            self.data = None
            raise ValueError(_l("Not a valid date and time; use ISO 8601, e.g. 2026-03-14T08:00:00-07:00."))
        if not 1900 <= self.data.year <= 2999:  # nothing is planned in year 1 (and its UTC would not exist)
            self.data = None
            raise ValueError(_l("Give a date between the years 1900 and 2999."))

    def localise(self, zone_name: str | None) -> None:
        """Attach the form's time zone to a wall-clock value that came without one."""
        if self.data is None or self.data.tzinfo is not None:
            return
        if not zone_name:
            self.errors.append(_l("Give the time with an offset (e.g. -07:00 or Z)."))
            self.data = None
            return
        self.data = self.data.replace(tzinfo=ZoneInfo(zone_name))

    def _value(self):
        if isinstance(self.data, datetime):
            return self.data.strftime("%Y-%m-%dT%H:%M")
        return getattr(self, "raw", "") or ""


def valid_zone(form, field) -> None:
    """An IANA time zone name such as America/Phoenix."""
    if field.data:
        try:
            ZoneInfo(field.data)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(_l("Not a known time zone."))


def not_in_future(form, field) -> None:
    """A date that has already happened (cases are opened, not planned)."""
    if isinstance(field.data, date) and field.data > date.today():
        raise ValidationError(_l("This date is in the future."))
