"""Guards on every browser request: log-in rate limit, idle expiry, and the gates before work.

- ``POST /login`` is limited per address (``RATE_LIMITS["login"]``), in the
  database so every app process counts together; the account lock after
  five failures (``accounts.services``) limits each account besides.
- A session idle for longer than ``PERMANENT_SESSION_LIFETIME`` (30
  minutes) ends: the server checks the time of the last request kept in the
  signed session (and Flask refuses a cookie signed longer ago than that),
  so a copied cookie is no better than the browser's own.
- A user who must set up a second factor (``REQUIRE_SECOND_FACTOR``, on
  everywhere but development) or replace a password set by an
  administrator reaches nothing else until done.
"""
from __future__ import annotations

from flask import Flask, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..audit.recorder import Actor, record
from ..audit.requests import set_actor
from ..extensions import db
from ..types import utcnow
from .ratelimit import Limit, count_hit
from .twofactor import is_enrolled

ALWAYS_OPEN = frozenset({"static", "accounts.logout", "accounts.language", "api.health", "api.openapi"})
ENROLMENT = frozenset({"security.two_factor"})
PASSWORD_CHANGE = frozenset({"security.password"})


def limit(name: str) -> Limit:
    """A configured limit: ``RATE_LIMITS[name]`` is (count, seconds)."""
    count, seconds = current_app.config["RATE_LIMITS"][name]
    return Limit(count, seconds)


def too_many(retry_after: int):
    """The 429 page (or JSON under /api), with Retry-After."""
    from ..errors import error_body, wants_json

    message = _("Too many requests; try again later.")
    if wants_json():
        response = current_app.make_response((jsonify(error_body("rate_limited", message)), 429))
    else:
        response = current_app.make_response(
            (render_template("errors/error.html", status=429, message=message), 429))
    response.headers["Retry-After"] = str(retry_after)
    return response


def _login_rate_limit():
    if request.endpoint != "accounts.login" or request.method != "POST":
        return None
    verdict = count_hit(f"login:ip:{request.remote_addr}", limit("login"))
    if verdict.allowed:
        return None
    attempted = (request.form.get("email") or "")[:254] or None
    record(db.session, "login", outcome="denied", details={"reason": "rate_limited"},
           actor=Actor(None, attempted, None), durable=True)
    return too_many(verdict.retry_after)


def idle_seconds() -> int:
    """How long a session may sit idle: PERMANENT_SESSION_LIFETIME (30 minutes)."""
    lifetime = current_app.permanent_session_lifetime
    return int(lifetime.total_seconds())


def _idle_expired() -> bool:
    now = int(utcnow().timestamp())
    seen = session.get("seen")
    idle = idle_seconds()
    if isinstance(seen, int) and now - seen > idle:
        return True
    session["seen"] = now
    return False


def _gate():
    """Where a signed-in user must go first, if anywhere."""
    if current_app.config.get("REQUIRE_SECOND_FACTOR") and not is_enrolled(current_user):
        if request.endpoint not in ENROLMENT:
            return redirect(url_for("security.two_factor"))
    elif current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE:
        return redirect(url_for("security.password"))
    return None


def guard():
    """The before-request hook: rate limit, actor, idle expiry, gates."""
    limited = _login_rate_limit()
    if limited is not None:
        return limited
    if request.blueprint == "api" or not current_user.is_authenticated:
        return None
    set_actor(current_user)
    if _idle_expired():
        record(db.session, "session.expire", object_type="user", object_id=current_user.id, durable=True)
        logout_user()
        session.clear()
        g.pop("audit_actor", None)  # the expired request itself showed nothing
        flash(_("Your session ended after %(n)d minutes without activity. Please sign in again.",
                n=idle_seconds() // 60), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?") if request.method == "GET" else None))
    if request.endpoint in ALWAYS_OPEN:
        return None
    return _gate()


def register(app: Flask) -> None:
    """Run the guard before every request."""
    app.before_request(guard)
