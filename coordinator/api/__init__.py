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
from ..security.ratelimit import count_hit, digest_key
from ..security.sessions import limit, too_many

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.health", "api.openapi"}
# How large a request body each endpoint reads. A JSON object of the API is a few kilobytes (a person
# with ten documents and twenty aliases is under 16 KiB); reading and parsing megabytes of it would
# only tie up a worker. An import is a file: it keeps the app's MAX_CONTENT_LENGTH (None here).
JSON_BODY_LIMIT = 64 * 1024
BODY_LIMITS: dict[str, int | None] = {"api.import_case_subjects": None, "api.import_seizure_items": None}


@bp.before_request
def bound_the_body():
    """Refuse a body larger than the endpoint reads (413, in JSON), before it is read or parsed."""
    limit = BODY_LIMITS.get(request.endpoint, current_app.config.get("API_JSON_BODY_LIMIT", JSON_BODY_LIMIT))
    if limit is None:
        return None
    request.max_content_length = limit  # a body without a Content-Length is cut at the limit as it is read
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, "too_large", _("The request body is larger than this endpoint takes (%(kib)d KiB).",
                                           kib=limit // 1024))
    return None


@bp.before_request
def authenticate_token():
    """Every endpoint but health and the OpenAPI document needs a bearer token.

    A live token's use is rate-limited per token; failed attempts per
    address (counters shared by every app process, see
    ``security.ratelimit``). A refused token counts only against its
    address — a flood of random tokens makes no counter per token — and is
    summarised in the audit trail: the first failure of an address in a
    window, and the one that reaches its limit, with the count so far.
    """
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    token = token.strip()
    user, reason = None, "missing"
    if scheme.lower() == "bearer" and token:
        user, reason = token_status(db.session, token,
                                    second_factor_required=current_app.config["REQUIRE_SECOND_FACTOR"])
    if user is None:
        return _refuse(reason)
    # Counted before anything is flushed: on SQLite the counter's own connection needs the write lock.
    verdict = count_hit(digest_key("api:token", token), limit("api"))
    set_actor(user)
    if not verdict.allowed:
        if verdict.hits == limit("api").count + 1:  # once per window, not once per refused request
            record(db.session, "api.rate_limited", outcome="denied", details={"hits": verdict.hits}, durable=True)
        return too_many(verdict.retry_after)
    g.api_user = user
    problems = query_problems()
    if problems:
        raise ApiError(400, "validation_error", _("Some fields are not valid."), problems)
    return None


@bp.before_app_request
def authenticate_unmatched():
    """A token sent to a path under /api/ that names no route is checked, so the token holder's 404 is on record."""
    if request.blueprint is None and request.path.startswith(bp.url_prefix + "/") \
            and "Authorization" in request.headers:
        return authenticate_token()
    return None


def _refuse(reason: str | None):
    """A 401 for a missing or dead token (a 429 past the address's limit), summarised on the record."""
    failures = count_hit(f"api:failure:{request.remote_addr}", limit("api_auth_failure"))
    if failures.hits == 1 or failures.hits == limit("api_auth_failure").count + 1:
        record(db.session, "api.authenticate", outcome="denied", actor=Actor(None, None, None), durable=True,
               details={"reason": reason, "failures_in_window": failures.hits})
    if not failures.allowed:
        return too_many(failures.retry_after)
    raise ApiError(401, "unauthorized", _("A valid API token is required (Authorization: Bearer TOKEN)."))


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


def valid(form):
    """The form once it validates; else the 400 naming each field that does not (``invalid``)."""
    if not form.validate():
        raise invalid(form)
    return form


def validated(form_class, payload: dict, **options):
    """The form of a JSON payload (``options`` go to ``from_json``), validated as ``valid``."""
    return valid(form_class.from_json(payload, **options))


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
from . import funnel, outcomes, reports  # noqa: E402,F401  (outcome and report routes)
from . import watch  # noqa: E402,F401  (the watch centre)
from . import agencies  # noqa: E402,F401  (agencies, their offices)
from . import jobs  # noqa: E402,F401  (large imports' jobs)
from . import search  # noqa: E402,F401  (search and inquiries)
from ..audit import api as audit_api  # noqa: E402,F401  (the audit trail)
from ..retention import api as retention_api  # noqa: E402,F401  (Part 23 reviews)
from ..sharing import api as sharing_api  # noqa: E402,F401  (disseminations)
