"""The one-line label a list shows for a subject record of each kind."""
from __future__ import annotations

from typing import Any, Callable


def _join(*parts: Any, sep: str = " ") -> str:
    return sep.join(str(p) for p in parts if p)


def _person(d: dict) -> str:
    surnames = _join(d.get("last_name"), d.get("second_last_name"))
    given = _join(d.get("first_name"), d.get("middle_name"))
    name = _join(surnames.upper(), given, sep=", ") if surnames else given
    aliases = d.get("aliases") or []
    if not name and aliases:
        name = f"“{aliases[0]}”"
    return _join(name, f"({d['dob']})" if d.get("dob") else "")


LABELS: dict[str, Callable[[dict], str]] = {
    "person": _person,
    "firearm": lambda d: _join(d.get("make"), d.get("model"), d.get("caliber"),
                               f"SN {d['serial_number']}" if d.get("serial_number") else ""),
    "vehicle": lambda d: _join(_join(d.get("make"), d.get("model")),
                               _join(d.get("plate"), f"({d['plate_region']})" if d.get("plate_region") else ""),
                               f"VIN {d['vin']}" if d.get("vin") else "", sep=" · "),
    "phone": lambda d: d.get("number") or "",
    "email": lambda d: d.get("address") or "",
    "address": lambda d: _join(d.get("line1"), d.get("city"), d.get("state"), d.get("country"), sep=", "),
    "dealer": lambda d: _join(d.get("name"), f"FFL {d['license_number']}" if d.get("license_number") else "",
                              sep=" · "),
    "business": lambda d: _join(d.get("name"), d.get("registration_number"), sep=" · "),
    "gun_show": lambda d: _join(d.get("name"), _join(d.get("city"), d.get("state"), sep=", "),
                                _join(d.get("starts_on"), d.get("ends_on"), sep=" – "), sep=" · "),
}


def subject_label(kind: str, data: dict) -> str:
    """A short human label for the record, at most 300 characters."""
    return (LABELS[kind](data) or kind)[:300]
