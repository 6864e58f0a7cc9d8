"""Reporting periods: US fiscal years (October to September), calendar years, or given dates.

Plain Python over dates; no database, no Flask request.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import lazy_gettext as _l

FIRST_YEAR = 1990
PERIOD_KINDS = {"fy": _l("US fiscal year (October–September)"), "cy": _l("Calendar year")}


@dataclass(frozen=True)
class Period:
    """An inclusive range of days: ``start`` to ``end``."""

    kind: str  # fy | cy | range
    start: date
    end: date
    year: int | None = None

    @property
    def key(self) -> str:
        """A short stable name: FY2025, CY2025, or 2025-01-01..2025-03-31."""
        if self.kind == "fy":
            return f"FY{self.year}"
        if self.kind == "cy":
            return f"CY{self.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """How a person reads the period, in the current language."""
        if self.kind == "fy":
            return str(_l("FY %(year)s", year=self.year))
        if self.kind == "cy":
            return str(self.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def first_moment(self) -> datetime:
        """The period's start as a UTC moment (for times such as an operation's start)."""
        return datetime.combine(self.start, time.min, tzinfo=timezone.utc)

    @property
    def after_moment(self) -> datetime:
        """The first UTC moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=timezone.utc)

    def as_json(self) -> dict:
        return {"kind": self.kind, "key": self.key, "label": self.label, "year": self.year,
                "start": self.start.isoformat(), "end": self.end.isoformat()}

    def clipped(self, start: date | None, end: date | None) -> "Period | None":
        """The part of the period between two dates (either open), or None when they do not meet."""
        first = max(self.start, start) if start else self.start
        last = min(self.end, end) if end else self.end
        return Period(self.kind, first, last, self.year) if first <= last else None


def fiscal_year(year: int) -> Period:
    """US fiscal year ``year``: 1 October of the year before to 30 September."""
    return Period("fy", date(year - 1, 10, 1), date(year, 9, 30), year)


def calendar_year(year: int) -> Period:
    return Period("cy", date(year, 1, 1), date(year, 12, 31), year)


def fiscal_year_of(day: date) -> int:
    """The US fiscal year a day falls in (October starts the next one)."""
    return day.year + 1 if day.month >= 10 else day.year


def year_period(kind: str, year: int) -> Period:
    return fiscal_year(year) if kind == "fy" else calendar_year(year)


def current_year(kind: str, today: date | None = None) -> int:
    today = today or date.today()
    return fiscal_year_of(today) if kind == "fy" else today.year


def recent_periods(kind: str, last: int, count: int) -> list[Period]:
    """``count`` consecutive years of a kind, ending with year ``last``, oldest first."""
    return [year_period(kind, year) for year in range(last - count + 1, last + 1)]


class PeriodError(ValueError):
    """A period asked for that makes no sense; ``field`` says which parameter."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field, self.message = field, str(message)


def _year(raw: str, field: str) -> int:
    latest = date.today().year + 1
    if not raw.strip().isdigit() or not FIRST_YEAR <= int(raw) <= latest:
        raise PeriodError(field, _l("Give a year between %(first)s and %(last)s.", first=FIRST_YEAR, last=latest))
    return int(raw)


def _day(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise PeriodError(field, _l("Not a valid date value."))


def parse_period(args, default_kind: str = "fy") -> Period:
    """The period named by query arguments.

    ``fiscal_year=YYYY``, ``year=YYYY`` (a calendar year), ``from``/``to``
    (ISO dates), or ``period=fy|cy`` with ``year``; the current fiscal year
    when none is given.
    """
    if args.get("fiscal_year"):
        return fiscal_year(_year(args["fiscal_year"], "fiscal_year"))
    if args.get("from") or args.get("to"):
        start = _day(args.get("from") or "", "from")
        end = _day(args.get("to") or "", "to")
        if end < start:
            raise PeriodError("to", _l("The end of the period comes before its start."))
        if (end - start).days > 366 * 20:
            raise PeriodError("to", _l("A period can be at most twenty years long."))
        return Period("range", start, end)
    kind = args.get("period") or ("cy" if args.get("year") else default_kind)
    if kind not in PERIOD_KINDS:
        raise PeriodError("period", _l("Not a valid choice."))
    year = _year(args["year"], "year") if args.get("year") else current_year(kind)
    return year_period(kind, year)
