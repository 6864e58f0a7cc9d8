"""Which language and time zone a request is shown in."""
from __future__ import annotations

from typing import Callable

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str | None:
    """The user's own setting, else a choice made on the log-in page, else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI and workers speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    api_user = g.get("api_user")
    if api_user is not None and api_user.locale in languages:
        return api_user.locale
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str | None:
    """The user's time zone, for times not tied to a place."""
    if not has_request_context():
        return None
    api_user = g.get("api_user")
    if api_user is not None:
        return api_user.timezone
    if current_user and current_user.is_authenticated:
        return current_user.timezone
    return None


def translator() -> Callable[[str], str]:
    """The request's ``gettext`` for plain messages, its catalogue looked up once.

    What ``gettext`` does for a message without parameters, without asking
    for the locale and the catalogue again for each one: for rendering
    many (the reasons of a list of alerts).
    """
    from flask_babel import get_domain

    return get_domain().get_translations().ugettext
