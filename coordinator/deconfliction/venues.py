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

import re

from .events import COARSE, distance_m
from .geography import cities_near, city_centres, states_near
from .normalise import normalise_business_name
from .places import normalise_city, normalise_country, normalise_region, parse_address
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


def address_city(address: object) -> str | None:
    """The city a one-line address names ("1826 W McDowell Rd, Phoenix, AZ 85007" -> "PHOENIX"), if it names one.

    The last comma-separated part after the street that is not a state, a
    postal code or a country.
    """
    parts = [part.strip() for part in str(address or "").split(",")][1:]
    for part in reversed(parts):
        words = re.sub(r"[\d-]+", " ", part).strip()
        if not words or normalise_region(words) or normalise_country(words) in ("US", "MX"):
            continue
        return normalise_city(words)
    return None


def places_near(latitude: float, longitude: float, address: object) -> tuple[set[str], set[str]]:
    """The states and the cities an operation's point is near (its address's city too), for the venue lookups."""
    cities = cities_near(latitude, longitude, VENUE_REACH_M)
    if (city := address_city(address)) is not None:
        cities.add(city)
    return states_near(latitude, longitude, VENUE_REACH_M), cities


def held_near(latitude: float, longitude: float, address: object, show: dict) -> bool:
    """Whether a gun show of the same venue name may be held at the operation's place, not elsewhere.

    Its point within reach; else its city: the operation's address names it,
    or one of the list's cities of that name (in its state, if it gives one)
    lies within reach; else its state comes within reach. A record that
    places itself nowhere is taken at its word: the venue's name.
    """
    point = _point(show)
    if point is not None:
        return distance_m(latitude, longitude, *point) <= VENUE_REACH_M
    city, state = normalise_city(show.get("city")), normalise_region(show.get("state"))
    near_states = states_near(latitude, longitude, VENUE_REACH_M)
    if state is not None and state not in near_states:
        return False
    if city:
        if city == address_city(address):
            return True
        return any(distance_m(latitude, longitude, lat, lon) <= VENUE_REACH_M
                   for lat, lon in city_centres(city, state))
    return True


def show_centres(show: dict) -> list[tuple[float, float]]:
    """Where a gun-show record is held: its point, else the centres of its city (in its state) from the list."""
    point = _point(show)
    if point is not None:
        return [point]
    return city_centres(normalise_city(show.get("city")), normalise_region(show.get("state")))


def _point(show: dict) -> tuple[float, float] | None:
    from .verdicts import coordinates

    return coordinates(show)
