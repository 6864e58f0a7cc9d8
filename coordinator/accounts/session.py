"""How Flask-Login finds the user of a browser session."""
from __future__ import annotations

from flask import session
from flask_babel import lazy_gettext as _l

from ..extensions import db, login_manager
from .models import User

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.login_message_category = "info"
# Sessions are bound to their address and browser by security.sessions (Flask-Login's "strong"
# protection does nothing for permanent sessions).
login_manager.session_protection = None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session's user, unless the account was deactivated or all its sessions were ended since."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or session.get("_generation") != user.session_generation:
        return None
    return user
