"""Space-time overlap of operations, and the spatial keys that find overlaps through an index.

An operation is a circle (centre, radius in metres) and a UTC window
[starts_at, ends_at). Two operations overlap when the circles intersect
(great-circle distance between centres < r1 + r2) and the windows overlap.

Spatial keys (time is filtered by the database, not keyed here) come from
two grids of near-square, near-equal-area cells: latitude rows of fixed
height, each row cut into as many columns as fit its circumference, so a
cell is about ``cell_m`` on a side at every latitude and columns wrap at the
antimeridian. FINE cells are ~2 km, COARSE ~64 km. A circle "touches" every
cell its latitude/longitude bounding box meets; the box is exact on the
sphere (it uses the cap's true longitude extent) plus a 1 m margin.

* a SMALL operation (radius <= 5 km) stores ``ef:`` fine cells and ``ec:``
  coarse cells of its box; a LARGE one stores ``eL:`` coarse cells only;
* a SMALL check looks up ``ef:`` fine and ``eL:`` coarse cells of its box;
  a LARGE check looks up ``ec:`` and ``eL:`` coarse cells of its box.

Why that finds every overlap: if two circles intersect, some point lies in
both, hence in both boxes, hence in one cell of each grid that both boxes
touch. Small-small pairs meet on that fine cell, every pair involving a
large operation on that coarse cell. No expansion of the query box is
needed; tests/engine/test_events.py checks this property with hypothesis.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

EARTH_RADIUS_M = 6_371_008.8
MIN_RADIUS_M = 1
MAX_RADIUS_M = 500_000
SMALL_MAX_RADIUS_M = 5_000
_MARGIN_M = 1.0


@dataclass(frozen=True)
class Grid:
    """Latitude rows of fixed height, each cut into columns about as wide as the row is high."""

    cell_m: float

    @property
    def rows(self) -> int:
        """Number of latitude rows from pole to pole."""
        return max(1, round(math.pi * EARTH_RADIUS_M / self.cell_m))

    @property
    def row_deg(self) -> float:
        """Height of a row in degrees of latitude."""
        return 180.0 / self.rows

    def columns(self, row: int) -> int:
        """Columns in ``row``: its circumference at mid-latitude over the cell size."""
        mid = math.radians(-90.0 + (row + 0.5) * self.row_deg)
        return max(1, round(2 * math.pi * EARTH_RADIUS_M * math.cos(mid) / self.cell_m))

    def row(self, lat: float) -> int:
        """Row of a latitude."""
        return min(self.rows - 1, max(0, math.floor((lat + 90.0) / self.row_deg)))

    def cell(self, lat: float, lon: float) -> str:
        """Id "row:col" of the cell holding a point."""
        row = self.row(lat)
        n = self.columns(row)
        return f"{row}:{math.floor(((lon + 180.0) % 360.0) * n / 360.0) % n}"

    def cells_for_circle(self, lat: float, lon: float, radius_m: float) -> list[str]:
        """Ids of every cell that may hold a point of the circle (plus a 1 m margin)."""
        lat_min, lat_max, _, _ = bounding_box(lat, lon, radius_m)
        cells = []
        for row in range(self.row(lat_min), self.row(lat_max) + 1):
            low = max(lat_min, -90.0 + row * self.row_deg)
            high = min(lat_max, -90.0 + (row + 1) * self.row_deg)
            half = _half_width(lat, radius_m, low, high)
            n = self.columns(row)
            first = math.floor((lon - half + 180.0) * n / 360.0)
            last = math.floor((lon + half + 180.0) * n / 360.0)
            cols = range(n) if half >= 180.0 or last - first + 1 >= n else (c % n for c in range(first, last + 1))
            cells.extend(f"{row}:{col}" for col in cols)
        return cells


FINE = Grid(2_000)
COARSE = Grid(64_000)


def _check(lat: float, lon: float, radius_m: float) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"point out of range: {lat}, {lon}")
    if not MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M:
        raise ValueError(f"radius must be {MIN_RADIUS_M}..{MAX_RADIUS_M} m, got {radius_m}")


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) in degrees containing the circle, with a 1 m margin.

    Longitudes may run past +/-180 (the box then wraps); a box reaching a
    pole spans all 360 degrees.
    """
    d = (radius_m + _MARGIN_M) / EARTH_RADIUS_M
    lat_min, lat_max = lat - math.degrees(d), lat + math.degrees(d)
    cos_lat = math.cos(math.radians(lat))
    if lat_min <= -90.0 or lat_max >= 90.0 or math.sin(d) >= cos_lat:
        return max(-90.0, lat_min), min(90.0, lat_max), -180.0, 180.0
    # The cap's widest longitude extent, exact on the sphere: d / cos(lat) alone falls short.
    half = math.degrees(math.asin(math.sin(d) / cos_lat)) * (1 + 1e-9)
    return lat_min, lat_max, lon - half, lon + half


def _half_width(lat: float, radius_m: float, low: float, high: float) -> float:
    """Largest longitude offset (degrees) of the circle's points with latitude in [low, high].

    The offset grows towards the latitude asin(sin(lat) / cos(d)), where the
    cap is widest (or towards the pole it contains), and shrinks away from
    it, so the widest point of a band is that latitude clamped to the band.
    """
    d = (radius_m + _MARGIN_M) / EARTH_RADIUS_M
    phi = math.radians(lat)
    ratio = math.sin(phi) / math.cos(d) if math.cos(d) > 0 else math.copysign(2.0, lat)
    widest = math.degrees(math.asin(ratio)) if abs(ratio) <= 1 else math.copysign(90.0, lat)
    at = math.radians(min(high, max(low, widest)))
    denominator = math.cos(phi) * math.cos(at)
    if denominator <= 1e-12:
        return 180.0  # at a pole every longitude is the same point
    cosine = (math.cos(d) - math.sin(phi) * math.sin(at)) / denominator
    if cosine <= -1.0:
        return 180.0
    return math.degrees(math.acos(min(1.0, cosine))) * (1 + 1e-9) + 1e-9


def is_small(radius_m: float) -> bool:
    """Whether an operation of this radius is SMALL (keyed on the fine grid)."""
    return radius_m <= SMALL_MAX_RADIUS_M


def event_keys(lat: float, lon: float, radius_m: float) -> list[str]:
    """Keys an operation stores: SMALL -> "ef:" fine and "ec:" coarse cells; LARGE -> "eL:" coarse cells."""
    _check(lat, lon, radius_m)
    coarse = COARSE.cells_for_circle(lat, lon, radius_m)
    if not is_small(radius_m):
        return [f"eL:{c}" for c in coarse]
    return [f"ef:{c}" for c in FINE.cells_for_circle(lat, lon, radius_m)] + [f"ec:{c}" for c in coarse]


def event_query_keys(lat: float, lon: float, radius_m: float) -> list[str]:
    """Keys a check looks up: SMALL -> "ef:" fine and "eL:" coarse cells; LARGE -> "ec:" and "eL:" coarse cells."""
    _check(lat, lon, radius_m)
    coarse = COARSE.cells_for_circle(lat, lon, radius_m)
    if is_small(radius_m):
        return [f"ef:{c}" for c in FINE.cells_for_circle(lat, lon, radius_m)] + [f"eL:{c}" for c in coarse]
    return [f"ec:{c}" for c in coarse] + [f"eL:{c}" for c in coarse]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def circles_intersect(lat1: float, lon1: float, r1: float, lat2: float, lon2: float, r2: float) -> bool:
    """Whether two circles share ground: centres closer than the sum of the radii."""
    return distance_m(lat1, lon1, lat2, lon2) < r1 + r2


def _utc(moment: datetime) -> datetime:
    """Aware UTC datetime; a naive one is taken to be UTC already."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def windows_overlap(s1: datetime, e1: datetime, s2: datetime, e2: datetime) -> bool:
    """Whether half-open windows [s1, e1) and [s2, e2) share an instant."""
    return _utc(s1) < _utc(e2) and _utc(s2) < _utc(e1)


def overlap_duration(s1: datetime, e1: datetime, s2: datetime, e2: datetime) -> timedelta:
    """How long two windows overlap (zero when they do not)."""
    return max(timedelta(0), min(_utc(e1), _utc(e2)) - max(_utc(s1), _utc(s2)))


def format_distance(metres: float) -> str:
    """ "350 m", "4.2 km", "120 km": units are symbols, the same in English and Spanish."""
    if metres < 1_000:
        return f"{round(metres)} m"
    return f"{metres / 1000:.1f} km" if metres < 10_000 else f"{round(metres / 1000)} km"


def format_duration(span: timedelta) -> str:
    """ "45 min", "3 h 20 min", "2 d 4 h" (SI symbols, language-neutral)."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min" if mins else "under 1 min"
