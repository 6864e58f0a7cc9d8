"""Guards on every browser request: log-in rate limit, idle expiry, and the gates before work.

- ``POST /login`` is limited per address (``RATE_LIMITS["login"]``), in the
  database so every app process counts together; the hold after five
  failures in a row (``accounts.services``) slows each account besides.
- Sessions are kept on the server (``store``): the cookie is a random id.
  A session idle for longer than ``PERMANENT_SESSION_LIFETIME`` (30
  minutes) ends: the server checks the time of the last request kept in the
  session (and the row itself expires then). That time is written again at
  most once a minute (``SEEN_EVERY``), so a page that changes nothing
  writes no session; the idle limit is kept to within that minute.
- A session belongs to the address and browser that signed in
  (``SESSION_BIND``): its cookie presented from another address or by
  another browser ends it, so a copied cookie is worth nothing.
- A user who must set up a second factor (``REQUIRE_SECOND_FACTOR``, on
  everywhere but development) or replace a password set by an
  administrator reaches nothing else until done.
"""
from __future__ import annotations

import hashlib

from flask import Flask, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..audit.recorder import Actor, record
from ..audit.requests import set_actor
from ..extensions import db
from ..types import utcnow
from .ratelimit import Limit, count_hit
from .twofactor import is_enrolled

ALWAYS_OPEN = frozenset({"static", "accounts.logout", "accounts.language", "api.health", "api.openapi"})
ENROLMENT = frozenset({"security.two_factor"})
PASSWORD_CHANGE = frozenset({"security.password"})
SEEN_EVERY = 60  # seconds: how stale the session's "last seen" may grow before a request writes it again


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
    if not isinstance(seen, int) or now - seen >= SEEN_EVERY:
        session["seen"] = now  # a write of the session (and of its row's expiry), once a minute at most
    return False


def binding() -> str:
    """What a session is bound to: the address and the browser that signed in (a digest of both)."""
    seen = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return hashlib.sha256(seen.encode()).hexdigest()[:32]


def start_session(user) -> None:
    """A fresh session for a user who just signed in: a new id, bound to this browser and address."""
    session.clear()
    login_user(user)
    session.permanent = True
    current_app.session_interface.regenerate(session)  # an id planted before sign-in opens nothing
    session["_generation"] = user.session_generation
    session["_bind"] = binding()


def _end(action: str, message: str, **details) -> None:
    """End the request's session for good: its row goes, the browser gets a fresh anonymous one."""
    record(db.session, action, object_type="user", object_id=current_user.id, details=details or None,
           durable=True)
    logout_user()
    session.clear()
    g.pop("audit_actor", None)  # the ended request itself showed nothing
    flash(message, "info")
    current_app.session_interface.regenerate(session)


def _moved() -> bool:
    return bool(current_app.config.get("SESSION_BIND")) and session.get("_bind") != binding()


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
    if _moved():
        _end("session.end", _("Please sign in again."), reason="moved")
        return redirect(url_for("accounts.login"))
    if _idle_expired():
        _end("session.expire", _("Your session ended after %(n)d minutes without activity. Please sign in again.",
                                  n=idle_seconds() // 60))
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?") if request.method == "GET" else None))
    if request.endpoint in ALWAYS_OPEN:
        return None
    return _gate()


def register(app: Flask) -> None:
    """Run the guard before every request."""
    app.before_request(guard)
