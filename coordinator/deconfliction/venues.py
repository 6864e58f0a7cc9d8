"""The same place by name: keys for an operation's venue and address, whatever point it gave.

Two operations at one fairground may give points 900 m apart. Their venue
(or street address), normalised as business names and addresses are, names
the place; the key also carries the coarse cell of the point, so that a
"Civic Center" in Tucson never meets one in Monterrey. An operation stores
its name keys under the cell holding its point and looks them up in the
cells within ``VENUE_REACH_M`` of it.

A venue key is also how an operation finds another agency's gun-show
record held at that venue: the record's ``gv:`` keys start with the same
normalised venue (see identifiers.py).
"""
from __future__ import annotations

import hashlib

from .events import COARSE
from .normalise import normalise_business_name
from .places import parse_address
from .text import compact

VENUE_REACH_M = 25_000  # two stated points of one venue are never this far apart


def venue_name(venue: object) -> str | None:
    """A venue's name folded as business names are ("The Tucson Expo Center, LLC" == "TUCSON EXPO CENTER")."""
    return compact(normalise_business_name(venue)) or None


def address_line(address: object) -> str | None:
    """A street address's canonical line (type, name, direction, number, unit), or None."""
    parts = parse_address(address)
    return parts.line if parts is not None else None


def _digest(value: str) -> str:
    return hashlib.blake2b(value.encode(), digest_size=10).hexdigest()


def _names(venue: object, address: object) -> list[str]:
    names = []
    if (name := venue_name(venue)) is not None:
        names.append("v" + _digest(name))
    if (line := address_line(address)) is not None:
        names.append("a" + _digest(line))
    return names


def venue_keys(venue: object, address: object, lat: float, lon: float) -> list[str]:
    """Keys an operation stores: each name under the coarse cell of its point (fits 40 characters)."""
    cell = COARSE.cell(lat, lon)
    return [f"pn:{cell}:{name}" for name in _names(venue, address)]


def venue_query_keys(venue: object, address: object, lat: float, lon: float) -> list[str]:
    """Keys a check looks up: each name under every coarse cell within reach of its point."""
    cells = COARSE.cells_for_circle(lat, lon, VENUE_REACH_M)
    return [f"pn:{cell}:{name}" for name in _names(venue, address) for cell in cells]
