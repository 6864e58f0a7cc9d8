"""Values as a reader of the page's language reads them: dates, numbers, countries, time zones, phones, states.

Dates in tables are the locale's short date with a four-digit year and
zero-padded day and month (14/03/1985 in Spanish, 03/14/1985 in English);
countries and time zones are named by CLDR in the reader's language; a phone
stored in E.164 is grouped as its country writes it (national form for the
agency's own country, international otherwise).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, get_timezone_location
from babel.numbers import format_decimal
from flask import Flask, has_request_context
from flask_babel import LazyString, get_locale
from flask_login import current_user
from wtforms.widgets import Select

from .deconfliction.places import REGION_NAMES


def _locale() -> Locale:
    return get_locale() or Locale("en")


def _numeric_pattern(locale: Locale) -> str:
    """The locale's short date pattern with dd, MM and yyyy (d/M/yy → dd/MM/yyyy)."""
    pattern = locale.date_formats["short"].pattern
    pattern = re.sub(r"y+", "yyyy", pattern)
    pattern = re.sub(r"(?<!d)d(?!d)", "dd", pattern)
    return re.sub(r"(?<!M)M(?!M)", "MM", pattern)


def short_date(value: date | datetime | str | None) -> str:
    """A date as the reader writes it by hand: 14/03/1985 (es), 03/14/1985 (en); an ISO string is read first."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    locale = _locale()
    return format_date(value, _numeric_pattern(locale), locale=locale)


def short_datetime(value: datetime) -> str:
    """A wall-clock time in the reader's short forms: 14/03/2026 10:00 (es), 03/14/2026 10:00 AM (en)."""
    locale = _locale()
    return format_datetime(value, f"{_numeric_pattern(locale)} {locale.time_formats['short'].pattern}",
                           locale=locale)


ISO_DATE = re.compile(r"\b([12][0-9]{3})-([01][0-9])-([0-3][0-9])\b")


def dates_in(text: str | None) -> str:
    """A stored label with its ISO dates written as the reader writes them ("GARCÍA, José (14/03/1985)")."""
    if not text:
        return text or ""

    def local(match):
        try:
            return short_date(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    return ISO_DATE.sub(local, text)


def _readers_country_locale() -> Locale:
    """The reader's language as written in their agency's country (es_MX, en_US) where CLDR knows the pair."""
    locale = _locale()
    agency = getattr(current_user, "agency", None) if has_request_context() else None
    country = getattr(agency, "country", None)
    if country and not locale.territory:
        try:
            return Locale(locale.language, country.upper())
        except (UnknownLocaleError, ValueError):
            pass
    return locale


def number(value) -> str:
    """A number with the separators of the reader's language in their country: 1,234.5 in Mexico's Spanish and
    in English, 1.234,5 in Spanish without a country (Spain's)."""
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=_readers_country_locale())


def country_name(code: str | None) -> str:
    """A country by its name in the reader's language (MX → México); an unknown code as given."""
    if not code:
        return ""
    return _locale().territories.get(code.upper(), code)


def timezone_name(zone: str | None) -> str:
    """An IANA zone by its place in the reader's language: "hora de México (Hermosillo)"."""
    if not zone:
        return ""
    if zone in ("UTC", "Etc/UTC"):
        return "UTC"
    try:
        return get_timezone_location(zone, locale=_locale())
    except LookupError:
        return zone


def region_name(code: str | None) -> str:
    """A US or Mexican state by its name (SON → Sonora); an unknown code as given."""
    if not code:
        return ""
    return REGION_NAMES.get(code.upper(), code)


def phone_for_reading(value: str | None, home: str | None = None) -> str:
    """A phone number grouped for reading: national form in the reader's country, else international.

    ``home`` is the reader's country (ISO code); by default the signed-in
    user's agency's, and an empty string reads every number internationally
    (for readers of several countries). A number written without its country
    code is read as the reader's country's, else as American; text that is
    no phone number is shown as written.
    """
    if not value:
        return ""
    if home is None:
        agency = getattr(current_user, "agency", None)
        home = getattr(agency, "country", None) or ""
    try:
        parsed = phonenumbers.parse(value, None if value.strip().startswith("+") else (home or "US"))
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(parsed):
        return value
    same = phonenumbers.region_code_for_number(parsed) == home
    form = phonenumbers.PhoneNumberFormat.NATIONAL if same else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(parsed, form)


def contact_line(poc: dict, home: str | None = None) -> str:
    """A point of contact in a message: name, phone as read in ``home`` (see above), e-mail."""
    phone = phone_for_reading(poc.get("phone"), home) if poc.get("phone") else None
    return ", ".join(part for part in (poc.get("name"), phone, poc.get("email")) if part)


def lazy(function, *args) -> LazyString:
    """A label worked out when it is shown, in the language of that request (for choices made at import)."""
    return LazyString(function, *args)


class ByLabel(Select):
    """A select whose options are in the reader's alphabetical order of their (translated) labels, blank first."""

    def __call__(self, field, **kwargs):
        return super().__call__(_SortedChoices(field), **kwargs)


class _SortedChoices:
    def __init__(self, field):
        self._field = field

    def __getattr__(self, name):
        return getattr(self._field, name)

    def has_groups(self) -> bool:
        return False

    def _iter_choices_normalized(self):
        entries = list(self._field._iter_choices_normalized())
        return sorted(entries, key=lambda c: (c.value not in ("", None), _alphabetical(str(c.label))))


def _alphabetical(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def register(app: Flask) -> None:
    app.jinja_env.filters.update(day=short_date, dates=dates_in, num=number, country=country_name, tzname=timezone_name,
                                 region=region_name, phone=phone_for_reading)
