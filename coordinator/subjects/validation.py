"""Validating one subject record given as plain values (an API body, an imported row)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from .forms import SUBJECT_FORMS


@dataclass
class ValidRecord:
    """A record that passed its kind's rules, with its data as stored."""

    kind: str
    role: str
    data: dict
    notes: str | None


def validate_subject(payload: dict, default_region: str) -> tuple[ValidRecord | None, dict[str, str]]:
    """Check a record's values with its kind's form; return it, or the message for each bad field."""
    payload = dict(payload)
    kind = payload.pop("kind", None)
    if kind not in SUBJECT_FORMS:
        return None, {"kind": _("Not a valid choice.")}
    form = SUBJECT_FORMS[kind].from_json(payload, default_region=default_region)
    if not form.validate():
        return None, form.field_errors()
    return ValidRecord(kind, form.role.data, form.record_data(), form.notes.data or None), {}
