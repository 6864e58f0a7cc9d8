"""Validating subject records given as plain values (an API body, an imported row)."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from flask_babel import gettext as _

from ..forms import json_to_formdata
from .compiled import CompiledForm
from .forms import SUBJECT_FORMS, SubjectForm


@dataclass
class ValidRecord:
    """A record that passed its kind's rules, with its data as stored."""

    kind: str
    role: str
    data: dict
    notes: str | None
    predicate: str | None = None  # 28 CFR 23.20(a); a row without one is listed for review


class SubjectValidator:
    """Checks records with their kind's form rules, compiled once per kind (``compiled``).

    A form holds one record at a time, so each thread fills forms of its own
    and one validator may serve several threads.
    """

    def __init__(self, default_region: str):
        self.default_region = default_region
        self._local = threading.local()

    def _forms(self) -> dict:
        """This thread's forms by kind."""
        try:
            return self._local.forms
        except AttributeError:
            self._local.forms = {}
            return self._local.forms

    def _filled(self, kind: str, payload: dict) -> SubjectForm:
        """A form of the kind holding the record's values, not yet validated."""
        forms = self._forms()
        if kind not in forms:
            forms[kind] = CompiledForm(SUBJECT_FORMS[kind], self.default_region)
        return forms[kind].fill(payload)

    def __call__(self, payload: dict) -> tuple[ValidRecord | None, dict[str, str]]:
        """The record as stored, or the message for each bad field."""
        payload = dict(payload)
        kind = payload.pop("kind", None)
        if not isinstance(kind, str) or kind not in SUBJECT_FORMS:
            return None, {"kind": _("Not a valid choice.")}
        form = self._filled(kind, payload)
        if not form.validate():
            return None, form.field_errors()
        return ValidRecord(kind, form.role.data, form.record_data(), form.notes.data or None,
                           (form.predicate.data or "").strip() or None), {}


class FormSubjectValidator(SubjectValidator):
    """The same checks on one bound WTForms form per kind, refilled for each record.

    Several times slower; kept as the reference the compiled checks are
    tested and measured against.
    """

    def _filled(self, kind: str, payload: dict) -> SubjectForm:
        forms = self._forms()
        if kind not in forms:
            forms[kind] = SUBJECT_FORMS[kind](formdata=None, meta={"csrf": False}, default_region=self.default_region)
        form = forms[kind]
        formdata, errors = json_to_formdata(SUBJECT_FORMS[kind], payload)
        form.process(formdata)
        form._json_errors, form._json_keys, form._extra_errors = errors, set(payload), {}
        return form


_SHARED: dict[str, SubjectValidator] = {}


def validate_subject(payload: dict, default_region: str) -> tuple[ValidRecord | None, dict[str, str]]:
    """Check one record's values with its kind's rules (the compiled forms are kept for the next call)."""
    validator = _SHARED.get(default_region) or _SHARED.setdefault(default_region, SubjectValidator(default_region))
    return validator(payload)
