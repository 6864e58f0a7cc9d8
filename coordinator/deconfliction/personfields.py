"""The fields of a person record other than names: prepared once, compared in bits.

Each comparison returns a weight (about log2 of how much likelier the
observed agreement is for one person than for two different people), the
reasons in words and a state the scorer's rules read.
"""
from __future__ import annotations

import re
from typing import Any

from jellyfish import damerau_levenshtein_distance as _distance
from jellyfish import jaro_winkler_similarity as _jaro_winkler
from unidecode import unidecode

from coordinator.deconfliction.names import GivenName, Surname, parse_given, parse_surnames, split_full_name
from coordinator.deconfliction.reasons import N_, Reason

# Documents that one person holds only one of: a different number is evidence
# against. Passports and licences are renewed under new numbers.
UNIQUE_DOCUMENTS = frozenset({"curp", "national_id", "ssn", "rfc", "nss", "ine", "voter_id", "a_number"})
DOCUMENT_LABELS = {"curp": N_("CURP"), "national_id": N_("national ID"), "ssn": N_("SSN"), "rfc": N_("RFC"),
                   "a_number": N_("A-number"), "ine": N_("INE voter card"), "passport": N_("passport"),
                   "driver_license": N_("driver's licence"), "visa": N_("visa"), "voter_id": N_("voter ID")}

_ALNUM = re.compile(r"[^A-Z0-9]+")


def compact(value: str | None) -> str:
    """Upper-case letters and digits only."""
    return _ALNUM.sub("", unidecode(value).upper()) if value else ""


def spaced(value: str | None) -> str:
    """Upper-case letters and digits, words separated by single spaces."""
    return " ".join(_ALNUM.sub(" ", unidecode(value).upper()).split()) if value else ""


class PreparedPerson:
    """The normalised values of a person record, computed once per record."""

    __slots__ = ("given", "surnames", "generation", "alternatives", "dob", "dob_text", "sex", "nationality",
                 "documents", "line1", "house_number", "street", "city", "state", "postal")

    def __init__(self, p: Any) -> None:
        given, gen_a = parse_given(p.first_name, p.middle_name)
        surnames, gen_b = parse_surnames(p.last_name, p.second_last_name)
        self.given: list[GivenName] = given
        self.surnames: list[Surname] = surnames
        self.generation: str | None = gen_a or gen_b
        self.alternatives: list[tuple[list[GivenName], list[Surname], str]] = []
        for alias in p.aliases[:3]:
            alias_given, alias_surnames = split_full_name(alias)
            if alias_given:
                self.alternatives.append((alias_given, alias_surnames or surnames, alias))
        self.dob = p.dob
        self.dob_text = p.dob.isoformat().replace("-", "") if p.dob else ""  # YYYYMMDD, as strftime is slow
        self.sex = p.sex if p.sex in ("M", "F") else None
        self.nationality = p.nationality
        self.documents = [(kind, compact(number)) for kind, number in p.documents if len(compact(number)) >= 5]
        self.line1 = spaced(p.line1)
        number, _, rest = self.line1.partition(" ")
        self.house_number = number if number.isdigit() else ""
        self.street = (rest if self.house_number else self.line1).replace(" ", "")
        self.city = spaced(p.city)
        self.state = compact(p.state)
        self.postal = compact(p.postal_code)


def document_label(kind: str) -> str:
    """How a document kind reads in a reason."""
    return DOCUMENT_LABELS.get(kind, kind.replace("_", " "))


def compare_documents(a: PreparedPerson, b: PreparedPerson) -> tuple[float, list[Reason], str]:
    """Documents: the same number anywhere is strong; a different unique number counts against."""
    if not a.documents or not b.documents:
        return 0.0, [], "missing"
    numbers_b = {number: kind for kind, number in b.documents}
    for kind, number in a.documents:
        if number in numbers_b:
            weight = 24.0 if kind in UNIQUE_DOCUMENTS or numbers_b[number] in UNIQUE_DOCUMENTS else 18.0
            return weight, [Reason("same_document", N_("same %(kind)s number"), {"kind": document_label(kind)})], "agree"
    weight, reasons, state = 0.0, [], "missing"
    for kind, number in a.documents:
        for kind_b, number_b in b.documents:
            if kind != kind_b:
                continue
            unique = kind in UNIQUE_DOCUMENTS
            if _distance(number, number_b) <= 1:
                reason = Reason("near_document", N_("%(kind)s numbers differ by one character"),
                                {"kind": document_label(kind)})
                return (12.0 if unique else 8.0), [reason], "near"
            weight += -4.0 if unique else -1.5
            state = "differ"
            reasons.append(Reason("document_differs", N_("different %(kind)s numbers"), {"kind": document_label(kind)}))
    return max(weight, -8.0), reasons, state


def compare_dob(a: PreparedPerson, b: PreparedPerson) -> tuple[float, list[Reason], str]:
    """Dates of birth: exact, off the way dates are mistyped, or apart."""
    da, db = a.dob, b.dob
    if da is None or db is None:
        return 0.0, [], "missing"
    if da == db:
        return 13.0, [Reason("same_dob", N_("same date of birth"))], "agree"
    if da.year == db.year and da.month == db.day and da.day == db.month:
        return 9.0, [Reason("dob_swapped", N_("dates of birth agree with day and month swapped"))], "near"
    if abs(da.year - db.year) == 1 and (da.month, da.day) == (db.month, db.day):
        return 8.0, [Reason("dob_year_off", N_("dates of birth differ by one year"))], "near"
    years = abs(da.year - db.year)
    ta, tb = a.dob_text, b.dob_text
    # One mistyped digit; in the year only the last digit, since a decade
    # apart is what tells a father from his son.
    if years < 10 and (sum(x != y for x, y in zip(ta, tb)) == 1 or _distance(ta, tb) == 1):
        return 4.0, [Reason("dob_typo", N_("dates of birth differ by one digit"))], "near"
    # Fifteen to fifty years apart is the gap between a parent and a child,
    # who may share a name and an address ("Jr."). Further apart, a date
    # typed wrong is likelier than a grandparent of the same full name.
    if 15 <= years <= 50:
        return -7.0, [Reason("dob_far", N_("dates of birth are %(years)s years apart"), {"years": str(years)})], "far"
    return -5.0, [Reason("dob_differs", N_("dates of birth differ"))], "differ"


def compare_address(a: PreparedPerson, b: PreparedPerson) -> tuple[float, list[Reason], str]:
    """Address: agreement is good evidence, disagreement weak (people move).

    Also says how far the street address corroborates a match: "house" (the
    same street and house number), "street" (the same street and postal
    code, the house number missing or different), "weak" (the same street,
    a house number missing) or "".
    """
    weight, reasons, level = 0.0, [], ""
    postal = ""
    if a.postal and b.postal:
        if a.postal == b.postal:
            postal, weight = "same", 5.0
            reasons.append(Reason("same_postal_code", N_("same postal code")))
        elif len(a.postal) == len(b.postal) and _distance(a.postal, b.postal) == 1:
            postal, weight = "near", 2.0
            reasons.append(Reason("near_postal_code", N_("postal codes differ by one digit")))
        else:
            weight = -0.5
    if a.line1 and a.line1 == b.line1:
        weight += 10.0
        level = "house"
        reasons.append(Reason("same_address", N_("same street address")))
    elif a.street and b.street:
        same_street = a.street == b.street or _jaro_winkler(a.street, b.street) >= 0.9
        if same_street and a.house_number and a.house_number == b.house_number:
            weight += 8.0
            level = "house"
            reasons.append(Reason("similar_address", N_("similar street address")))
        elif same_street:
            missing = not a.house_number or not b.house_number
            weight += 4.0 if missing else 2.0
            level = "street" if postal else "weak" if missing else ""
            reasons.append(Reason("same_street", N_("same street")) if missing
                           else Reason("same_street_other_number", N_("same street, different house number")))
        else:
            weight -= 0.5
    if a.city and b.city:
        if a.city == b.city or _jaro_winkler(a.city, b.city) >= 0.92:
            weight += 3.0
            reasons.append(Reason("same_city", N_("same city")))
        else:
            weight -= 0.5
    if a.state and b.state and a.state == b.state:
        weight += 0.5
    return weight, reasons, level
