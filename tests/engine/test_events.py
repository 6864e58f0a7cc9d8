"""Space-time overlap of operations and the spatial keys that must never miss one."""
import math
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from coordinator.deconfliction.events import (
    COARSE, EARTH_RADIUS_M, FINE, bounding_box, circles_intersect, distance_m,
    event_keys, event_query_keys, format_distance, format_duration, overlap_duration, windows_overlap,
)

UTC = timezone.utc
T0 = datetime(2024, 3, 9, 8, 0, tzinfo=UTC)
PROPERTY = settings(max_examples=1000, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(PROPERTY, max_examples=300)


def destination(lat, lon, bearing_deg, metres):
    """Point reached from (lat, lon) going ``metres`` along a great circle."""
    p1, l1, b, d = math.radians(lat), math.radians(lon), math.radians(bearing_deg), metres / EARTH_RADIUS_M
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540.0) % 360.0 - 180.0


def found(a, b):
    """Whether an operation stored as ``a`` is found by a check for ``b``."""
    return bool(set(event_keys(*a)) & set(event_query_keys(*b)))


# Radii mixing small and large operations, with the 5 km threshold and range ends in play.
radii = st.one_of(st.sampled_from([1, 2, 50, 999, 2_000, 4_999, 5_000, 5_001, 64_000, 500_000]),
                  st.floats(1, 5_000), st.floats(5_000, 500_000))
latitudes = st.floats(-60, 70)
longitudes = st.floats(-180, 180)


def _cell_edge(grid):
    """Points on (or a hair either side of) a cell corner of ``grid``."""
    def point(row, col_fraction, wiggle_lat, wiggle_lon):
        lat = -90.0 + row * grid.row_deg + wiggle_lat
        n = grid.columns(grid.row(lat))
        lon = -180.0 + math.floor(col_fraction * n) * 360.0 / n + wiggle_lon
        return max(-60.0, min(70.0, lat)), max(-180.0, min(180.0, lon))
    first, last = grid.row(-60.0), grid.row(70.0)
    tiny = st.sampled_from([0.0, 1e-9, -1e-9, 1e-6, -1e-6])
    return st.builds(point, st.integers(first, last), st.floats(0, 1, exclude_max=True), tiny, tiny)


centres = st.one_of(st.tuples(latitudes, longitudes), _cell_edge(FINE), _cell_edge(COARSE),
                    st.tuples(latitudes, st.sampled_from([-180.0, 180.0, 179.9999, -179.9999])))


@PROPERTY
@given(centre=centres, r1=radii, r2=radii, bearing=st.floats(0, 360), fraction=st.floats(0, 1, exclude_max=True))
@example(centre=(0.0, 179.99), r1=1, r2=1, bearing=90.0, fraction=0.999)  # across the antimeridian
@example(centre=(70.0, 0.0), r1=500_000, r2=1, bearing=0.0, fraction=0.999999)
@example(centre=(-60.0, -180.0), r1=5_000, r2=5_000, bearing=45.0, fraction=0.9999999)
def test_intersecting_operations_always_share_a_key(centre, r1, r2, bearing, fraction):
    lat1, lon1 = centre
    lat2, lon2 = destination(lat1, lon1, bearing, fraction * (r1 + r2))
    assume(circles_intersect(lat1, lon1, r1, lat2, lon2, r2))
    a, b = (lat1, lon1, r1), (lat2, lon2, r2)
    assert found(a, b), (a, b)
    assert found(b, a), (b, a)


@QUICK
@given(lat=st.floats(-90, 90), lon=longitudes, r=radii)
def test_keys_at_any_point_including_the_poles(lat, lon, r):
    stored, queried = event_keys(lat, lon, r), event_query_keys(lat, lon, r)
    assert len(stored) == len(set(stored)) and len(queried) == len(set(queried))
    assert found((lat, lon, r), (lat, lon, r))
    assert len(stored) <= 250 and len(queried) <= 500


def test_worst_case_key_counts():
    """What the README states: a 500 km operation stays in the hundreds, a small one in the tens."""
    grid = [(lat, lon) for lat in range(-60, 71, 5) for lon in (-179.999, -37.3, 0.0, 101.1)]
    small = max(len(event_keys(lat, lon, 5_000)) for lat, lon in grid)
    small_query = max(len(event_query_keys(lat, lon, 5_000)) for lat, lon in grid)
    large = max(len(event_keys(lat, lon, 500_000)) for lat, lon in grid)
    large_query = max(len(event_query_keys(lat, lon, 500_000)) for lat, lon in grid)
    assert small <= 40 and small_query <= 40
    assert large <= 240 and large_query <= 480
    assert max(len(event_keys(lat, 0.0, 500_000)) for lat in (80, 85, 89.9, 90, -90)) <= 240


@QUICK
@given(lat=st.floats(-90, 90), lon=longitudes, r=radii)
def test_a_circle_touches_the_cell_of_its_centre(lat, lon, r):
    if r <= 5_000:  # the fine grid only ever serves small circles
        assert FINE.cell(lat, lon) in FINE.cells_for_circle(lat, lon, r)
    assert COARSE.cell(lat, lon) in COARSE.cells_for_circle(lat, lon, r)


@pytest.mark.parametrize("radius, prefixes", [(1, {"ef", "ec"}), (5_000, {"ef", "ec"}), (5_001, {"eL"}), (500_000, {"eL"})])
def test_small_operations_use_fine_cells_large_ones_coarse(radius, prefixes):
    assert {k.split(":")[0] for k in event_keys(31.33, -110.94, radius)} == prefixes


def test_query_prefixes():
    assert {k.split(":")[0] for k in event_query_keys(31.33, -110.94, 300)} == {"ef", "eL"}
    assert {k.split(":")[0] for k in event_query_keys(31.33, -110.94, 50_000)} == {"ec", "eL"}


def test_far_apart_small_operations_share_no_key():
    nogales_az, tucson = (31.3404, -110.9343, 500), (32.2226, -110.9747, 500)
    assert not found(nogales_az, tucson) and not found(tucson, nogales_az)


@pytest.mark.parametrize("lat, lon, radius", [
    (90.0, 0.0, 500_000), (-90.0, 180.0, 1), (89.9999, -180.0, 5_000), (0.0, 180.0, 500_000), (0.0, -180.0, 1),
])
def test_poles_and_antimeridian_do_not_crash(lat, lon, radius):
    assert event_keys(lat, lon, radius) and event_query_keys(lat, lon, radius)


@pytest.mark.parametrize("lat, lon, radius", [
    (0, 0, 0), (0, 0, 0.5), (0, 0, 500_001), (0, 0, -5), (91, 0, 10), (-90.1, 0, 10), (0, 180.5, 10),
    (float("nan"), 0, 10), (0, 0, float("inf")),
])
def test_invalid_operations_rejected(lat, lon, radius):
    with pytest.raises(ValueError):
        event_keys(lat, lon, radius)
    with pytest.raises(ValueError):
        event_query_keys(lat, lon, radius)


def test_bounding_box_contains_the_circle():
    lat, lon, radius = 65.0, 179.5, 400_000
    lat_min, lat_max, lon_min, lon_max = bounding_box(lat, lon, radius)
    for bearing in range(0, 360, 5):
        p_lat, p_lon = destination(lat, lon, bearing, radius)
        p_lon = p_lon if p_lon >= lon_min else p_lon + 360.0
        assert lat_min <= p_lat <= lat_max and lon_min <= p_lon <= lon_max


def test_grids_cells_are_about_the_stated_size():
    for grid, size in ((FINE, 2_000), (COARSE, 64_000)):
        for lat in (0.0, 33.0, 60.0, 70.0):
            row = grid.row(lat)
            mid = math.radians(-90.0 + (row + 0.5) * grid.row_deg)
            width = 2 * math.pi * EARTH_RADIUS_M * math.cos(mid) / grid.columns(row)
            assert 0.95 * size < width < 1.05 * size
            assert 0.99 * size < math.radians(grid.row_deg) * EARTH_RADIUS_M < 1.01 * size


@pytest.mark.parametrize("a, b, expected", [
    ((0, 0), (1, 0), 111_195), ((0, 179.5), (0, -179.5), 111_195), ((31.3404, -110.9343), (31.3404, -110.9343), 0),
])
def test_distance_m(a, b, expected):
    assert distance_m(*a, *b) == pytest.approx(expected, abs=1)


def test_circles_intersect_is_strict():
    d = distance_m(31.0, -110.0, 31.001, -110.0)
    assert circles_intersect(31.0, -110.0, d / 2, 31.001, -110.0, d / 2 + 0.01)
    assert not circles_intersect(31.0, -110.0, d / 2, 31.001, -110.0, d / 2 - 0.01)


@pytest.mark.parametrize("s1, e1, s2, e2, overlap, minutes", [
    (0, 60, 30, 90, True, 30),
    (0, 60, 60, 120, False, 0),  # half-open: one ends as the other begins
    (0, 600, 100, 200, True, 100),
    (100, 200, 0, 50, False, 0),
])
def test_windows(s1, e1, s2, e2, overlap, minutes):
    at = [T0 + timedelta(minutes=m) for m in (s1, e1, s2, e2)]
    assert windows_overlap(*at) is overlap
    assert overlap_duration(*at) == timedelta(minutes=minutes)


def test_windows_mix_time_zones_and_naive_utc():
    mexico = timezone(timedelta(hours=-6))
    assert windows_overlap(T0, T0 + timedelta(hours=1),
                           datetime(2024, 3, 9, 2, 30, tzinfo=mexico), datetime(2024, 3, 9, 3, 0, tzinfo=mexico))
    assert windows_overlap(datetime(2024, 3, 9, 8, 30), datetime(2024, 3, 9, 9), T0, T0 + timedelta(hours=1))


@pytest.mark.parametrize("metres, text", [(0, "0 m"), (350.4, "350 m"), (999, "999 m"), (1_234, "1.2 km"), (120_400, "120 km")])
def test_format_distance(metres, text):
    assert format_distance(metres) == text


@pytest.mark.parametrize("span, text", [
    (timedelta(seconds=20), "under 1 min"), (timedelta(minutes=45), "45 min"), (timedelta(hours=3, minutes=20), "3 h 20 min"),
    (timedelta(hours=2), "2 h"), (timedelta(days=2, hours=4), "2 d 4 h"), (timedelta(days=1), "1 d"),
])
def test_format_duration(span, text):
    assert format_duration(span) == text
