"""Agencies in the API: any user reads them; administrators add, change and deactivate them."""
from __future__ import annotations

from flask import jsonify
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from ..access import require_admin
from ..accounts.agencies import AgencyError, add_office, create_agency, update_agency
from ..accounts.forms import AgencyEditForm, AgencyForm, OfficeForm
from ..accounts.models import Agency
from ..accounts.services import agency_by_code
from ..extensions import db
from ..pagination import paginate
from . import acting_user, bp, field_error, json_body, list_page_args, listing, validated
from .schema import LIST, PAGING, form_schema, request_body, responses

EDIT_FIELDS = ("name", "kind", "parent", "default_locale", "default_region", "active")


def agency_json(agency: Agency) -> dict:
    return {"code": agency.code, "name": agency.name, "country": agency.country, "kind": agency.kind,
            "parent": agency.parent.code if agency.parent else None, "default_locale": agency.default_locale,
            "default_region": agency.default_region, "active": agency.active,
            "offices": [{"name": o.name, "city": o.city, "state": o.state, "country": o.country}
                        for o in agency.offices]}


def _agency(code: str) -> Agency:
    agency = agency_by_code(db.session, code)
    if agency is None:
        raise NotFound()
    return agency


@bp.get("/agencies")
def list_agencies():
    acting_user()
    page, per_page = list_page_args()
    results = paginate(db.session, select(Agency).order_by(Agency.code), page, per_page)
    return jsonify(listing(results, agency_json, "api.list_agencies"))


@bp.post("/agencies")
def create_agency_endpoint():
    require_admin(acting_user())
    form = validated(AgencyForm, json_body())
    try:
        agency = create_agency(db.session, code=form.code.data, name=form.name.data, country=form.country.data,
                               kind=form.kind.data, parent=form.parent.data, default_locale=form.default_locale.data,
                               default_region=form.default_region.data)
    except AgencyError as err:
        raise field_error(err.field, err.message)
    return jsonify(agency_json(agency)), 201


@bp.get("/agencies/<agency_code>")
def get_agency(agency_code: str):
    acting_user()
    return jsonify(agency_json(_agency(agency_code)))


@bp.patch("/agencies/<agency_code>")
def patch_agency(agency_code: str):
    """Change an agency; ``{"active": false}`` deactivates it (an agency is never deleted while it holds records)."""
    require_admin(acting_user())
    agency = _agency(agency_code)
    payload = json_body()
    current = {k: v for k, v in agency_json(agency).items() if k in EDIT_FIELDS and v is not None}
    form = validated(AgencyEditForm, {**current, **payload})
    values = {name: form[name].data for name in EDIT_FIELDS if name in payload}
    if "active" in values:
        values["active"] = bool(values["active"])
    try:
        update_agency(db.session, agency, values)
    except AgencyError as err:
        raise field_error(err.field, err.message)
    return jsonify(agency_json(agency))


@bp.post("/agencies/<agency_code>/offices")
def create_agency_office(agency_code: str):
    require_admin(acting_user())
    agency = _agency(agency_code)
    form = validated(OfficeForm, json_body())
    try:
        add_office(db.session, agency, name=form.name.data, city=form.city.data, state=form.state.data)
    except AgencyError as err:
        raise field_error(err.field, err.message)
    return jsonify(agency_json(agency)), 201


def openapi_paths(list_schema: dict = LIST) -> dict:
    """The agencies' paths, for the OpenAPI document."""
    code = {"name": "agency_code", "in": "path", "required": True,
            "schema": {"type": "string", "minLength": 2, "maxLength": 16, "pattern": "^[A-Za-z][A-Za-z0-9-]+$"}}
    edit = form_schema(AgencyEditForm)
    edit.pop("required", None)
    return {
        "/api/v1/agencies": {
            "get": {"summary": "Every agency (code, country, kind, offices, active)", "parameters": PAGING,
                    "responses": responses("200", list_schema, codes=(400, 401))},
            "post": {"summary": "Add an agency of any country (administrators)",
                     "requestBody": request_body(form_schema(AgencyForm)), "responses": responses("201")},
        },
        "/api/v1/agencies/{agency_code}": {
            "parameters": [code],
            "get": {"summary": "One agency", "responses": responses("200", codes=(401, 404))},
            "patch": {"summary": "Change or deactivate an agency (administrators)", "requestBody": request_body(edit),
                      "responses": responses("200")},
        },
        "/api/v1/agencies/{agency_code}/offices": {
            "parameters": [code],
            "post": {"summary": "Add an office to an agency (administrators)",
                     "requestBody": request_body(form_schema(OfficeForm)), "responses": responses("201")},
        },
    }
