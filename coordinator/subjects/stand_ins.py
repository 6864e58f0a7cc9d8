"""Stand-ins for bound WTForms fields: what the forms' validators and methods read, refilled per record.

A stand-in is built once from a bound field and copies what its validators
touch (``data``, ``raw_data``, ``errors``, ``gettext``, the field's own
translations); WTForms' ``process`` and ``validate`` are followed step by
step, and the field class's own hooks (``process_formdata``,
``pre_validate``) run on the stand-in as written. A field whose class or
hooks are not known here raises ``CompileError`` when it is built.
"""
from __future__ import annotations

import re
from datetime import date

from wtforms import DateField, FieldList, FloatField, Form, FormField, StringField
from wtforms import validators as checks
from wtforms.fields.choices import SelectField
from wtforms.fields.core import Field
from wtforms.validators import StopValidation, ValidationError

from ..forms import CodeField, ListField
from .forms import PURE_FILTERS


class CompileError(TypeError):
    """A form uses a field type or hook that the stand-ins cannot run exactly as WTForms would."""


# The hooks run on a stand-in as their field class wrote them, with the attributes each reads.
HOOK_READS = {
    Field.process_formdata: (), StringField.process_formdata: (), ListField.process_formdata: (),
    CodeField.process_formdata: (), FloatField.process_formdata: ("invalid_value_message",),
    DateField.process_formdata: ("strptime_format", "invalid_value_message"),
    Field.pre_validate: (), CodeField.pre_validate: ("choices",),
}
# WTForms' steps that the stand-ins take in its place, with the implementations they follow.
MACHINERY = {"process": (Field.process,), "process_data": (Field.process_data, SelectField.process_data),
             "validate": (Field.validate,), "post_validate": (Field.post_validate,),
             "post_process": (Field.post_process, SelectField.post_process)}
ENTRIES_KEPT = 16  # list entries kept for the next record; a longer (hostile) list is built per record
# WTForms' checks that read nothing but the field's values (never the form, the clock or the language of a pass).
PURE_VALIDATORS = (checks.Optional, checks.DataRequired, checks.InputRequired, checks.Length, checks.NumberRange,
                   checks.AnyOf, checks.NoneOf, checks.Regexp)
PASSES_KEPT = 4_096  # values remembered per field; past that the field starts again
_UNKNOWN = object()
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_formdata(field, valuelist: list) -> None:
    """``DateField.process_formdata`` for "%Y-%m-%d", reading the usual spelling without strptime (far slower).

    On ASCII YYYY-MM-DD, strptime and ``date.fromisoformat`` agree: the same
    date or a ValueError. Any other text, and every error (for its message),
    goes to DateField's own.
    """
    if len(valuelist) == 1 and ISO_DATE.fullmatch(valuelist[0]):
        try:
            field.data = date.fromisoformat(valuelist[0])
            return
        except ValueError:
            pass
    DateField.process_formdata(field, valuelist)


class _FormRead(BaseException):
    """Raised by reading ``_UnreadForm``; not an Exception, so no check's own ``except`` swallows it."""


class _UnreadForm:
    """A form that cannot be read: a check of an empty field that passes without it passes for every record."""

    def __getattr__(self, name: str):
        raise _FormRead(name)


_UNREAD_FORM = _UnreadForm()


class _StandIn:
    """What every stand-in copies of its field; ``gettext`` and ``ngettext`` are the field's own."""

    gettext = Field.gettext
    ngettext = Field.ngettext

    def _copy(self, field: Field, inline) -> None:
        self.name, self.short_name, self.type, self.label = field.name, field.short_name, field.type, field.label
        self.flags, self._translations = field.flags, field._translations
        self.validators = tuple(field.validators)
        self.chain = self.validators + ((inline,) if inline else ())  # or a subform's validate passes it
        self.errors: list = []


class StandInField(_StandIn):
    """A single-valued field (text, date, number, choice) or a ListField of texts."""

    def __init__(self, field: Field, form_class: type, name: str, inline=None):
        _refuse_unknown(field, form_class)
        self._copy(field, inline)
        self.name = name
        hooks = type(field)
        self.filters = tuple(field.filters)
        self._process_formdata = hooks.process_formdata
        if hooks.process_formdata is DateField.process_formdata and field.format == ["%Y-%m-%d"]:
            self._process_formdata = _iso_date_formdata
        self._pre_validate = None if hooks.pre_validate is Field.pre_validate else hooks.pre_validate
        for attribute in HOOK_READS[hooks.process_formdata] + HOOK_READS[hooks.pre_validate]:
            setattr(self, attribute, getattr(field, attribute))
        # Hooks, filters and checks are functions of the field and its form. With nothing
        # submitted most fields process to None, and many pass without reading the form:
        # those come out the same for every record, so they are worked out once, here.
        self._run_process([])
        self._none_unsubmitted = self.data is None and not self.process_errors
        # Where every step is a function of the submitted text alone, a text that passed once
        # passes again with the same data (names, roles, codes repeat from record to record).
        self._passes = {} if _pure(field, inline, self._process_formdata, self._pre_validate) else None
        self._passed = False
        try:
            self._empty_passes = self._none_unsubmitted and self.validate(_UNREAD_FORM) and self.data is None
        except _FormRead:
            self._empty_passes = False

    def process(self, formdata: dict) -> None:
        """``Field.process``: the data from the submitted text, then the filters."""
        raw_data = formdata.get(self.name)
        if raw_data is None and self._none_unsubmitted:
            self.raw_data, self.data, self.process_errors = [], None, []
            self._passed = self._empty_passes
        elif self._passes is not None and raw_data is not None and len(raw_data) == 1 \
                and (data := self._passes.get(raw_data[0], _UNKNOWN)) is not _UNKNOWN:
            self.raw_data, self.data, self.process_errors = raw_data, data, []
            self._passed = True
        else:
            self._run_process(raw_data or [])
            self._passed = False

    def _run_process(self, raw_data: list) -> None:
        self.process_errors = []
        self.data = None  # what process_data makes of no default (_refuse_unknown)
        self.raw_data = raw_data
        try:
            self._process_formdata(self, raw_data)
        except ValueError as e:
            self.process_errors.append(e.args[0])
        try:
            for filter_ in self.filters:
                self.data = filter_(self.data)
        except ValueError as e:
            self.process_errors.append(e.args[0])

    def validate(self, form, extra_validators=()) -> bool:
        """``Field.validate``: the choice check, then the validators until one stops the chain."""
        if self._passed and not extra_validators:
            self.errors = []
            return True
        self.errors = list(self.process_errors)
        if self._pre_validate is not None:
            try:
                self._pre_validate(self, form)
            except StopValidation as e:
                if e.args and e.args[0]:
                    self.errors.append(e.args[0])
                return not self.errors
            except ValidationError as e:
                self.errors.append(e.args[0])
        _run_chain(self, form, self.chain + tuple(extra_validators) if extra_validators else self.chain)
        if self._passes is not None and not self.errors and not extra_validators and len(self.raw_data) == 1 \
                and type(self.raw_data[0]) is str:
            if len(self._passes) >= PASSES_KEPT:
                self._passes.clear()
            self._passes[self.raw_data[0]] = self.data
        return not self.errors


def _pure(field: Field, inline, process_formdata, pre_validate) -> bool:
    """Whether the field's data and verdict depend on its submitted text alone, and its data never changes.

    No inline check (it may read the form), no choice check but a code's
    (its choices are the field's own), only filters declared pure and
    WTForms' own field-only checks; a list's data is a list, which a caller
    could change, so lists are left out.
    """
    return (inline is None and process_formdata is not ListField.process_formdata
            and pre_validate in (None, CodeField.pre_validate)
            and all(filter_ in PURE_FILTERS for filter_ in field.filters)
            and all(type(check) in PURE_VALIDATORS for check in field.validators))


class StandInEntry:
    """One ``FormField`` entry of a list: a never-bound subform over stand-in fields."""

    def __init__(self, form: Form, blank: bool = False):
        self.form, self.blank = form, blank

    @property
    def data(self) -> dict:
        return self.form.data

    @property
    def errors(self) -> dict:
        return self.form.errors

    def validate(self, form) -> bool:
        return self.form.validate()


class StandInList(_StandIn):
    """A ``FieldList`` of ``FormField`` entries: one per submitted index, else the blank one."""

    _extract_indices = FieldList._extract_indices

    def __init__(self, field: FieldList, form_class: type, inline=None):
        where = f"{form_class.__name__}.{field.short_name}"
        if type(field) is not FieldList or field.unbound_field.field_class is not FormField:
            raise CompileError(f"{where}: only a FieldList of FormField entries compiles")
        if field.max_entries or field.min_entries > 1:  # blanks could then read values, or values be dropped
            raise CompileError(f"{where}: max_entries or more than one blank entry does not compile")
        self._copy(field, inline)
        self.min_entries, self._separator, self._field_separator = \
            field.min_entries, field._separator, field._field_separator
        entry = field.entries[0]
        self._entry_class, self._entry_fields, self._entry_separator = \
            type(entry.form), entry.form._fields, entry.separator
        self._kept: dict[int, StandInEntry] = {}
        self.entries: list[StandInEntry] = []
        # The entry WTForms adds when nothing was submitted is always the same: processed and checked once.
        self._blank = StandInEntry(self._entry_form(0), blank=True)
        for stand_in in self._blank.form._fields.values():
            stand_in.process({})
        if self.min_entries and not self._blank.validate(self):
            raise CompileError(f"{where}: an entry left blank must pass")

    @property
    def data(self) -> list:
        return [entry.data for entry in self.entries]

    def process(self, formdata: dict) -> None:
        """``FieldList.process``: an entry for each submitted index in order, else the blank entry."""
        self.entries = [self._entry(index) for index in sorted(set(self._extract_indices(self.name, formdata)))]
        for entry in self.entries:
            for field in entry.form._fields.values():
                field.process(formdata)
        if not self.entries and self.min_entries:
            self.entries = [self._blank]

    def validate(self, form, extra_validators=()) -> bool:
        """``FieldList.validate``: every entry first, then the list's own validators."""
        errors = []
        for entry in self.entries:
            if not entry.blank:
                entry.validate(form)
            errors.append(entry.errors)
        self.errors = errors if any(errors) else []
        _run_chain(self, form, self.chain + tuple(extra_validators))
        return not self.errors

    def _entry(self, index: int) -> StandInEntry:
        entry = self._kept.get(index) or StandInEntry(self._entry_form(index))
        if index < ENTRIES_KEPT:
            self._kept[index] = entry
        return entry

    def _entry_form(self, index: int) -> Form:
        return stand_in_form(self._entry_class, self._entry_fields,
                             f"{self.name}{self._separator}{index}{self._entry_separator}")


def _run_chain(field, form, validators) -> None:
    """``Field._run_validation_chain``: a message per failing validator; StopValidation ends the chain."""
    for validator in validators:
        try:
            validator(form, field)
        except StopValidation as e:
            if e.args and e.args[0]:
                field.errors.append(e.args[0])
            return
        except ValidationError as e:
            field.errors.append(e.args[0])


def _refuse_unknown(field: Field, form_class: type) -> None:
    where = f"{form_class.__name__}.{field.short_name} ({type(field).__name__})"
    hooks = type(field)
    for hook in (hooks.process_formdata, hooks.pre_validate):
        if hook not in HOOK_READS:
            raise CompileError(f"{where}: no stand-in runs its {hook.__name__}")
    for name, followed in MACHINERY.items():
        if getattr(hooks, name) not in followed:
            raise CompileError(f"{where}: its own {name} is not followed here")
    if field.default is not None or getattr(field, "_datalist", None) is not None \
            or getattr(field, "_choices_callable", None) is not None:
        raise CompileError(f"{where}: a default, a datalist or choices computed per form do not compile")
    if getattr(form_class, f"filter_{field.short_name}", None) is not None:
        raise CompileError(f"{where}: inline filters do not compile")


def stand_in_form(form_class: type, fields: dict[str, Field], prefix: str = "", inline: bool = False) -> Form:
    """An instance of the form class, never bound, whose fields are stand-ins named with ``prefix``.

    Its own methods (``validate`` of a subform, ``cross_field_errors``,
    ``record_data``, ``field_errors``) run on it as on a bound form. With
    ``inline`` each field's checks end with the form's ``validate_<name>``,
    found as ``Form.validate`` finds it, for a caller that validates the
    fields itself.
    """
    form = form_class.__new__(form_class)
    form._fields = {}
    for name, field in fields.items():
        if isinstance(field, FieldList) and prefix:
            raise CompileError(f"{form_class.__name__}.{name}: a list inside a list's entries does not compile")
        check = getattr(form_class, f"validate_{name}", None) if inline else None
        stand_in = StandInList(field, form_class, check) if isinstance(field, FieldList) \
            else StandInField(field, form_class, prefix + name, check)
        form._fields[name] = stand_in
        setattr(form, name, stand_in)
    form.form_errors, form._form_error_key = [], ""
    return form
