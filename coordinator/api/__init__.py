"""The JSON API under /api/v1: token auth, JSON errors, thin over the services."""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _

from ..accounts.services import token_status
from ..audit.recorder import Actor, record
from ..audit.requests import set_actor
from ..errors import ApiError
from ..extensions import csrf, db
from ..pagination import Page, page_args
from ..security.query import query_problems
from ..security.ratelimit import digest_key, hit
from ..security.sessions import limit, too_many

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.health", "api.openapi"}


@bp.before_request
def authenticate_token():
    """Every endpoint but health and the OpenAPI document needs a bearer token.

    Token use is rate-limited per token, and failed attempts per address
    (counters in the database, shared by every app process); every refusal
    is written to the audit trail.
    """
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    token = token.strip()
    user, reason = None, "missing"
    if scheme.lower() == "bearer" and token:
        verdict = hit(db.engine, digest_key("api:token", token), limit("api"))
        if not verdict.allowed:
            record(db.session, "api.rate_limited", outcome="denied", actor=Actor(None, None, None), durable=True)
            return too_many(verdict.retry_after)
        user, reason = token_status(db.session, token)
    if user is None:
        record(db.session, "api.authenticate", outcome="denied", details={"reason": reason},
               actor=Actor(None, None, None), durable=True)
        failures = hit(db.engine, f"api:failure:{request.remote_addr}", limit("api_auth_failure"))
        if not failures.allowed:
            return too_many(failures.retry_after)
        raise ApiError(401, "unauthorized", _("A valid API token is required (Authorization: Bearer TOKEN)."))
    g.api_user = user
    set_actor(user)
    problems = query_problems()
    if problems:
        raise ApiError(400, "validation_error", _("Some fields are not valid."), problems)
    return None


def acting_user():
    """The user the request's token belongs to."""
    return g.api_user


def json_body() -> dict:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    payload = request.get_json(silent=True)
    if payload is None:
        raise ApiError(400, "invalid_json", _("Send a JSON object with Content-Type: application/json."))
    if not isinstance(payload, dict):
        raise ApiError(400, "invalid_json", _("The body must be a JSON object."))
    return payload


def invalid(form) -> ApiError:
    """The 400 for a form that did not validate, with each field's message."""
    return ApiError(400, "validation_error", _("Some fields are not valid."), form.field_errors())


def field_error(field: str, message: str) -> ApiError:
    return ApiError(400, "validation_error", _("Some fields are not valid."), {field: message})


def listing(page: Page, serialise, endpoint: str, **params) -> dict:
    """The contract's list shape: items and the path of the next page (or null)."""
    following = None
    if page.has_next:
        following = url_for(endpoint, page=page.page + 1, per_page=page.per_page, **params)
    return {"items": [serialise(item) for item in page.items], "next": following}


def list_page_args() -> tuple[int, int]:
    """``page`` and ``per_page`` (up to API_PER_PAGE_MAX); anything else given is a 400, not a silent default."""
    limit = current_app.config["API_PER_PAGE_MAX"]
    errors = {}
    for name, top in (("page", None), ("per_page", limit)):
        raw = request.args.get(name)
        if raw is None:
            continue
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or (top is not None and int(raw) > top):
            errors[name] = (_("A whole number from 1 to %(n)d.", n=top) if top
                            else _("A whole number from 1 up."))
    if errors:
        raise ApiError(400, "validation_error", _("Some fields are not valid."), errors)
    return page_args(request.args, 50, limit)


@bp.get("/health")
def health():
    return jsonify({"status": "ok"})


from . import cases, conflicts, imports, openapi, operations, review, subjects  # noqa: E402,F401  (routes)
from . import outcomes, reports  # noqa: E402,F401  (outcome and report routes)
from . import watch  # noqa: E402,F401  (the watch centre)
from ..audit import api as audit_api  # noqa: E402,F401  (the audit trail)
from ..retention import api as retention_api  # noqa: E402,F401  (Part 23 reviews)
from ..sharing import api as sharing_api  # noqa: E402,F401  (disseminations)
