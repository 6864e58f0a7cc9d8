"""When two operations may run into each other, and how to say so without locating the other team.

Two operations conflict when their areas come within a distance margin of
each other and their windows come within a time margin, not only when they
intersect: teams arrive early, overrun and move. The margins are settings
(``Margins``); the defaults are argued in the README.

The reasons go to both sides, so they say only what deconfliction needs:
whether the areas overlap or come within a coarse band ("within 500 m"),
whether the windows overlap or how close they come in coarse bands ("less
than an hour"), and on which local day and part of the day. Never a distance
between centres, a radius or a minute: a few probe operations and such
figures would trilaterate the other team.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .events import distance_m, format_distance, windows_overlap
from .reasons import N_, MatchResult, Reason

DEFAULT_DISTANCE_MARGIN_M = 500
DEFAULT_TIME_MARGIN = timedelta(hours=2)
# Coarse distance bands: a gap is told as the smallest band that holds it.
DISTANCE_BANDS_M = (500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
# Coarse time bands, each its own sentence so that it translates whole.
TIME_BANDS = (
    (timedelta(hours=1), N_("less than an hour")),
    (timedelta(hours=2), N_("less than 2 hours")),
    (timedelta(hours=3), N_("less than 3 hours")),
    (timedelta(hours=6), N_("less than 6 hours")),
    (timedelta(hours=12), N_("less than 12 hours")),
    (timedelta(hours=24), N_("less than a day")),
)
MAX_TIME_MARGIN = TIME_BANDS[-1][0]
MAX_DISTANCE_MARGIN_M = DISTANCE_BANDS_M[-1]
PARTS_OF_DAY = ((6, N_("at night")), (12, N_("in the morning")), (18, N_("in the afternoon")),
                (24, N_("in the evening")))
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))


@dataclass(frozen=True)
class Margins:
    """How close in space (metres between the areas' edges) and time two operations may come."""

    distance_m: float = DEFAULT_DISTANCE_MARGIN_M
    time: timedelta = DEFAULT_TIME_MARGIN

    def __post_init__(self) -> None:
        if not 0 <= self.distance_m <= MAX_DISTANCE_MARGIN_M:
            raise ValueError(f"distance margin must be 0..{MAX_DISTANCE_MARGIN_M} m, got {self.distance_m}")
        if not timedelta(0) <= self.time <= MAX_TIME_MARGIN:
            raise ValueError(f"time margin must be 0..{MAX_TIME_MARGIN}, got {self.time}")


@dataclass(frozen=True)
class EventWindow:
    """Where and when an operation happens: a circle, a UTC window [starts_at, ends_at), its local zone."""

    lat: float
    lon: float
    radius_m: float
    starts_at: datetime
    ends_at: datetime
    zone: str = "UTC"


def _window(value: EventWindow | Mapping[str, object]) -> EventWindow:
    if isinstance(value, EventWindow):
        return value
    fields = ("lat", "lon", "radius_m", "starts_at", "ends_at", "zone")
    return EventWindow(**{f: value[f] for f in fields if f in value})  # type: ignore[arg-type]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, zone: str) -> dict[str, str]:
    """The weekday, date and part of the day of a moment in a zone, as reason parameters."""
    local = _utc(moment).astimezone(_zone(zone))
    part = next(words for hour, words in PARTS_OF_DAY if local.hour < hour)
    return {"weekday": WEEKDAYS[local.weekday()], "date": local.date().isoformat(), "part": part}


def distance_band(gap_m: float) -> str:
    """The smallest coarse band that holds a gap ("500 m", "1.0 km", ...)."""
    band = next((b for b in DISTANCE_BANDS_M if gap_m <= b), DISTANCE_BANDS_M[-1])
    return format_distance(band)


def time_band(gap: timedelta) -> str:
    """The smallest coarse band that holds a gap between windows ("less than an hour", ...)."""
    return next((words for limit, words in TIME_BANDS if gap < limit), TIME_BANDS[-1][1])


def place_gap(a: EventWindow, b: EventWindow) -> float:
    """Metres between the two areas' edges; zero or less when they overlap."""
    return distance_m(a.lat, a.lon, b.lat, b.lon) - a.radius_m - b.radius_m


def time_gap(a: EventWindow, b: EventWindow) -> timedelta:
    """How long between one window's end and the other's start; zero when they overlap or touch."""
    later_start = max(_utc(a.starts_at), _utc(b.starts_at))
    earlier_end = min(_utc(a.ends_at), _utc(b.ends_at))
    return max(timedelta(0), later_start - earlier_end)


def place_reason(a: EventWindow, b: EventWindow) -> Reason:
    """Whether the areas overlap or only come close, in a coarse band."""
    gap = place_gap(a, b)
    if gap < 0:
        return Reason("area_overlap", N_("the areas overlap"))
    return Reason("area_near", N_("the areas come within %(distance)s of each other"),
                  {"distance": distance_band(gap)})


def time_reason(a: EventWindow, b: EventWindow) -> Reason:
    """Whether the windows overlap or how close they come, told from ``a``'s side, with a local day."""
    if windows_overlap(a.starts_at, a.ends_at, b.starts_at, b.ends_at):
        start = max(_utc(a.starts_at), _utc(b.starts_at))
        return Reason("time_overlap", N_("the time windows overlap on %(weekday)s %(date)s, %(part)s"),
                      local_day(start, a.zone))
    gap = time_gap(a, b)
    if _utc(a.ends_at) <= _utc(b.starts_at):
        return Reason("time_before", N_("your operation ends %(gap)s before the other starts "
                                        "(%(weekday)s %(date)s, %(part)s)"),
                      {"gap": time_band(gap), **local_day(a.ends_at, a.zone)})
    return Reason("time_after", N_("your operation starts %(gap)s after the other ends "
                                   "(%(weekday)s %(date)s, %(part)s)"),
                  {"gap": time_band(gap), **local_day(a.starts_at, a.zone)})


def windows_close(a: EventWindow, b: EventWindow, margins: Margins) -> bool:
    """Whether the windows overlap or come within the time margin (back to back counts)."""
    return (windows_overlap(a.starts_at, a.ends_at, b.starts_at, b.ends_at)
            or time_gap(a, b) < margins.time or time_gap(a, b) == timedelta(0))


def compare_events(a: EventWindow | Mapping[str, object], b: EventWindow | Mapping[str, object],
                   margins: Margins = Margins()) -> MatchResult:
    """"match" when two operations' areas and windows come within the margins, with reasons for ``a``'s side.

    The score is 1.0 when the windows overlap and 0.8 when they only come
    close: the caller's severity says the same.
    """
    a, b = _window(a), _window(b)
    gap = place_gap(a, b)
    if gap >= margins.distance_m and gap >= 0 or not windows_close(a, b, margins):
        return MatchResult(0.0, None)
    overlap = windows_overlap(a.starts_at, a.ends_at, b.starts_at, b.ends_at)
    return MatchResult(1.0 if overlap else 0.8, "match", (place_reason(a, b), time_reason(a, b)))
