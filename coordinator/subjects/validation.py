"""Validating subject records given as plain values (an API body, an imported row)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ..forms import json_to_formdata
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
    """Checks records with their kind's form; one form per kind, refilled for each record.

    Binding a WTForms form is most of its cost, so an import keeps one bound
    form per kind instead of building one per row; the rules and the
    messages are the forms' own.
    """

    def __init__(self, default_region: str):
        self.default_region = default_region
        self._forms: dict[str, SubjectForm] = {}

    def _form(self, kind: str) -> SubjectForm:
        if kind not in self._forms:
            self._forms[kind] = SUBJECT_FORMS[kind](formdata=None, meta={"csrf": False},
                                                    default_region=self.default_region)
        return self._forms[kind]

    def __call__(self, payload: dict) -> tuple[ValidRecord | None, dict[str, str]]:
        """The record as stored, or the message for each bad field."""
        payload = dict(payload)
        kind = payload.pop("kind", None)
        if not isinstance(kind, str) or kind not in SUBJECT_FORMS:
            return None, {"kind": _("Not a valid choice.")}
        form = self._form(kind)
        formdata, errors = json_to_formdata(SUBJECT_FORMS[kind], payload)
        form.process(formdata)
        form._json_errors, form._json_keys, form._extra_errors = errors, set(payload), {}
        if not form.validate():
            return None, form.field_errors()
        return ValidRecord(kind, form.role.data, form.record_data(), form.notes.data or None,
                           (form.predicate.data or "").strip() or None), {}


def validate_subject(payload: dict, default_region: str) -> tuple[ValidRecord | None, dict[str, str]]:
    """Check one record's values with its kind's form."""
    return SubjectValidator(default_region)(payload)
