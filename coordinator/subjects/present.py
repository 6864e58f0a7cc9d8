"""A subject record's fields as its page shows them: codes as words, countries and states by name, dates
and phones as the reader writes them."""
from __future__ import annotations

from ..codes import DOCUMENT_KINDS, FIREARM_TYPES, SEXES
from ..formats import country_name, number, phone_for_reading, region_name, short_date

DATES = frozenset({"dob", "starts_on", "ends_on"})
COUNTRIES = frozenset({"nationality", "country"})
REGIONS = frozenset({"state", "plate_region"})
NUMBERS = frozenset({"latitude", "longitude"})


def shown_value(kind: str, name: str, value) -> str:
    """One stored field in the reader's words."""
    if name == "sex":
        return str(SEXES.get(value, value))
    if name == "firearm_type":
        return str(FIREARM_TYPES.get(value, value))
    if name in COUNTRIES:
        return country_name(value)
    if name in REGIONS:
        return region_name(value)
    if name in DATES:
        return short_date(value)
    if name in NUMBERS:
        return number(value)
    if kind == "phone" and name == "number":
        return phone_for_reading(value)
    if name == "documents":
        return "; ".join(document(d) for d in value if isinstance(d, dict))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    return str(value)


def document(entry: dict) -> str:
    """"CURP GALJ850314HSRRPS07 (México)"."""
    text = f"{DOCUMENT_KINDS.get(entry.get('kind'), entry.get('kind') or '')} {entry.get('number') or ''}".strip()
    return f"{text} ({country_name(entry['country'])})" if entry.get("country") else text
