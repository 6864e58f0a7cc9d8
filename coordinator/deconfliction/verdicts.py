"""Pairwise verdicts for the non-person kinds: which fields agree, how, and what that makes them.

Reasons never quote the other record's values: a viewer learns that the
two records agree (or on what they disagree), in terms of their own fields.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Mapping

from unidecode import unidecode

from .events import distance_m, format_distance
from .normalise import (
    MAKE_IMPORTERS, clean_serial, ffl_identity_key, normalise_business_name, normalise_email,
    normalise_ffl, normalise_make, normalise_phone, normalise_serial, normalise_vin, plate_number,
)
from .places import (
    normalise_city, normalise_country, normalise_plate_region, normalise_region, parse_address, region_name,
)
from .reasons import N_, MatchResult, Reason
from .text import PLACEHOLDERS, compact, normalise_text

Fields = Mapping[str, object]
NO = MatchResult(0.0, None)
SAME_PLACE_M = 100  # geocoded points of one address rarely land further apart
GUN_SHOW_NEAR_M = 2_000
GUN_SHOW_FAR_M = 25_000


def _reason(code: str, message: str, **params: object) -> Reason:
    return Reason(code, message, {k: str(v) for k, v in params.items()})


def _verdict(score: float, level: str | None, *reasons: Reason) -> MatchResult:
    return MatchResult(score, level, tuple(reasons))


def _possible(result: MatchResult, score: float, *reasons: Reason) -> MatchResult:
    """Cap a verdict at "possible" (a "match" with a contradiction goes to review)."""
    if result.level != "match":
        return _verdict(result.score, result.level, *result.reasons, *reasons)
    return _verdict(min(result.score, score), "possible", *result.reasons, *reasons)


# --- firearms ---------------------------------------------------------------

_GAUGE = re.compile(r"\b(10|12|16|20|28|410)\s*(?:GA|GAUGE|G|BORE)\b")
_METRIC = re.compile(r"(?<![\d.])(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:MM|X\s*\d)")
_DECIMAL = re.compile(r"(?<![\d.])(\d{1,2}[.,]\d{1,2})\b")
_INCH = re.compile(r"(?:^|[^\d])\.?(\d{2,3})\b")


def caliber_bore(caliber: object) -> tuple[str, float] | None:
    """("gauge", 12) or ("mm", 9.0) from "12 ga", "9mm Luger", "7,62x39", ".45 ACP"; None if unreadable."""
    text = unidecode(str(caliber)).upper() if caliber is not None else ""
    if m := _GAUGE.search(text):
        return "gauge", float(m.group(1))
    if m := _METRIC.search(text) or _DECIMAL.search(text):
        return "mm", float(m.group(1).replace(",", "."))
    if m := _INCH.search(text):
        return "mm", float("0." + m.group(1)) * 25.4
    return None


def calibers_conflict(a: object, b: object) -> bool:
    """Whether two calibers clearly cannot be one gun's (9 mm vs .45, 5.56 vs 7.62, rifle vs 12 ga).

    Lenient on purpose: cartridge names are not bore sizes (.38 and .380
    fire 9 mm bullets), so only bores 0.7 mm apart count as different.
    """
    bore_a, bore_b = caliber_bore(a), caliber_bore(b)
    if bore_a is None or bore_b is None:
        return False
    return bore_a[0] != bore_b[0] or abs(bore_a[1] - bore_b[1]) > 0.7


def compare_firearms(a: Fields, b: Fields, region_a: str = "US", region_b: str = "US") -> MatchResult:
    """Same serial and make: match; one make missing or importer/maker pair: possible; makes differ: None."""
    serial_a, serial_b = normalise_serial(a.get("serial_number")), normalise_serial(b.get("serial_number"))
    if not serial_a or serial_a != serial_b:
        return NO
    folded = clean_serial(a.get("serial_number")) != clean_serial(b.get("serial_number"))
    serial = (_reason("serial_folded", N_("serial numbers agree once O/0 and I/1 are read alike")),) if folded else ()
    make_a, make_b = normalise_make(a.get("make")), normalise_make(b.get("make"))
    if make_a and make_b and make_a != make_b:
        importer, maker = (make_a, make_b) if make_b in MAKE_IMPORTERS.get(make_a, ()) else (make_b, make_a)
        if maker not in MAKE_IMPORTERS.get(importer, ()):
            return _verdict(0.0, None, _reason("make_differs", N_("same serial number but different makes")))
        result = _verdict(0.6, "possible", *serial, _reason("make_importer", N_(
            "same serial number; the makes differ, but one imports the other's guns")))
    elif make_a and make_b:
        result = (_verdict(0.95, "match", *serial, _reason("same_make", N_("same make"))) if folded else
                  _verdict(1.0, "match", _reason("same_serial_make", N_("same serial number and make"))))
    elif make_a or make_b:
        result = _verdict(0.6, "possible", *serial,
                          _reason("make_missing", N_("same serial number; one record has no make")))
    else:
        result = _verdict(0.5, "possible", *serial,
                          _reason("make_missing", N_("same serial number; neither record has a make")))
    if calibers_conflict(a.get("caliber"), b.get("caliber")):
        return _possible(result, 0.5, _reason("caliber_differs", N_("the calibers recorded differ")))
    model_a, model_b = compact(a.get("model")), compact(b.get("model"))
    if model_a and model_a == model_b:
        result = _verdict(result.score, result.level, *result.reasons, _reason("same_model", N_("the models agree")))
    return result


# --- vehicles ---------------------------------------------------------------

_CAR_MAKES = {"CHEVY": "CHEVROLET", "VW": "VOLKSWAGEN", "MERCEDES": "MERCEDESBENZ", "MB": "MERCEDESBENZ",
              "RAM": "DODGE", "GMC": "GMC", "CHEVROLETGM": "CHEVROLET", "TOYOTAMOTOR": "TOYOTA"}


def _car_make(value: object) -> str:
    key = compact(value)
    return _CAR_MAKES.get(key, key)


def compare_vehicles(a: Fields, b: Fields, region_a: str = "US", region_b: str = "US") -> MatchResult:
    """Same VIN: match; same plate and state: match unless both VINs are known and differ."""
    vin_a, _ = normalise_vin(a.get("vin"))
    vin_b, _ = normalise_vin(b.get("vin"))
    if vin_a and vin_b:
        if vin_a == vin_b:
            return _verdict(1.0, "match", _reason("same_vin", N_("same VIN")))
        return NO
    number_a, number_b = plate_number(a.get("plate")), plate_number(b.get("plate"))
    if not number_a or number_a != number_b:
        return NO
    folded = compact(a.get("plate")) != compact(b.get("plate"))
    plate = (_reason("plate_folded", N_("plates agree once O/0 and I/1 are read alike")),) if folded else ()
    state_a, state_b = normalise_plate_region(a.get("plate_region")), normalise_plate_region(b.get("plate_region"))
    if state_a and state_b and state_a != state_b:
        return NO
    if state_a and state_b:
        result = _verdict(0.9 if folded else 0.95, "match", _reason(
            "same_plate", N_("same plate in %(region)s"), region=region_name(state_a)), *plate)
    else:
        result = _verdict(0.6, "possible", *plate, _reason(
            "plate_region_missing", N_("same plate number; one record does not say which state issued it")))
    make_a, make_b = _car_make(a.get("make")), _car_make(b.get("make"))
    if make_a and make_b and make_a != make_b:
        return _possible(result, 0.5, _reason(
            "vehicle_make_differs", N_("the vehicle makes differ: the plate may be cloned or re-issued")))
    return result


# --- phones, e-mail ---------------------------------------------------------

def compare_phones(a: Fields, b: Fields, region_a: str = "US", region_b: str = "US") -> MatchResult:
    """Same E.164 number (each read in its own agency's country): match."""
    number_a, number_b = normalise_phone(a.get("number"), region_a), normalise_phone(b.get("number"), region_b)
    if not number_a or number_a != number_b:
        return NO
    return _verdict(1.0, "match", _reason("same_phone", N_("same phone number in international form")))


def compare_emails(a: Fields, b: Fields, region_a: str = "US", region_b: str = "US") -> MatchResult:
    """Same address (Gmail dots and +tags ignored): match."""
    email_a, email_b = normalise_email(a.get("address")), normalise_email(b.get("address"))
    if not email_a or email_a != email_b:
        return NO
    if str(a.get("address")).strip().lower() != str(b.get("address")).strip().lower():
        return _verdict(0.95, "match", _reason(
            "same_email_folded", N_("same Gmail address once dots and +tags are ignored")))
    return _verdict(1.0, "match", _reason("same_email", N_("same e-mail address")))


# --- dealers, businesses ----------------------------------------------------

def compare_dealers(a: Fields, b: Fields, region_a: str = "US", region_b: str = "US") -> MatchResult:
    """Same FFL region, district and sequence: match (renewals included); same name, no licence: possible."""
    rds_a, rds_b = ffl_identity_key(a.get("license_number")), ffl_identity_key(b.get("license_number"))
    name_a, name_b = normalise_business_name(a.get("name")), normalise_business_name(b.get("name"))
    if rds_a and rds_b:
        if rds_a != rds_b:
            return NO
        full_a, full_b = normalise_ffl(a.get("license_number")), normalise_ffl(b.get("license_number"))
        if full_a and full_b and full_a[3:8] != full_b[3:8]:
            return _verdict(0.6, "possible", _reason("ffl_type_differs", N_(
                "same FFL region, district and sequence, but the county or licence type differs")))
        if full_a and full_a == full_b:
            return _verdict(1.0, "match", _reason("same_ffl", N_("same FFL licence number")))
        reasons = [_reason("same_ffl_rds", N_("same FFL licence (region, district and sequence)"))]
        if full_a and full_b:
            reasons.append(_reason("ffl_renewed", N_("the expiration codes differ: the licence was renewed")))
        return _verdict(0.97, "match", *reasons)
    if name_a and name_a == name_b:
        return _verdict(0.5, "possible", _reason(
            "same_dealer_name", N_("same dealer name; no licence number to compare")))
    return NO


def registration_number(value: object) -> str | None:
    """Company registration (EIN, RFC, state filing number) as uppercase alphanumerics; None if too short."""
    number = compact(value)
    return number if len(number) >= 5 and number not in PLACEHOLDERS and number.strip("0") else None


def compare_businesses(a: Fields, b: Fields, region_a: str = "US", region_b: str = "US") -> MatchResult:
    """Same registration number: match; same name (and not in different states or countries): possible."""
    number_a = registration_number(a.get("registration_number"))
    number_b = registration_number(b.get("registration_number"))
    if number_a and number_b:
        if number_a != number_b:
            return NO
        return _verdict(1.0, "match", _reason("same_registration", N_("same registration number")))
    name_a, name_b = normalise_business_name(a.get("name")), normalise_business_name(b.get("name"))
    if not name_a or compact(name_a) != compact(name_b):
        return NO
    for field, norm in (("state", normalise_region), ("country", normalise_country)):
        value_a, value_b = norm(a.get(field)), norm(b.get(field))
        if value_a and value_b and value_a != value_b:
            return NO
    return _verdict(0.6, "possible", _reason("same_business_name", N_("same business name")))


# --- addresses --------------------------------------------------------------

_SAME_TYPE = {"C": "ST"}  # "Calle Juárez" written "Juarez St" by an English speaker


def coordinates(fields: Fields) -> tuple[float, float] | None:
    """(latitude, longitude) when both are present and in range."""
    try:
        lat, lon = float(fields.get("latitude")), float(fields.get("longitude"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _distance(a: Fields, b: Fields) -> float | None:
    point_a, point_b = coordinates(a), coordinates(b)
    return distance_m(*point_a, *point_b) if point_a and point_b else None


def compare_addresses(a: Fields, b: Fields, region_a: str = "US", region_b: str = "US") -> MatchResult:
    """Same street line and postal code: match; same street line and city: possible."""
    fields = ("line1", "city", "state", "postal_code", "country")
    pa, pb = (parse_address(*(x.get(f) for f in fields)) for x in (a, b))
    if pa is None or pb is None or pa.street != pb.street:
        return NO
    for x, y in ((pa.state, pb.state), (pa.country, pb.country)):
        if x and y and x != y:
            return NO
    same_postal = bool(pa.postal_code and pa.postal_code == pb.postal_code)
    if pa.city and pb.city and pa.city != pb.city and not same_postal:
        return NO
    if same_postal:
        result = _verdict(0.95, "match", _reason("same_address", N_("same street address and postal code")))
    elif pa.city and pa.city == pb.city:
        result = _verdict(0.7, "possible", _reason("same_street_city", N_("same street address and city")))
    else:
        return NO
    distance = _distance(a, b)
    if distance is not None and distance <= SAME_PLACE_M:
        result = _verdict(0.95, "match", *result.reasons, _reason(
            "same_point", N_("the mapped points are %(distance)s apart"), distance=format_distance(distance)))
    type_a, type_b = (_SAME_TYPE.get(p.street_type or "", p.street_type) for p in (pa, pb))
    if pa.city and pb.city and pa.city != pb.city:
        result = _possible(result, 0.6, _reason("city_differs", N_("the cities differ")))
    if pa.postal_code and pb.postal_code and pa.postal_code != pb.postal_code:
        result = _possible(result, 0.6, _reason("postal_differs", N_("the postal codes differ")))
    if type_a and type_b and type_a != type_b:
        result = _possible(result, 0.5, _reason(
            "street_type_differs", N_("the street types differ (street, avenue, ...)")))
    if pa.unit and pb.unit and pa.unit != pb.unit:
        result = _possible(result, 0.5, _reason("unit_differs", N_("different units at the same street address")))
    if pa.district and pb.district and compact(pa.district) != compact(pb.district):
        result = _possible(result, 0.5, _reason("colonia_differs", N_("the colonias (neighbourhoods) differ")))
    return result


# --- gun shows --------------------------------------------------------------

_SHOW_WORDS = frozenset("GUN GUNS SHOW SHOWS KNIFE KNIVES AND THE OF ANNUAL EXPO EXPOSITION EVENT".split())
_YEARLY = re.compile(r"^(?:(?:19|20)\d\d|\d+(?:ST|ND|RD|TH))$")


def gun_show_name(name: object) -> str:
    """Show name without year, ordinal and generic words ("2024 Crossroads of the West" -> "CROSSROADSWEST")."""
    words = [w for w in normalise_text(str(name).replace("&", " and ") if name else "").split() if not _YEARLY.match(w)]
    return "".join(w for w in words if w not in _SHOW_WORDS) or "".join(words)


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _days(fields: Fields) -> tuple[date, date] | None:
    start, end = _as_date(fields.get("starts_on")), _as_date(fields.get("ends_on"))
    if start is None:
        return None
    return start, max(start, end or start)


def _same_place(a: Fields, b: Fields) -> bool | None:
    """True/False when the records say enough about where the show is, None when they do not."""
    distance = _distance(a, b)
    agree = distance is not None and distance <= GUN_SHOW_NEAR_M
    for field, norm in (("state", normalise_region), ("city", normalise_city)):
        value_a, value_b = norm(a.get(field)), norm(b.get(field))
        if value_a and value_b:
            if value_a != value_b:
                return False
            agree = True
    if distance is not None and distance > GUN_SHOW_FAR_M:
        return False
    venue_a, venue_b = (compact(normalise_business_name(x.get("venue"))) for x in (a, b))
    return True if agree or (venue_a and venue_a == venue_b) else None


def compare_gun_shows(a: Fields, b: Fields, region_a: str = "US", region_b: str = "US") -> MatchResult:
    """Same name, same place, overlapping dates: match; same venue and dates under another name: possible."""
    place = _same_place(a, b)
    if place is False:
        return NO
    same_name = bool(gun_show_name(a.get("name"))) and gun_show_name(a.get("name")) == gun_show_name(b.get("name"))
    venue_a, venue_b = (compact(normalise_business_name(x.get("venue"))) for x in (a, b))
    distance = _distance(a, b)
    same_venue = bool(venue_a and venue_a == venue_b) or (distance is not None and distance <= GUN_SHOW_NEAR_M)
    days_a, days_b = _days(a), _days(b)
    if days_a is None or days_b is None:
        if same_name and place:
            return _verdict(0.5, "possible", _reason(
                "same_gun_show_undated", N_("same gun show name and place; the dates are missing on one record")))
        return NO
    overlap = (min(days_a[1], days_b[1]) - max(days_a[0], days_b[0])).days + 1
    if overlap <= 0:
        return NO
    if same_name and place:
        message = (N_("same gun show: names agree and the dates overlap (1 day)") if overlap == 1 else
                   N_("same gun show: names agree and the dates overlap (%(days)s days)"))
        return _verdict(1.0, "match", _reason("same_gun_show", message, days=overlap))
    if same_name and place is None:
        return _verdict(0.5, "possible", _reason("same_gun_show_unplaced", N_(
            "same gun show name and overlapping dates; the records do not say where it is held")))
    if same_venue:
        return _verdict(0.6, "possible", _reason("same_venue_dates", N_(
            "same venue and overlapping dates (%(days)s d), but the show names differ"), days=overlap))
    return NO
