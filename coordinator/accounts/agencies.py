"""Agencies as data: an administrator adds, edits and deactivates them, and their offices.

Any country's agency may take part (ISO 3166 codes). An agency is never
deleted while anything refers to it — a user, a case, an alert side, an
MOU, an office, an agency under it — since the records it holds must stay
attributable; it is deactivated instead: it leaves the lists new records
choose from, and its users no longer sign in. Every change is in the audit
trail (``audit.capture``; the active flag with its old and new values).
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..codes import AGENCY_KINDS, COUNTRIES, LOCALES
from ..deconfliction.places import (
    STATE_PLATE_COUNTRIES, normalise_plate_region, normalise_region, region_country,
)
from ..extensions import db
from .models import Agency, Office
from .services import agency_by_code

CODE = re.compile(r"^[A-Z][A-Z0-9-]{1,15}$")


class AgencyError(ValueError):
    """An agency request that cannot be carried out: ``field`` names the value at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def agency_codes(session: Session, active_only: bool = True, kind: str | None = None) -> list[str]:
    """Every agency's code, sorted (only the active ones unless asked; only those of one kind if asked)."""
    query = select(Agency.code).order_by(Agency.code)
    if active_only:
        query = query.where(Agency.active.is_(True))
    if kind is not None:
        query = query.where(Agency.kind == kind)
    return list(session.scalars(query))


def valid_code(code: object) -> str:
    """An agency code as stored: 2 to 16 capital letters, digits or hyphens, starting with a letter."""
    text = str(code or "").strip().upper()
    if not CODE.match(text):
        raise AgencyError("code", _("An agency code is 2 to 16 letters, digits or hyphens, starting with a letter "
                                    "(ATF, PNC-GT, AZDPS)."))
    return text


def _country(value: object) -> str:
    country = str(value or "").strip().upper()
    if country not in COUNTRIES:
        raise AgencyError("country", _("Not a country: give its ISO 3166 code (US, MX, GT, BZ, SV, ...)."))
    return country


def _kind(value: object) -> str:
    if value not in AGENCY_KINDS:
        raise AgencyError("kind", _("The kind must be one of %(kinds)s.", kinds=", ".join(AGENCY_KINDS)))
    return str(value)


# Where Spanish is the language of government: an agency there speaks Spanish unless told otherwise.
SPANISH_SPEAKING = frozenset("AR BO CL CO CR CU DO EC ES GQ GT HN MX NI PA PE PR PY SV UY VE".split())


def _locale(value: object, country: str) -> str:
    if value in (None, ""):
        return "es" if country in SPANISH_SPEAKING else "en"
    if value not in LOCALES:
        raise AgencyError("default_locale", _("The language must be one of %(codes)s.", codes=", ".join(LOCALES)))
    return str(value)


def _region(value: object, country: str) -> str | None:
    """The state (AZ, SON) or, where plates are national, the country (GT) the agency's plates come from."""
    if value in (None, ""):
        return None
    code = normalise_region(value) if country in STATE_PLATE_COUNTRIES else normalise_plate_region(value)
    if code is None or (region_country(code) or code) != country:
        raise AgencyError("default_region", _(
            "Not a region of %(country)s: a state (AZ, SON, ...) or, where plates are national, the country's "
            "code (GT).", country=country))
    return code


def _parent(session: Session, value: object, agency: Agency | None) -> Agency | None:
    if value in (None, ""):
        return None
    parent = agency_by_code(session, str(value))
    if parent is None:
        raise AgencyError("parent", _("No agency has the code %(code)s.", code=value))
    ancestor = parent
    while ancestor is not None:  # an agency under itself would loop forever in every display of the tree
        if agency is not None and ancestor.id == agency.id:
            raise AgencyError("parent", _("An agency cannot be placed under itself or one of its own."))
        ancestor = ancestor.parent
    return parent


def create_agency(session: Session, *, code: str, name: str, country: str, kind: str, parent: str | None = None,
                  default_locale: str | None = None, default_region: str | None = None) -> Agency:
    """Add an agency of any country; its code is refused if another agency has it."""
    code = valid_code(code)
    if agency_by_code(session, code) is not None:
        raise AgencyError("code", _("An agency with the code %(code)s exists already.", code=code))
    if not (name or "").strip():
        raise AgencyError("name", _("A name is required."))
    country = _country(country)
    agency = Agency(code=code, name=name.strip()[:200], country=country, kind=_kind(kind), active=True,
                    default_locale=_locale(default_locale, country), default_region=_region(default_region, country),
                    parent=_parent(session, parent, None))
    session.add(agency)
    session.flush()
    return agency


EDITABLE = ("name", "kind", "parent", "default_locale", "default_region", "active")


def update_agency(session: Session, agency: Agency, values: dict) -> Agency:
    """Change what an administrator may change of an agency (its code and country stay: records carry them)."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        field = sorted(unknown)[0]
        raise AgencyError(field, _("This field cannot be changed."))
    if "name" in values:
        if not (values["name"] or "").strip():
            raise AgencyError("name", _("A name is required."))
        agency.name = values["name"].strip()[:200]
    if "kind" in values:
        agency.kind = _kind(values["kind"])
    if "parent" in values:
        agency.parent = _parent(session, values["parent"], agency)
    if "default_locale" in values:
        agency.default_locale = _locale(values["default_locale"], agency.country)
    if "default_region" in values:
        agency.default_region = _region(values["default_region"], agency.country)
    if "active" in values:
        if not isinstance(values["active"], bool):
            raise AgencyError("active", _("Give true or false."))
        agency.active = values["active"]
    session.flush()
    return agency


def add_office(session: Session, agency: Agency, *, name: str, city: str | None = None, state: str | None = None,
               country: str | None = None) -> Office:
    """A field office of the agency; its state is checked as the subject records' states are."""
    if not (name or "").strip():
        raise AgencyError("name", _("A name is required."))
    country = _country(country) if country else agency.country
    region = None
    if state:
        region = normalise_region(state)
        if region is None or region_country(region) != country:
            raise AgencyError("state", _("Not a state or department of %(country)s.", country=country))
    office = Office(agency=agency, name=name.strip()[:200], city=(city or "").strip()[:120] or None,
                    state=region, country=country)
    session.add(office)
    session.flush()
    return office


def records_held(session: Session, agency: Agency) -> list[str]:
    """The tables holding rows that refer to the agency (read from the schema, so a new table counts too)."""
    held = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != "agencies":
                continue
            column = fk.parent
            if session.scalar(select(exists().where(column == agency.id))):
                held.append(table.name)
                break
    return held


def delete_agency(session: Session, agency: Agency) -> None:
    """Remove an agency that holds nothing (one added by mistake); one that holds records is only deactivated."""
    held = records_held(session, agency)
    if held:
        raise AgencyError("code", _("%(code)s holds records (%(tables)s): deactivate it instead.",
                                    code=agency.code, tables=", ".join(held)))
    session.delete(agency)
    session.flush()



def agency_choices(blank: bool = False, active_only: bool = True):
    """Form choices of the agencies' codes, read when a form is bound: agencies are data, not a fixed list."""
    from ..codes import options

    def read():
        return options(((code, code) for code in agency_codes(db.session, active_only)), blank)
    return read


def is_agency_code(session: Session, code: str | None) -> bool:
    """Whether an agency (active or not: reports cover the past) has this code."""
    return code is not None and agency_by_code(session, code) is not None
