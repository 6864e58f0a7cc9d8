"""Where a point lies: the time zone in force there, and how far it is outside a country.

Time zones come from tzfpy (offline time-zone boundaries). Country shapes
come from the borders of country-coder (@rapideditor/country-coder 5.6.1,
ISC licence, the OpenStreetMap iD editor's country lookup), shipped in
``data/borders.json`` as the package publishes it: each country's land and
territorial waters, its overseas parts included. Shapely reads them.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shapely import affinity
from shapely.geometry import Point, shape
from shapely.ops import nearest_points, unary_union
from shapely.prepared import prep
from tzfpy import get_tz

from .events import distance_m

BORDERS = Path(__file__).parent / "data" / "borders.json"


def zone_at(latitude: float | None, longitude: float | None) -> str | None:
    """The IANA time zone in force at a point, or None where there is none to name."""
    if latitude is None or longitude is None:
        return None
    zone = get_tz(longitude, latitude)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone


def same_clock(zone_a: str, zone_b: str, moments) -> bool:
    """Whether two zones keep the same offset from UTC at each of these moments."""
    try:
        a, b = ZoneInfo(zone_a), ZoneInfo(zone_b)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return all(m.astimezone(a).utcoffset() == m.astimezone(b).utcoffset() for m in moments)


@lru_cache(maxsize=1)
def _features() -> list[dict]:
    return json.loads(BORDERS.read_text(encoding="utf-8"))["features"]


@lru_cache(maxsize=16)
def _country(code: str):
    """A country's shape and its prepared form, or None when the borders do not know the code."""
    parts = [shape(f["geometry"]) for f in _features() if f.get("geometry")
             and code in (f["properties"].get("iso1A2"), f["properties"].get("country"))]
    if not parts:
        return None
    whole = unary_union(parts)
    return whole, prep(whole)


def km_outside(country: str, latitude: float, longitude: float) -> float | None:
    """How far (km) a point lies outside a country: 0 inside it, None for a country without a shape.

    The nearest point is found with longitudes scaled to the point's
    latitude, so that degrees stand for about the same distance both ways;
    the distance to it is then measured on the sphere.
    """
    known = _country(country.upper())
    if known is None:
        return None
    whole, prepared = known
    point = Point(longitude, latitude)
    if prepared.covers(point):
        return 0.0
    factor = max(math.cos(math.radians(latitude)), 0.01)
    scaled = affinity.scale(whole, xfact=factor, yfact=1.0, origin=(0, 0))
    nearest = nearest_points(scaled, Point(longitude * factor, latitude))[0]
    return distance_m(latitude, longitude, nearest.y, nearest.x / factor) / 1000


# The land neighbours across whose borders the partners work.
NEIGHBOURS = {
    "US": ("MX", "CA"), "CA": ("US",), "MX": ("US", "GT", "BZ"), "GT": ("MX", "BZ", "SV", "HN"),
    "BZ": ("MX", "GT"), "SV": ("GT", "HN"), "HN": ("GT", "SV", "NI"), "NI": ("HN", "CR"),
}


def border_code(first: str, second: str) -> str:
    """A border named by its two countries, in alphabetical order ("GT-MX", "MX-US")."""
    return "-".join(sorted((first.upper(), second.upper())))


def border_near(country: str, latitude: float | None, longitude: float | None) -> str | None:
    """The border a cross-border operation of an agency of ``country`` at this point crosses.

    The neighbour of the agency's country nearest the point (a Mexican
    operation at Ciudad Hidalgo crosses into Guatemala, one at Nogales into
    the United States); None for a country whose neighbours are not known.
    """
    neighbours = NEIGHBOURS.get((country or "").upper())
    if not neighbours or latitude is None or longitude is None:
        return None
    if len(neighbours) == 1:
        return border_code(country, neighbours[0])
    distances = [(km, code) for code in neighbours
                 if (km := km_outside(code, latitude, longitude)) is not None]
    return border_code(country, min(distances)[1]) if distances else None
