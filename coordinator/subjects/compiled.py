"""Subject forms compiled once for bulk validation: their rules, without WTForms' per-record cost.

Refilling a bound WTForms form costs far more than its rules (a person's
``documents`` list alone binds a form per entry). A kind's form class is read
once instead: each field's class, validators, filters and choices, and the
form's inline ``validate_<name>`` methods. A record then runs on stand-ins
(``stand_ins``): fields holding the ``data``, ``raw_data`` and ``errors`` the
validators read, in an instance of the kind's own form class that was never
bound, so its ``cross_field_errors``, ``record_data`` and ``field_errors``
(and a subform's ``validate``) run as written.

Only machinery is written again: WTForms' processing and validation of a
field, the order in which ``SubjectForm.validate`` and ``BaseForm.validate``
apply the rules (a change there must be made in ``CompiledForm.validate``
too), and shortcuts to the same result: non-blank text for a single-valued
field is filed as ``json_to_formdata`` files it (probed when compiling), an
ISO date is read without strptime, and what a field left empty and a list's
blank entry come to is worked out once. The rules, their messages and every
other JSON check (``_flatten``) stay in the forms. A field class, hook or
override not known here is refused when the form is compiled, never run
differently; ``tests/test_subject_validation_equivalence.py`` holds these
checks and the bound forms to the same results.

Imports use these checks, and so does ``validate_subject``: it takes plain
values and renders no page, so nothing needs a bound form, and a compiled
form is kept per region between calls. The API's single-record handlers keep
binding the forms (``from_json``): one record a request gains little from
compiling, and the pages render the same forms.
"""
from __future__ import annotations

from wtforms.fields.core import Field

from ..forms import _fields_of, _flatten, _has_control_characters, json_to_formdata, refuse_control_characters, \
    refused_characters
from .forms import SubjectForm
from .stand_ins import CompileError, StandInField, stand_in_form

# Non-blank texts of every shape a single-valued field is given: json_to_formdata files each as it is.
TEXT_PROBES = ("x", " Ana María ", "1990-01-01", "12.5", "0", "-7", "\x00", "a\nb;c", "null", "[]")


class CompiledForm:
    """A kind's form read once; ``fill`` gives a form to ``validate`` as ``SubjectForm.from_json`` would."""

    def __init__(self, form_class: type[SubjectForm], default_region: str):
        if form_class.validate is not SubjectForm.validate:
            raise CompileError(f"{form_class.__name__} has a validate of its own")
        self.form_class = form_class
        self.fields = _fields_of(form_class)  # the fields json_to_formdata checks values against
        self.form = form = stand_in_form(form_class, self.fields, inline=True)
        form.default_region, form.require_predicate = default_region, False
        form.validate = self.validate  # in place of SubjectForm.validate, for this stand-in only
        self._texts = [(field, refused_characters(field)) for field in form._fields.values()
                       if isinstance(field, StandInField)]
        self._text_as_given = {name for name, field in self.fields.items() if _files_text_as_given(name, field)}

    def fill(self, payload: dict) -> SubjectForm:
        """The stand-in form holding one record's values (``payload`` without its kind), not yet validated."""
        formdata = _Values()
        errors: dict = {}
        for key, value in payload.items():
            if type(value) is str and key in self._text_as_given and value.strip():
                formdata[key] = [value]
            elif key in self.fields:
                _flatten(key, self.fields[key], value, formdata, errors)
            else:
                errors.update(json_to_formdata(self.form_class, {key: value})[1])
        form = self.form
        for field in form._fields.values():
            field.process(formdata)
        form._json_errors, form._json_keys, form._extra_errors = errors, set(payload), {}
        return form

    def validate(self) -> bool:
        """``SubjectForm.validate`` without the pages' required predicate: its steps, in its order."""
        form = self.form
        ok = True
        for field in form._fields.values():
            if not field.validate(form):
                ok = False
        # It changes nothing when no text holds one; SubjectForm's second call finds every such field marked.
        if self._has_control_characters():
            ok = refuse_control_characters(form) and ok
        for name, message in form.cross_field_errors():
            if not form[name].errors:
                form[name].errors = list(form[name].errors) + [message]
            ok = False
        for name, message in form._json_errors.items():
            form.form_errors_for(name).append(message)
            ok = False
        return ok

    def _has_control_characters(self) -> bool:
        for field, refused in self._texts:  # a FieldList's data is dicts, which never count
            data = field.data
            if refused.search(data) if type(data) is str else \
                    data is not None and _has_control_characters(data, refused):
                return True
        return False


def _files_text_as_given(name: str, field: Field) -> bool:
    """Whether ``json_to_formdata`` files non-blank text given for the field as it is (probed once).

    It does for every single-valued field, refusing only blanks there; lists
    and booleans take no text. Values of any other type always go through it.
    """
    for probe in TEXT_PROBES:
        formdata, errors = _Values(), {}
        _flatten(name, field, probe, formdata, errors)
        if errors or formdata != {name: [probe]}:
            return False
    return True


class _Values(dict):
    """Submitted values by field name: what ``json_to_formdata``'s MultiDict would hold."""

    def add(self, key: str, value: str) -> None:
        if key in self:
            self[key].append(value)
        else:
            self[key] = [value]
