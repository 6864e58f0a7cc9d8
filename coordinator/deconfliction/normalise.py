"""Normalise identifiers as agencies actually type them, so equal things get equal keys.

Every function takes what a form or an import gives (possibly None, blank,
mis-cased, accented, with stray separators) and returns a canonical string,
or None when the value cannot identify anything.
"""
from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from unidecode import unidecode

from .places import normalise_address, normalise_country, normalise_plate_region, normalise_region
from .text import PLACEHOLDERS, compact as _compact, normalise_text

__all__ = [
    "normalise_text", "clean_serial", "serial_obliterated", "OBLITERATED", "fold_serial", "normalise_serial",
    "normalise_make", "MAKE_IMPORTERS",
    "normalise_vin", "vin_check_digit", "plate_number", "normalise_plate", "normalise_plate_region", "normalise_region",
    "normalise_country", "normalise_phone", "normalise_email", "normalise_ffl", "ffl_identity_key",
    "normalise_address", "normalise_business_name", "PLACEHOLDERS",
]

# --- firearms ---------------------------------------------------------------

# Only O/0 and I/1 are folded: they are the confusions that serial-number
# formats themselves avoid (VINs ban I, O and Q for that reason) and that
# handwritten and OCR'd trace forms show most. L, S, B, Z are genuine serial
# letters on many makes (Ruger and Glock prefixes), so folding them would
# merge different guns more often than it would rescue a typo.
_SERIAL_FOLD = str.maketrans({"O": "0", "I": "1"})
_VIN_FOLD = str.maketrans({"O": "0", "Q": "0", "I": "1"})
_SERIAL_LABEL = re.compile(r"^(?:S\s*/\s*N|SER(?:IAL)?(?:\s*(?:NO|NUM(?:BER)?))?|SN|NO\s*DE\s*SERIE)\s*[:#.]\s*")


def clean_serial(serial: object) -> str:
    """Serial as typed: uppercase alphanumerics, "S/N:" label dropped, "" for placeholders."""
    if serial is None:
        return ""
    text = _SERIAL_LABEL.sub("", unidecode(str(serial)).strip().upper())
    cleaned = _compact(text)
    if cleaned in PLACEHOLDERS or not fold_serial(cleaned).strip("0"):
        return ""
    return cleaned


# What a seizure or trace form writes where the serial was ground off or defaced. Such a gun has no
# serial key: it meets other records only through what else is known of it.
OBLITERATED = "OBLITERATED"
_OBLITERATED_WORDS = frozenset("OBLITERATED OBLIT DEFACED GROUNDOFF REMOVED ILLEGIBLE NOLEGIBLE BORRADO "
                               "LIMADO RASPADO OBLITERADO".split())


def serial_obliterated(serial: object) -> bool:
    """True when the serial given says it was obliterated ("obliterated", "limado", "ground off", ...)."""
    if serial is None:
        return False
    return _compact(unidecode(str(serial)).strip().upper()) in _OBLITERATED_WORDS


def fold_serial(cleaned: str) -> str:
    """Read O as 0 and I as 1, the two confusions every serial format suffers."""
    return cleaned.translate(_SERIAL_FOLD)


def normalise_serial(serial: object) -> str | None:
    """Serial-number key: separators dropped, O/0 and I/1 read alike; None if blank or a placeholder."""
    cleaned = clean_serial(serial)
    if len(cleaned) < 2:
        return None
    return fold_serial(cleaned)


def _make_table(rows: dict[str, str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, aliases in rows.items():
        for alias in (canonical, *aliases.split("|")):
            if alias:
                table[_compact(alias)] = canonical
    return table


# Canonical maker -> aliases seen in trace and seizure records. Looked up
# after folding and dropping corporate words, so "Sturm, Ruger & Co., Inc."
# reaches "RUGER" through "STURM RUGER".
_MAKES = _make_table({
    "COLT": "Colts|Colt's Manufacturing|Colts Patent Firearms|Colt Defense",
    "SMITH WESSON": "S&W|SW|S and W|Smith and Wesson|Smith & Wesson",
    "ROMARM": "Romarm/Cugir|Cugir|Romarm Cugir|Draco|Mini Draco|Micro Draco|WASR|WASR 10",
    "CENTURY ARMS": "Century|CAI|Century International Arms|Century Intl Arms",
    "FN HERSTAL": "FN|FNH|FNH USA|FN America|Fabrique Nationale|Fabrique Nationale Herstal",
    "NORINCO": "China North Industries|China North Industries Corp",
    "ZASTAVA": "Zastava Arms|Zastava Oruzje|Crvena Zastava|Zastava USA|PAP|PAP M70",
    "RUGER": "Sturm Ruger|Sturm, Ruger|Sturm Ruger and Co",
    "BARRETT": "Barrett Firearms|Barrett Firearms Manufacturing",
    "GLOCK": "Glock GmbH|Glock Ges m b H",
    "BUSHMASTER": "Bushmaster Firearms|Bushmaster Firearms International",
    "PALMETTO STATE ARMORY": "PSA|Palmetto|Palmetto State",
    "BERETTA": "Pietro Beretta|Beretta USA|Fabbrica d'Armi Pietro Beretta",
    "TAURUS": "Forjas Taurus|Taurus International",
    "SIG SAUER": "SIG|Sig Arms|SIGARMS|Sig-Sauer",
    "HECKLER KOCH": "HK|H&K|H and K|Heckler & Koch|Heckler and Koch",
    "SPRINGFIELD ARMORY": "Springfield|Springfield Inc",
    "DPMS": "DPMS Panther|DPMS Panther Arms",
    "ANDERSON MANUFACTURING": "Anderson",
    "DANIEL DEFENSE": "",
    "REMINGTON": "Remington Arms",
    "MOSSBERG": "O F Mossberg|OF Mossberg and Sons|Mossberg and Sons",
    "KEL TEC": "Keltec|Kel-Tec CNC",
    "HI POINT": "Hi-Point|Hipoint|Beemiller",
    "KALASHNIKOV": "Izhmash|Kalashnikov Concern",
    "CZ": "Ceska Zbrojovka|CZ USA|Ceska Zbrojovka Uhersky Brod",
    "BERSA": "",
    "WINCHESTER": "Winchester Repeating Arms|US Repeating Arms",
    "SAVAGE": "Savage Arms",
    "MAGNUM RESEARCH": "",
    "AMERICAN TACTICAL": "ATI|American Tactical Imports",
})

# Generic patterns, not makers: an AK-47 may come from any of twenty factories.
_NOT_A_MAKE = {_compact(v) for v in ("AK 47|AK47|AK|AR 15|AR15|AR|M4|M16|Assault rifle|Cuerno de chivo|"
                                     "Chivo|Pistol|Pistola|Rifle|Unknown make|Generic").split("|")}
_CORPORATE_WORDS = frozenset(
    "INC INCORPORATED LLC CO COMPANY CORP CORPORATION LTD MFG MFR MANUFACTURING GMBH SA SPA AG "
    "AS USA INTL INTERNATIONAL ARMS FIREARMS INDUSTRIES AND THE".split()
)


def normalise_make(make: object) -> str | None:
    """Canonical manufacturer ("S&W" -> "SMITH WESSON"); unknown makers folded and stripped of corporate words."""
    return _make(str(make) if make is not None else None)


@lru_cache(maxsize=4096)  # makers are few and each is spelled a few ways: most guns' makes are known already
def _make(make: str | None) -> str | None:
    text = normalise_text(make.replace("&", " and ") if make is not None else None)
    if not text:
        return None
    stripped = " ".join(w for w in text.split() if w not in _CORPORATE_WORDS) or text
    for candidate in (text, stripped):
        if _compact(candidate) in PLACEHOLDERS or _compact(candidate) in _NOT_A_MAKE:
            return None
        if _compact(candidate) in _MAKES:
            return _MAKES[_compact(candidate)]
    return stripped


# Importers whose name is stamped on (and recorded for) guns another maker
# built: Century Arms imports the Romanian Cugir rifles and the Zastava PAPs.
MAKE_IMPORTERS: dict[str, frozenset[str]] = {
    "CENTURY ARMS": frozenset({"ROMARM", "ZASTAVA"}),
}


# --- vehicles ---------------------------------------------------------------

_VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))),
               **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str | None:
    """The check digit a 17-character VIN should carry at position 9, or None if uncomputable."""
    if len(vin) != 17 or any(c not in _VIN_VALUES for c in vin):
        return None
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS))
    return "X" if total % 11 == 10 else str(total % 11)


def normalise_vin(vin: object) -> tuple[str | None, bool]:
    """(VIN, check digit verified): I/O/Q read as 1/0/0; 17 chars validated, 5-13 (pre-1981) kept unchecked."""
    cleaned = _compact(vin)
    folded = cleaned.translate(_VIN_FOLD)  # I, O and Q never appear in a VIN: 1, 0 and 0 misread.
    if cleaned in PLACEHOLDERS or len(set(folded)) <= 1:  # "00000000000000000" is no vehicle
        return None, False
    if len(folded) == 17:
        return folded, vin_check_digit(folded) == folded[8]
    if 5 <= len(folded) <= 13:
        return folded, False
    return None, False


def plate_number(plate: object) -> str | None:
    """Plate characters without region: separators dropped, O/0 and I/1 read alike."""
    cleaned = _compact(plate)
    if cleaned in PLACEHOLDERS or not 2 <= len(cleaned) <= 10:
        return None
    return fold_serial(cleaned)


def normalise_plate(plate: object, region: object) -> str | None:
    """Plate key "SON:ABC1234" ("GT:P123ABC"); None without a recognisable issuer, since plates repeat across states."""
    number = plate_number(plate)
    state = normalise_plate_region(region)
    if number is None or state is None:
        return None
    return f"{state}:{number}"


# --- phones and e-mail ------------------------------------------------------

def _mexican_national(nsn: str) -> str:
    """Drop the prefixes Mexico retired in 2019: 044/045 (mobile), 01 (long distance), 1 (mobile from abroad)."""
    if len(nsn) == 13 and nsn[:3] in ("044", "045"):
        return nsn[3:]
    if len(nsn) == 12 and nsn.startswith("01"):
        return nsn[2:]
    if len(nsn) == 11 and nsn.startswith("1"):
        return nsn[1:]
    return nsn


def _parse_phone(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code == 52:
        nsn = _mexican_national(phonenumbers.national_significant_number(number))
        number = phonenumbers.PhoneNumber(country_code=52, national_number=int(nsn))
    return number if phonenumbers.is_valid_number(number) else None


# Parsing a number is the costliest normalisation (~25 us), and a record's number is read twice:
# validated as typed, then keyed in E.164. Answers are kept, the E.164 form as its own answer.
_PHONES: dict[tuple[str, str], str | None] = {}
_PHONES_KEPT = 50_000


def normalise_phone(number: object, default_region: str | None) -> str | None:
    """E.164 form ("+526621234567"), reading national numbers in the agency's country; None if invalid."""
    text = str(number).strip() if number is not None else ""
    region = (default_region or "US").upper()
    known = _PHONES.get((text, region), _PHONES)
    if known is not _PHONES:
        return known
    e164 = _e164(text, region)
    if len(_PHONES) >= _PHONES_KEPT:
        _PHONES.clear()
    _PHONES[text, region] = e164
    if e164 is not None:
        _PHONES[e164, region] = e164  # an E.164 number reads as itself, whatever the region
    return e164


def phone_to_store(number: str | None, writer_country: str | None) -> str | None:
    """A contact's phone as kept: in E.164, a number typed without its country code read in the writer's country
    (who types a national number means their own); text that is no phone number as typed; None for nothing."""
    text = (number or "").strip()
    if not text:
        return None
    return normalise_phone(text, writer_country) or text


def _e164(text: str, region: str) -> str | None:
    if not any(c.isdigit() for c in text):
        return None
    parsed = _parse_phone(text, region)
    if parsed is None and not text.startswith("+"):
        # "52 662 123 4567" typed by a US agent: a country code without the "+".
        parsed = _parse_phone("+" + re.sub(r"\D", "", text), None)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) if parsed else None


_EMAIL = re.compile(r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$")


def normalise_email(address: object) -> str | None:
    """Lower-cased address; Gmail's ignored dots and "+tag" dropped; None if not an address."""
    if address is None:
        return None
    text = str(address).strip()
    match = re.search(r"<([^<>]+)>", text)  # "Juan Perez <jp@example.com>"
    text = (match.group(1) if match else text).strip().lower().removeprefix("mailto:").rstrip(".")
    if not _EMAIL.match(text):
        return None
    local, domain = text.rsplit("@", 1)
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.split("+", 1)[0].replace(".", ""), "gmail.com"
        if not local:
            return None
    return f"{local}@{domain}"


# --- dealers ----------------------------------------------------------------

_FFL_DIGIT_FOLD = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1"})
_FFL_FULL = re.compile(r"^([1345689])(\d\d)(\d{3})(0[1-36-9]|1[01])(\d[A-HJ-M])(\d{5})$")
_FFL_RDS = re.compile(r"^([1345689])(\d\d)(\d{5})$")


def _fold_ffl(cleaned: str) -> str:
    """Read letters as digits everywhere except the expiration month letter."""
    if len(cleaned) == 15:
        return cleaned[:9].translate(_FFL_DIGIT_FOLD) + cleaned[9] + cleaned[10:].translate(_FFL_DIGIT_FOLD)
    return cleaned.translate(_FFL_DIGIT_FOLD)


def normalise_ffl(license_number: object) -> str | None:
    """The 15-character FFL ("574019072E05342") from any separators; None if malformed."""
    folded = _fold_ffl(_compact(license_number))
    return folded if _FFL_FULL.match(folded) else None


def ffl_identity_key(license_number: object) -> str | None:
    """Region+district+sequence ("57405342"): the part of an FFL that survives renewal.

    Accepts the full licence or the "first 3, last 5" form dealers quote.
    """
    folded = _fold_ffl(_compact(license_number))
    full = _FFL_FULL.match(folded)
    if full:
        return full.group(1) + full.group(2) + full.group(6)
    return folded if _FFL_RDS.match(folded) else None


# --- businesses -------------------------------------------------------------

# Legal-form suffixes, as token sequences after dots are dropped ("S.A. de
# C.V." -> SA DE CV), US and Mexican. Removed from the end, repeatedly.
_LEGAL_SUFFIXES = sorted(
    (tuple(s.split()) for s in (
        "LLC|INC|INCORPORATED|CORP|CORPORATION|CO|COMPANY|LTD|LIMITED|LP|LLP|PLLC|PC|GMBH|"
        "SA DE CV|SA CV|SAB DE CV|SAPI DE CV|S DE RL DE CV|S DE RL|SRL DE CV|SRL|SA|SC|AC|"
        "S EN C|SPR DE RL|DE CV|CV|DBA").split("|")),
    key=len, reverse=True,
)
_BUSINESS_STOP = frozenset({"AND", "Y", "E", "THE"})


def normalise_business_name(name: object) -> str | None:
    """Business name folded, with "&"/"and"/"y" and legal suffixes (LLC, S.A. de C.V., ...) dropped."""
    if name is None:
        return None
    words = normalise_text(str(name).replace(".", "").replace("&", " and ")).split()
    words = [w for w in words if w not in _BUSINESS_STOP] or words
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        for suffix in _LEGAL_SUFFIXES:
            if len(words) > len(suffix) and tuple(words[-len(suffix):]) == suffix:
                words, stripped = words[:-len(suffix)], True
                break
    result = " ".join(words)
    return result if result and _compact(result) not in PLACEHOLDERS else None
