"""The review forms: alert actions, match judgements, clearance decisions, transitions.

Each validates a browser form and an API body alike (``BaseForm.from_json``).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..codes import CLEARANCE_DECISIONS, OPERATION_STATUSES, options
from ..conflicts.services import RESOLUTIONS
from ..forms import REQUIRED, BaseForm, CodeField
from ..operations.lifecycle import DECISIONS, TARGETS

NOTE_MAX = 2000
MATCH_DECISIONS = {"confirmed": _l("Same — confirm the match"), "rejected": _l("Not the same — reject")}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _note(label, required: bool = False) -> TextAreaField:
    first = DataRequired(REQUIRED) if required else Optional()
    return TextAreaField(label, validators=[first, Length(max=NOTE_MAX)], filters=[_strip])


class AcknowledgeForm(BaseForm):
    """Seen, and in touch with the other side."""

    note = _note(_l("Note"))


class ResolveForm(BaseForm):
    """The agency's decision on an alert."""

    resolution = CodeField(_l("Decision"), choices=options(RESOLUTIONS.items(), blank=True),
                           validators=[DataRequired(REQUIRED)])
    note = _note(_l("Note"))


class ReopenForm(BaseForm):
    """Take a decision back: why."""

    note = _note(_l("Why reopen it"), required=True)


class MatchJudgementForm(BaseForm):
    """The same thing, or not: with the reviewer's reasons."""

    decision = CodeField(_l("Judgement"), choices=options(MATCH_DECISIONS.items(), blank=True),
                         validators=[DataRequired(REQUIRED)])
    note = _note(_l("Note"), required=True)


class ClearanceForm(BaseForm):
    """A clearing agency's decision on an operation."""

    decision = CodeField(_l("Decision"), choices=options(((d, CLEARANCE_DECISIONS[d]) for d in DECISIONS),
                                                         blank=True),
                         validators=[DataRequired(REQUIRED)])
    note = _note(_l("Note"))

    def cross_field_errors(self):
        if self.decision.data == "refused" and not self.note.data:
            yield "note", _l("Say why the clearance is refused.")


class TransitionForm(BaseForm):
    """Move an operation along its lifecycle; a supervisor may override an unresolved critical alert."""

    to = CodeField(_l("New status"), choices=options(((t, OPERATION_STATUSES[t]) for t in TARGETS), blank=True),
                   validators=[DataRequired(REQUIRED)])
    reason = _note(_l("Reason"))
    override = BooleanField(_l("Override the unresolved critical alert (supervisor)"))
    # An override is asked twice: the page first says what it will do, then this confirms it.
    confirmed = BooleanField(_l("I confirm the override"))

    def cross_field_errors(self):
        if self.override.data and not self.reason.data:
            yield "reason", _l("An override needs its reason.")
