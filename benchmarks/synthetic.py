"""Synthetic subject records and operations at scale, for the speed benchmarks.

Deterministic for a seed. The mix of kinds and the spread of values follow
what the case systems hold: mostly people, phones and guns; names drawn from
US and Mexican name lists; operations spread over the border states.
"""
from __future__ import annotations

import random
import string
from datetime import date, datetime, timedelta, timezone

from .binational_names import MX_FEMALE, MX_MALE, MX_SURNAMES, US_FEMALE, US_MALE, US_SURNAMES

MAKES = ("Romarm/Cugir", "Colt", "Smith & Wesson", "Ruger", "Glock", "FN Herstal", "Century Arms", "Barrett",
         "Palmetto State Armory", "Norinco", "Zastava", "Springfield Armory", "Taurus", "Bushmaster")
KIND_MIX = (("person", 35), ("phone", 20), ("firearm", 20), ("vehicle", 10), ("email", 5), ("address", 5),
            ("business", 3), ("dealer", 2))
US_STATES = ("AZ", "TX", "CA", "NM")
MX_STATES = ("SON", "CHIH", "BC", "SIN", "TAMPS", "NL", "COAH", "JAL")
# Where operations happen: border and trafficking hubs (lat, lon).
HUBS = ((33.45, -112.07), (32.22, -110.97), (31.33, -110.94), (31.76, -106.49), (29.42, -98.49), (29.76, -95.37),
        (32.72, -117.16), (24.81, -107.39), (29.07, -110.96), (31.69, -106.42), (25.69, -100.32), (20.67, -103.35))


def _words(text: tuple | str) -> list[str]:
    return list(text) if isinstance(text, (tuple, list)) else text.split()


GIVEN = _words(MX_MALE) + _words(MX_FEMALE) + _words(US_MALE) + _words(US_FEMALE)
SURNAMES = _words(MX_SURNAMES) + _words(US_SURNAMES)


def _serial(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_uppercase, k=2)) + "".join(rng.choices(string.digits, k=7))


def subject_row(rng: random.Random, n: int) -> dict:
    """One subject record as an API body, of a kind drawn from the mix."""
    kind = rng.choices([k for k, _w in KIND_MIX], weights=[w for _k, w in KIND_MIX])[0]
    role = rng.choice(("suspect", "straw_purchaser", "trafficker", "associate", "buyer", "other"))
    if kind == "person":
        mexican = rng.random() < 0.6
        return {"kind": kind, "role": role, "first_name": rng.choice(GIVEN), "last_name": rng.choice(SURNAMES),
                "second_last_name": rng.choice(SURNAMES) if mexican else None,
                "dob": (date(1950, 1, 1) + timedelta(days=rng.randrange(20000))).isoformat(),
                "sex": rng.choice("MF"), "nationality": "MX" if mexican else "US"}
    if kind == "phone":
        if rng.random() < 0.5:
            return {"kind": kind, "role": role, "number": f"+1{rng.choice(('602', '520', '915', '713'))}"
                                                             f"{rng.randrange(2000000, 9999999)}"}
        return {"kind": kind, "role": role, "number": f"+52{rng.choice(('662', '656', '667', '664'))}"
                                                      f"{rng.randrange(1000000, 9999999)}"}
    if kind == "firearm":
        return {"kind": kind, "role": "other", "make": rng.choice(MAKES), "model": rng.choice(("WASR-10", "AR-15",
                "M70", "PA-15", "Model 19", "1911")), "caliber": rng.choice(("7.62x39mm", "5.56", ".38 Super")),
                "firearm_type": rng.choice(("rifle", "pistol")), "serial_number": _serial(rng)}
    if kind == "vehicle":
        state = rng.choice(US_STATES + MX_STATES)
        plate = "".join(rng.choices(string.ascii_uppercase, k=3)) + "".join(rng.choices(string.digits, k=4))
        return {"kind": kind, "role": "other", "plate": plate, "plate_region": state, "make": "Ford",
                "model": rng.choice(("F-150", "Ranger", "Explorer"))}
    if kind == "email":
        return {"kind": kind, "role": role, "address": f"user{n}.{rng.randrange(10**6)}@example.com"}
    if kind == "address":
        return {"kind": kind, "role": "other", "line1": f"{rng.randrange(1, 9999)} Calle {rng.choice(SURNAMES)}",
                "city": "Hermosillo", "state": "SON", "postal_code": f"83{rng.randrange(100, 999)}", "country": "MX"}
    if kind == "business":
        return {"kind": kind, "role": "other", "name": f"{rng.choice(SURNAMES)} Freight {n} LLC",
                "registration_number": f"{rng.randrange(10, 99)}-{rng.randrange(1000000, 9999999)}"}
    return {"kind": "dealer", "role": "source_dealer",
            "license_number": f"9-86-{rng.randrange(100, 999)}-01-7D-{rng.randrange(10000, 99999)}",
            "name": f"{rng.choice(SURNAMES)} Guns {n}"}


def operation_row(rng: random.Random, case_id: int, start_from: datetime | None = None) -> dict:
    """One operation as an API body, near a hub, in the coming year; gun-show ones name a venue of the hub.

    The time zone is left to the point; a hub may lie in the other country,
    so the place is confirmed.
    """
    hub = rng.randrange(len(HUBS))
    lat, lon = HUBS[hub]
    start_from = start_from or datetime(2026, 1, 1, tzinfo=timezone.utc)
    start = start_from + timedelta(minutes=15 * rng.randrange(4 * 24 * 365))
    kind = rng.choice(("surveillance", "undercover_purchase", "search_warrant", "gun_show_surveillance"))
    return {"case_id": case_id, "kind": kind,
            "title": "Operation", "starts_at": start, "ends_at": start + timedelta(hours=rng.choice((2, 4, 8, 12))),
            "latitude": lat + rng.uniform(-0.4, 0.4), "longitude": lon + rng.uniform(-0.4, 0.4),
            "radius_m": rng.choice((100, 200, 300, 500, 1000, 2000)), "cross_border": False,
            "venue": f"Expo Center {hub}-{rng.randrange(20)}" if kind == "gun_show_surveillance" else None,
            "confirm_location": True}
