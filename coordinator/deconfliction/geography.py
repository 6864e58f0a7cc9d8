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
# --- states and cities (the offline basemap's data) -------------------------------------------
#
# The US and Mexican states (Natural Earth Admin 1, simplified to about 1 km) and the places of
# 75,000 inhabitants or more (GeoNames) that the map ships in static/vendor/basemap/: the same
# files, read here to name the state of a point and the cities near it.

BASEMAP = Path(__file__).resolve().parents[2] / "static" / "vendor" / "basemap"
_METRES_PER_DEGREE = 111_195.0


@lru_cache(maxsize=1)
def _states():
    """The states as (code, shape, prepared shape), and an STR tree over the shapes."""
    from shapely.strtree import STRtree

    from .places import normalise_region

    features = json.loads((BASEMAP / "states.json").read_text(encoding="utf-8"))["features"]
    states = []
    for feature in features:
        props = feature.get("properties") or {}
        code = normalise_region(props.get("code")) or normalise_region(props.get("name"))
        if code is None or not feature.get("geometry"):
            continue
        geometry = shape(feature["geometry"])
        states.append((code, geometry, prep(geometry)))
    return states, STRtree([geometry for _code, geometry, _prepared in states])


def _box(latitude: float, longitude: float, reach_m: float):
    from shapely.geometry import box

    dlat = reach_m / _METRES_PER_DEGREE
    dlon = reach_m / (_METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return box(longitude - dlon, latitude - dlat, longitude + dlon, latitude + dlat)


def state_at(latitude: float | None, longitude: float | None) -> str | None:
    """The US or Mexican state a point lies in ("AZ", "SON"), or None outside them all."""
    if latitude is None or longitude is None:
        return None
    states, tree = _states()
    point = Point(longitude, latitude)
    for index in tree.query(point):
        code, _geometry, prepared = states[int(index)]
        if prepared.covers(point):
            return code
    return None


def states_near(latitude: float, longitude: float, reach_m: float) -> set[str]:
    """The states that come within about ``reach_m`` of a point (a square of that half-side around it)."""
    states, tree = _states()
    area = _box(latitude, longitude, reach_m)
    return {states[int(i)][0] for i in tree.query(area) if states[int(i)][2].intersects(area)}


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[tuple[int, int], list[tuple[str, float, float]]], dict[str, list[tuple[float, float, str | None]]]]:
    """The cities by one-degree cell (name, lat, lon), and by name (lat, lon, state)."""
    from .places import normalise_city

    features = json.loads((BASEMAP / "cities.json").read_text(encoding="utf-8"))["features"]
    by_cell: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    by_name: dict[str, list[tuple[float, float, str | None]]] = {}
    for feature in features:
        name = normalise_city((feature.get("properties") or {}).get("name"))
        lon, lat = feature["geometry"]["coordinates"][:2]
        if not name:
            continue
        by_cell.setdefault((math.floor(lat), math.floor(lon)), []).append((name, lat, lon))
        by_name.setdefault(name, []).append((lat, lon, state_at(lat, lon)))
    return by_cell, by_name


def cities_near(latitude: float, longitude: float, reach_m: float) -> set[str]:
    """The cities (normalised names) whose centre lies within ``reach_m`` of a point."""
    by_cell, _by_name = _cities()
    span = int(reach_m // _METRES_PER_DEGREE) + 1
    row, column = math.floor(latitude), math.floor(longitude)
    found = set()
    for dlat in range(-span, span + 1):
        for dlon in range(-2 * span, 2 * span + 1):
            for name, lat, lon in by_cell.get((row + dlat, column + dlon), ()):
                if distance_m(latitude, longitude, lat, lon) <= reach_m:
                    found.add(name)
    return found


def city_centres(city: str | None, state: str | None = None) -> list[tuple[float, float]]:
    """Where a city (normalised name) lies, in that state if given; empty for a place the list does not know."""
    if not city:
        return []
    _by_cell, by_name = _cities()
    return [(lat, lon) for lat, lon, in_state in by_name.get(city, ()) if state is None or in_state == state]
