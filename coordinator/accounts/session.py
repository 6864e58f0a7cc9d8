"""How Flask-Login finds the user of a browser session."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..extensions import db, login_manager
from .models import User

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))
