"""Mexico's personal identifiers: the CURP and the RFC, their shape, their check digit and what a CURP says.

RENAPO's CURP (18 characters): four letters of the names, the date of birth
(YYMMDD), the sex (H, M; X since 2023), the state of birth, three inner
consonants, a character that tells the century (a digit before 2000, a
letter from 2000) and a check digit computed over the first 17. The SAT's RFC
is 13 characters for a person (12 for a company): letters of the name, the
date (of birth or incorporation), a two-character homoclave and a check digit
modulo 11. Plain Python: the forms, the API and the imports call it alike.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

CURP_STATES = frozenset(
    "AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS NE".split())
CURP_SHAPE = re.compile(r"[A-Z][A-Z]{3}[0-9]{6}[HMX][A-Z]{2}[A-Z]{3}[0-9A-Z][0-9]")
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
RFC_SHAPE = re.compile(r"([A-ZÑ&]{3,4})([0-9]{6})([A-Z0-9]{2})([0-9A])")
_RFC_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
# The SAT's generic RFCs (the public at large, foreigners): fixed values, outside the check-digit rule.
GENERIC_RFCS = frozenset({"XAXX010101000", "XEXX010101000"})
CURP_SEXES = {"H": "M", "M": "F", "X": "X"}  # the CURP's letter (hombre, mujer) → the record's code


def compact_id(value: str | None) -> str:
    """Upper case, without the spaces and dashes people type inside identifiers."""
    return re.sub(r"[\s\-.]", "", value or "").upper()


@dataclass(frozen=True)
class Curp:
    """What a valid CURP says of its holder."""

    number: str
    born_on: date
    sex: str  # M, F or X, as a record's ``sex``


def _date(yymmdd: str, century: int) -> date | None:
    try:
        return date(century + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return None


def curp_check_digit(first17: str) -> str:
    """RENAPO's check digit: each character's place in its alphabet weighted 18 down to 2, modulo 10."""
    total = sum(_CURP_ALPHABET.index(ch) * (18 - i) for i, ch in enumerate(first17))
    return str((10 - total % 10) % 10)


def curp_problem(value: str | None) -> str | None:
    """None for a valid CURP; else ``length``, ``shape``, ``date``, ``state`` or ``check_digit``."""
    curp = compact_id(value)
    if len(curp) != 18:
        return "length"
    if not CURP_SHAPE.fullmatch(curp):
        return "shape"
    if curp[11:13] not in CURP_STATES:
        return "state"
    if _date(curp[4:10], 1900 if curp[16].isdigit() else 2000) is None:
        return "date"
    if curp_check_digit(curp[:17]) != curp[17]:
        return "check_digit"
    return None


def read_curp(value: str | None) -> Curp | None:
    """The date of birth and sex a valid CURP states; None for one that is not valid."""
    if curp_problem(value) is not None:
        return None
    curp = compact_id(value)
    return Curp(curp, _date(curp[4:10], 1900 if curp[16].isdigit() else 2000), CURP_SEXES[curp[10]])


def rfc_check_digit(first: str) -> str:
    """The SAT's check digit over the first 11 (company) or 12 (person) characters, modulo 11."""
    padded = first.rjust(12)  # a company's RFC is weighed as if it had a leading blank
    total = sum(_RFC_ALPHABET.index(ch) * (13 - i) for i, ch in enumerate(padded))
    rest = total % 11
    return "0" if rest == 0 else ("A" if 11 - rest == 10 else str(11 - rest))


def looks_like_rfc(value: str | None) -> bool:
    """Whether a registration number is written as an RFC is (letters then a date), so it must be one."""
    return re.match(r"[A-ZÑ&]{3,4}[0-9]{6}", compact_id(value)) is not None


def rfc_problem(value: str | None) -> str | None:
    """None for a valid RFC (12 or 13 characters); else ``length``, ``shape``, ``date`` or ``check_digit``."""
    rfc = compact_id(value)
    if rfc in GENERIC_RFCS:
        return None
    if len(rfc) not in (12, 13):
        return "length"
    match = RFC_SHAPE.fullmatch(rfc)
    if match is None or len(match.group(1)) != len(rfc) - 9:
        return "shape"
    if _date(match.group(2), 2000) is None:  # the century does not matter for the calendar, but 29 Feb does
        if _date(match.group(2), 1900) is None:
            return "date"
    if rfc_check_digit(rfc[:-1]) != rfc[-1]:
        return "check_digit"
    return None
