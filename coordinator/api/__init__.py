"""The JSON API under /api/v1: token auth, JSON errors, thin over the services."""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _

from ..accounts.services import user_for_token
from ..errors import ApiError
from ..extensions import csrf, db
from ..pagination import Page, page_args

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.health", "api.openapi"}


@bp.before_request
def authenticate_token():
    """Every endpoint but health and the OpenAPI document needs a bearer token."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    user = user_for_token(db.session, token.strip()) if scheme.lower() == "bearer" and token else None
    if user is None:
        raise ApiError(401, "unauthorized", _("A valid API token is required (Authorization: Bearer TOKEN)."))
    g.api_user = user
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
    return page_args(request.args, 50, current_app.config["API_PER_PAGE_MAX"])


@bp.get("/health")
def health():
    return jsonify({"status": "ok"})


from . import cases, conflicts, imports, openapi, operations, subjects  # noqa: E402,F401  (routes)
