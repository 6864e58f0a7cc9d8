"""Blocking keys and pairwise verdicts for the non-person subject kinds.

Keys are "tag:value" strings; the tag names the kind of identifier so two
kinds never share a key. A record's keys are both what it stores and what a
check looks up. Verdicts say why in words a user of the other agency can
read about their own record.
"""
from __future__ import annotations

import hashlib
from typing import Callable, Mapping

from . import verdicts as cmp
from .events import FINE
from .normalise import (
    ffl_identity_key, normalise_business_name, normalise_email, normalise_make, normalise_phone,
    normalise_serial, normalise_vin, plate_number,
)
from .places import MX_STATES, US_STATES, normalise_city, normalise_plate_region, normalise_region, parse_address
from .reasons import MatchResult
from .text import compact

MAX_KEY_LENGTH = 199
_MIN_SERIAL_ALONE = 4  # a make-less "fs:" key on a 3-character serial would pull in half the armoury
_MIN_PLATE_ALONE = 5
GUN_SHOW_RADIUS_M = 1_000  # two shows whose points are < 2 km apart share a "gp:" cell


def _key(tag: str, value: str) -> str:
    """"tag:value", or "tag:#<sha256>" when that would reach 200 characters."""
    key = f"{tag}:{value}"
    if len(key) <= MAX_KEY_LENGTH:
        return key
    return f"{tag}:#{hashlib.sha256(value.encode()).hexdigest()}"


def _firearm_keys(f: Mapping[str, object], region: str) -> list[str]:
    serial, make = normalise_serial(f.get("serial_number")), normalise_make(f.get("make"))
    if serial is None:
        return []
    keys = [_key("fa", f"{make}:{serial}")] if make else []
    if len(serial) >= _MIN_SERIAL_ALONE:
        keys.append(_key("fs", serial))
    return keys


def _vehicle_keys(f: Mapping[str, object], region: str) -> list[str]:
    keys = []
    vin, _ = normalise_vin(f.get("vin"))
    if vin:
        keys.append(_key("vin", vin))
    number, state = plate_number(f.get("plate")), normalise_plate_region(f.get("plate_region"))
    if number and state:
        keys.append(_key("pl", f"{state}:{number}"))
    if number and len(number) >= _MIN_PLATE_ALONE:
        keys.append(_key("pn", number))  # finds the records whose plate state is missing
    return keys


def _phone_keys(f: Mapping[str, object], region: str) -> list[str]:
    number = normalise_phone(f.get("number"), region)
    return [_key("ph", number)] if number else []


def _email_keys(f: Mapping[str, object], region: str) -> list[str]:
    address = normalise_email(f.get("address"))
    return [_key("em", address)] if address else []


def _address_keys(f: Mapping[str, object], region: str) -> list[str]:
    parts = parse_address(f.get("line1"), f.get("city"), f.get("state"), f.get("postal_code"), f.get("country"))
    if parts is None:
        return []
    keys = [_key("addr", f"{parts.street}|{parts.city}")] if parts.city else []
    if parts.postal_code:
        keys.append(_key("addz", f"{parts.street}|{parts.postal_code}"))
    return keys


def _dealer_keys(f: Mapping[str, object], region: str) -> list[str]:
    rds, name = ffl_identity_key(f.get("license_number")), normalise_business_name(f.get("name"))
    return ([_key("ffl", rds)] if rds else []) + ([_key("dn", compact(name))] if name else [])


def _business_keys(f: Mapping[str, object], region: str) -> list[str]:
    number, name = cmp.registration_number(f.get("registration_number")), normalise_business_name(f.get("name"))
    return ([_key("brn", number)] if number else []) + ([_key("biz", compact(name))] if name else [])


def _gun_show_keys(f: Mapping[str, object], region: str) -> list[str]:
    name, venue = cmp.gun_show_name(f.get("name")), compact(normalise_business_name(f.get("venue")))
    state, city = normalise_region(f.get("state")), normalise_city(f.get("city"))
    keys = []
    for tag, value in (("gs", name), ("gv", venue)):
        if value:
            keys += [_key(tag, f"{value}|s:{state}")] if state else []
            keys += [_key(tag, f"{value}|c:{city}")] if city else []
            keys += [] if state or city else [_key(tag, value)]
    point = cmp.coordinates(f)
    if point:
        keys += [_key("gp", cell) for cell in FINE.cells_for_circle(*point, GUN_SHOW_RADIUS_M)]
    return keys


def gun_show_venue_keys(venue: object, states=None, cities=()) -> list[str]:
    """The "gv:" keys a gun-show record held at this venue stores, near an operation.

    An operation knows its venue's name and its point, not the show's state
    or city: it looks up the venue under the ``states`` near its point
    (every state when None), under the ``cities`` near it (and the city its
    address names), and alone — all exact lookups on the index (a prefix
    range would depend on the database's collation). Whether a record found
    so is held there is then judged from its city, state or point
    (``venues.held_near``).
    """
    venue = compact(normalise_business_name(venue))
    if not venue:
        return []
    states = sorted(US_STATES | MX_STATES) if states is None else sorted(states)
    return [_key("gv", venue)] + [_key("gv", f"{venue}|s:{state}") for state in states] \
        + [_key("gv", f"{venue}|c:{city}") for city in sorted(cities)]


_KEYS: dict[str, Callable[[Mapping[str, object], str], list[str]]] = {
    "firearm": _firearm_keys, "vehicle": _vehicle_keys, "phone": _phone_keys, "email": _email_keys,
    "address": _address_keys, "dealer": _dealer_keys, "business": _business_keys, "gun_show": _gun_show_keys,
}

IDENTIFIER_KINDS = frozenset(_KEYS)


def identifier_keys(kind: str, fields: Mapping[str, object], default_region: str) -> list[str]:
    """Blocking keys a record of ``kind`` stores and looks up ("fa:COLT:AB12045", "ph:+526621234567", ...)."""
    if kind not in _KEYS:
        raise ValueError(f"not an identifier kind: {kind!r}")
    return list(dict.fromkeys(_KEYS[kind](fields, default_region)))


_COMPARE: dict[str, Callable[[Mapping[str, object], Mapping[str, object], str, str], MatchResult]] = {
    "firearm": cmp.compare_firearms, "vehicle": cmp.compare_vehicles, "phone": cmp.compare_phones,
    "email": cmp.compare_emails, "address": cmp.compare_addresses, "dealer": cmp.compare_dealers,
    "business": cmp.compare_businesses, "gun_show": cmp.compare_gun_shows,
}


def compare_identifiers(kind: str, a: Mapping[str, object], b: Mapping[str, object],
                        default_region_a: str, default_region_b: str) -> MatchResult:
    """Verdict on two records of the same kind: "match", "possible" or None, with reasons."""
    if kind not in _COMPARE:
        raise ValueError(f"not an identifier kind: {kind!r}")
    return _COMPARE[kind](a, b, default_region_a, default_region_b)
