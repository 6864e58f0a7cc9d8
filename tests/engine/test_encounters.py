"""Margins in space and time, and reasons that never locate the other team."""
from datetime import datetime, timedelta, timezone

import pytest

from coordinator.deconfliction.encounters import EventWindow, Margins, compare_events, distance_band, time_band
from coordinator.deconfliction.venues import venue_keys, venue_query_keys

from .test_events import destination

T0 = datetime(2024, 3, 9, 15, 0, tzinfo=timezone.utc)  # 08:00 in Phoenix, a Saturday
PHX = (33.4484, -112.0740)


def window(lat=PHX[0], lon=PHX[1], radius=200, start=T0, hours=2, zone="America/Phoenix"):
    return EventWindow(lat, lon, radius, start, start + timedelta(hours=hours), zone)


def test_overlapping_operations_are_told_in_bands_without_figures():
    a = window(radius=500, hours=4)
    lat, lon = destination(*PHX, 90, 350)
    b = window(lat, lon, 300, T0 + timedelta(minutes=40), hours=6)
    result = compare_events(a, b)
    assert (result.level, result.score) == ("match", 1.0)
    said = [r.render() for r in result.reasons]
    assert said == ["the areas overlap", "the time windows overlap on Saturday 2024-03-09, in the morning"]
    assert not any(figure in " ".join(said) for figure in ("350", "500", "300", "40", "min"))


def test_back_to_back_windows_conflict_and_say_which_ends_first():
    a, b = window(hours=2), window(start=T0 + timedelta(hours=2), hours=2)
    result = compare_events(a, b)
    assert result.level == "match" and result.score < 1.0
    assert result.reasons[1].render() == ("your operation ends less than an hour before the other starts "
                                          "(Saturday 2024-03-09, in the morning)")
    assert compare_events(b, a).reasons[1].code == "time_after"


def test_a_gap_inside_the_margins_conflicts_and_one_outside_does_not():
    lat, lon = destination(*PHX, 0, 200 + 200 + 300)  # edges 300 m apart
    near = window(lat, lon, start=T0 + timedelta(hours=3), hours=1)  # 1 h after the first ends
    result = compare_events(window(), near)
    assert result.level == "match"
    assert [r.code for r in result.reasons] == ["area_near", "time_before"]
    assert result.reasons[0].render() == "the areas come within 500 m of each other"
    assert "less than 2 hours" in result.reasons[1].render()
    far_lat, far_lon = destination(*PHX, 0, 200 + 200 + 600)
    assert compare_events(window(), window(far_lat, far_lon)).level is None
    assert compare_events(window(), window(start=T0 + timedelta(hours=4, minutes=30))).level is None


def test_margins_are_settings():
    later = window(start=T0 + timedelta(hours=4, minutes=30))
    assert compare_events(window(), later, Margins(500, timedelta(hours=3))).level == "match"
    assert compare_events(window(), window(start=T0 + timedelta(hours=2, minutes=30)),
                          Margins(0, timedelta(0))).level is None
    with pytest.raises(ValueError):
        Margins(500, timedelta(days=3))


@pytest.mark.parametrize("gap, band", [(0, "500 m"), (499, "500 m"), (501, "1.0 km"), (4_000, "5.0 km")])
def test_distance_bands(gap, band):
    assert distance_band(gap) == band


@pytest.mark.parametrize("gap, words", [(timedelta(0), "less than an hour"), (timedelta(minutes=59), "less than an hour"),
                                        (timedelta(minutes=90), "less than 2 hours"),
                                        (timedelta(hours=7), "less than 12 hours")])
def test_time_bands(gap, words):
    assert time_band(gap) == words


def test_local_day_and_part_of_day_are_the_places():
    late = window(start=datetime(2024, 3, 10, 5, 0, tzinfo=timezone.utc))  # 22:00 on Saturday in Phoenix
    reason = compare_events(late, late).reasons[1]
    assert reason.params["date"] == "2024-03-09" and reason.params["part"] == "in the evening"


def test_venue_keys_meet_whatever_points_and_spelling():
    lat, lon = destination(*PHX, 45, 900)
    stored = venue_keys("Arizona State Fairgrounds", None, *PHX)
    looked_up = venue_query_keys("The Arizona State Fairgrounds, LLC", None, lat, lon)
    assert set(stored) & set(looked_up)
    assert not set(stored) & set(venue_query_keys("Arizona State Fairgrounds", None, 19.43, -99.13))
    assert all(len(key) <= 40 for key in stored)
