"""The administrators' forms for peers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length

from ..forms import REQUIRED, BaseForm


class PeerForm(BaseForm):
    """A peer as its own `federation identity` prints it."""

    name = StringField(_l("Peer name"), validators=[DataRequired(REQUIRED), Length(max=63)])
    url = StringField(_l("Base URL"), validators=[DataRequired(REQUIRED), Length(max=500)])
    key = StringField(_l("Public key"), validators=[DataRequired(REQUIRED), Length(max=64)])


class PeerStatusForm(BaseForm):
    """Suspend or resume one peer."""

    name = HiddenField(validators=[DataRequired(REQUIRED), Length(max=63)])
    status = HiddenField(validators=[AnyOf(("active", "suspended"))])
