"""The fields of a person record other than names: prepared once, compared in bits.

Each comparison returns a weight (about log2 of how much likelier the
observed agreement is for one person than for two different people), the
reasons in words and a state the scorer's rules read.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date
from typing import Any

from jellyfish import damerau_levenshtein_distance as _distance
from jellyfish import jaro_winkler_similarity as _jaro_winkler
from unidecode import unidecode

from coordinator.deconfliction.frequencies import dob_prior, is_placeholder
from coordinator.deconfliction.fullnames import split_full_name, whole_name_ordered
from coordinator.deconfliction.mexican_ids import read_curp
from coordinator.deconfliction.names import GivenName, Surname, entered, parse_surnames, read_given
from coordinator.deconfliction.namesex import sex_by_name
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

    __slots__ = ("given", "given_words", "surnames", "names_ascii", "generation", "alternatives", "dob", "dob_text",
                 "sex", "nationality", "documents", "line1", "house_number", "street", "city", "state", "postal")

    def __init__(self, p: Any) -> None:
        # A field holding only "N/A" or "XX" is one left empty.
        fields = (entered(p.first_name), entered(p.middle_name, may_lack=True), entered(p.last_name),
                  entered(p.second_last_name, may_lack=True))
        first, middle, last, second = whole_name_ordered(*fields)
        # The given names, and their words as typed (particles kept) for the fields read exchanged.
        given, gen_a, self.given_words = read_given(first, middle)
        surnames, gen_b = parse_surnames(last, second)
        dob, sex, _ = p.known
        if (sex or sex_by_name(given)) == "M":
            # A man takes no husband's name: "Cortés de Jesús" is two surnames of his own.
            surnames = [replace(u, married=False) if u.married else u for u in surnames]
        self.given: list[GivenName] = given
        self.surnames: list[Surname] = surnames
        # No letter outside ASCII in any name: as a system that stores none writes them (``droppedletters``).
        self.names_ascii = all(w.raw.isascii() for w in given + surnames)
        self.generation: str | None = gen_a or gen_b
        self.alternatives: list[tuple[list[GivenName], list[Surname], str]] = []
        for alias in [a for a in p.aliases if entered(a)][:3]:
            alias_given, alias_surnames = split_full_name(alias)
            if alias_given:
                self.alternatives.append((alias_given, alias_surnames or surnames, alias))
        self.dob = dob
        self.dob_text = dob.isoformat().replace("-", "") if dob else ""  # YYYYMMDD, as strftime is slow
        self.sex = sex if sex in ("M", "F") else None
        self.nationality = p.nationality
        self.documents = [(kind, compact(number)) for kind, number in p.documents if len(compact(number)) >= 5]
        self.line1 = spaced(p.line1)
        # The house number before the street (US: "1513 Lake Rd") or after it (Mexico: "Calle Hidalgo 45").
        words = self.line1.split()
        if len(words) > 1 and words[0].isdigit():
            self.house_number, street = words[0], words[1:]
        elif len(words) > 1 and words[-1].isdigit():
            self.house_number, street = words[-1], words[:-1]
        else:
            self.house_number, street = "", words
        self.street = "".join(street)
        self.city = spaced(p.city)
        self.state = compact(p.state)
        self.postal = compact(p.postal_code)


def stands_for(typed: date, stated: date) -> bool:
    """Whether a typed date is what agents enter when they do not know ``stated``: a placeholder, 1 January of
    its year, the 1st of its month."""
    return is_placeholder(typed) or typed.day == 1 and (
        typed.month == 1 and typed.year == stated.year or (typed.year, typed.month) == (stated.year, stated.month))


def dob_and_sex_with_curp(dob: date | None, sex: str | None,
                          documents: tuple[tuple[str, str], ...]) -> tuple[date | None, str | None, bool]:
    """The date of birth and sex the matcher reads, and whether the date is the CURP's.

    RENAPO issues a CURP from the birth record: its date of birth and sex are
    as good as typed ones. They stand in where the record gives none, or
    only a date entered from the year or month alone (or a placeholder) that
    the CURP's date fits. A typed date or sex that disagrees with the CURP
    stands: the record was saved only with the user's reason why it is
    right. Two valid CURPs that disagree say nothing.
    """
    stated = {curp for curp in (read_curp(number) for kind, number in documents if kind == "curp") if curp}
    if not stated:
        return dob, sex, False
    dates, sexes = {curp.born_on for curp in stated}, {curp.sex for curp in stated}
    born = next(iter(dates)) if len(dates) == 1 else None
    from_curp = born is not None and (dob is None or dob != born and stands_for(dob, born))
    return born if from_curp else dob, next(iter(sexes)) if sex is None and len(sexes) == 1 else sex, from_curp


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


def dob_two_digit_year(year: int, today: date | None = None) -> int:
    """The full year a two-digit year of birth stands for: never in the future."""
    now = (today or date.today()).year
    return 2000 + year if 2000 + year <= now else 1900 + year


# A date before this year is not a living subject's: a two-digit year read in
# the wrong century ("03" stored as 1903).
OLDEST_PLAUSIBLE_YEAR = 1920
# Years between a parent's and a child's births: dates so far apart are two persons, not a slip.
PARENT_YEARS = range(15, 51)
# What a date a century early gives up against the date itself: log2 of how
# much rarer a year stored in the wrong century is than one stored right.
CENTURY_BITS = 3.0
# What a date a day from the 1st of the next month gives up: about half the 1sts entered are the month known
# alone (``frequencies.FIRST_OF_MONTH``), and those the day before contradicts.
DAY_APART_FIRST_BITS = 1.0


# What a date that agrees but for the year's tens digit, at a parent's distance (1955 for 1985), weighs: log2 m/u
# with m the share of records whose tens digit is struck far from the right key (about 1 in 1,000) and u a stranger's
# chance of that day and month in one of the four years a tens digit away (1/365 x 4/80), less than the 5 bits of a
# neighbouring digit.
TENS_FAR_BITS = 3.0


# What another day of the same month and year weighs, beside the names weighed as if no date were given: log2 m/u
# is about nothing (one person's day entered wrong is about as rare as a stranger born the same month), and a
# namesake is likelier than one person entered with a wrong day that no slip explains.
DAY_DIFFERS_BITS = -1.0


def _dob_weight(share: float, m: float = 0.95) -> float:
    """log2(m/u) for a date of birth whose share of records is ``share``."""
    return max(min(math.log2(m / max(share, 1e-9)), 16.0), 1.0)


def _one_digit_apart(ta: str, tb: str) -> bool:
    return sum(x != y for x, y in zip(ta, tb)) == 1 or _distance(ta, tb) == 1


def compare_dob(a: PreparedPerson, b: PreparedPerson, frequencies: Any = None) -> tuple[float, list[Reason], str]:
    """Dates of birth: exact, off the way dates are mistyped, entered as a placeholder, or apart.

    The weight of an exact agreement is log2(m/u), u the share of records
    born that day (1 January is common: the date agents enter when only the
    year is known). A placeholder (1900-01-01) is no evidence; 1 January or
    the 1st of a month against a date of the same year (or month) is weak
    evidence for, never against; another day of the same month and year weak
    evidence against. States: "agree", "near", "placeholder", "month",
    "missing", "differ", "far".
    """
    da, db = a.dob, b.dob
    if da is None or db is None or is_placeholder(da) or is_placeholder(db):
        return 0.0, [], "missing"
    ta, tb = a.dob_text, b.dob_text
    if da == db:
        share = frequencies.share(f"d:{ta}") if frequencies is not None else dob_prior(da)
        if da.day == 1:
            reason = Reason("same_dob_common", N_("same date of birth, a date often entered when only the year or month "
                                                  "is known"))
        else:
            reason = Reason("same_dob", N_("same date of birth"))
        return _dob_weight(share), [reason], "agree"
    years = abs(da.year - db.year)
    same_day_month = (da.month, da.day) == (db.month, db.day)
    if da.year == db.year and da.month == db.day and da.day == db.month:
        return 9.0, [Reason("dob_swapped", N_("your date of birth agrees with day and month read the other way"))], "near"
    # 1 January (the year known) or the 1st (the month known) against a date
    # that fits it: weak evidence, never a contradiction.
    for x, y in ((da, db), (db, da)):
        if x.month == 1 and x.day == 1 and x.year == y.year:
            return 5.0, [Reason("dob_year_only", N_("the year of birth agrees; one date looks entered from the year "
                                                    "alone"))], "placeholder"
        if x.day == 1 and (x.year, x.month) == (y.year, y.month):
            return 7.0, [Reason("dob_month_only", N_("the year and month of birth agree; one date looks entered "
                                                     "without its day"))], "placeholder"
    if years == 1 and same_day_month:
        return 7.0, [Reason("dob_year_off", N_("your date of birth agrees but for the year, one apart"))], "near"
    # One mistyped digit: in the year too, the tens digit and the century
    # included, but not at a parent's distance (PARENT_YEARS).
    # A two-digit year read in the wrong century (03 stored as 1903) is a
    # century apart: never a parent's distance.
    if years == 100 and same_day_month:
        weight = 5.0
        if min(da.year, db.year) < OLDEST_PLAUSIBLE_YEAR:
            # Every digit typed agrees; only the century was added wrongly. Weighed
            # as the later date, less CENTURY_BITS: such an error is rarer than a
            # date entered right, but two persons a century apart are rarer still.
            later = ta if da.year > db.year else tb
            share = frequencies.share(f"d:{later}") if frequencies is not None else dob_prior(max(da, db))
            weight = max(_dob_weight(share) - CENTURY_BITS, weight)
        return weight, [Reason("dob_typo", N_("your date of birth agrees but for one digit"))], "near"
    tens_or_century = same_day_month and (years == 10 or _one_digit_apart(ta[:3], tb[:3]) and ta[3] == tb[3])
    # The year's last two digits struck the other way round (1958 for 1985): 18 to 45 years apart, yet a slip of
    # two keys, as common as a wrong one; a parent and a child born the same day and month so are rarer still.
    transposed = same_day_month and ta[:2] == tb[:2] and (ta[2], ta[3]) == (tb[3], tb[2])
    if transposed and years >= PARENT_YEARS.start:
        return 5.0, [Reason("dob_transposed", N_("your date of birth agrees but for the last two digits of the year, "
                                                 "typed the other way round"))], "near"
    if _one_digit_apart(ta, tb) and (years < PARENT_YEARS.start or (tens_or_century and years not in PARENT_YEARS)):
        return 5.0, [Reason("dob_typo", N_("your date of birth agrees but for one digit"))], "near"
    if tens_or_century and _one_digit_apart(ta, tb):
        # The tens digit struck far from the right one (1955 for 1985: a hand-written 8 read as a 5), a parent's
        # distance apart. A father and a son of one name born the same day and month are rarer than the slip,
        # yet not so rare that the dates settle it: TENS_FAR_BITS, and never a match (``personrules.ruled_level``).
        return TENS_FAR_BITS, [Reason("dob_tens_digit", N_("your date of birth agrees but for the tens digit of the "
                                                           "year, decades apart"))], "near"
    if abs((da - db).days) == 1 and (da.month, da.day) != (1, 1) and (db.month, db.day) != (1, 1):
        # A date moved by a day: converted through a time zone (midnight UTC read as the evening before), or a
        # birth near midnight. 19 and 20 are no digit apart. Across the end of a month the 1st may also be what a
        # form stores for a month known without its day, which the day before contradicts: DAY_APART_FIRST_BITS
        # less. 1 January is the year known alone (below).
        weight = 5.0 - (DAY_APART_FIRST_BITS if 1 in (da.day, db.day) else 0.0)
        return weight, [Reason("dob_day_apart", N_("your date of birth is one day from the other record's"))], "near"
    if years == 10 and same_day_month:
        # The tens digit of the year wrong across a century (1996 for 2006): the
        # same day and month a decade apart, rare for two people (1/365 x a decade's share).
        return 5.0, [Reason("dob_decade", N_("your date of birth agrees but for the decade of the year"))], "near"
    if (da.year, da.month) == (db.year, db.month):
        # Another day of the same month and year, no slip of a key apart (17 and 25): the day entered wrong, or a
        # namesake born that month. Weak evidence against, and never a match (see ``DAY_DIFFERS_BITS``).
        return DAY_DIFFERS_BITS, [Reason("dob_day_differs", N_("the year and month of birth agree; the day "
                                                               "differs"))], "month"
    if years in PARENT_YEARS:
        return -7.0, [Reason("dob_far", N_("dates of birth are years apart"))], "far"
    for x in (da, db):
        if x.month == 1 and x.day == 1 and years <= 2:
            return -1.0, [Reason("dob_year_only_differs", N_("the years of birth differ slightly; one date looks "
                                                             "entered from the year alone"))], "placeholder"
    for x, tx, ty in ((da, ta, tb), (db, tb, ta)):
        # 1 January or the 1st of a month, the part of it that is known a digit from the other date's (Jane Hall
        # born 8 January 1998, and on a record giving 1 July 1998; 1 January 1975 for 8 July 1965): the date was
        # not known whole, and what was known was mistyped. No more than no date, and a little against.
        known = 4 if (x.month, x.day) == (1, 1) else 6 if x.day == 1 else 0
        if known and _one_digit_apart(tx[:known], ty[:known]):
            return -1.0, [Reason("dob_part_differs", N_("the dates of birth differ by one digit; one looks entered "
                                                        "without its day"))], "placeholder"
    return -5.0, [Reason("dob_differs", N_("dates of birth differ"))], "differ"


class _Dates:
    """Just the dates of birth of a record, for a look at them without preparing its names."""

    __slots__ = ("dob", "dob_text")

    def __init__(self, dob: date) -> None:
        self.dob = dob
        self.dob_text = dob.isoformat().replace("-", "")


def dob_state(da: date | None, db: date | None) -> str:
    """How two dates of birth relate, as ``compare_dob`` says it, without preparing the records."""
    if da is None or db is None:
        return "missing"
    return compare_dob(_Dates(da), _Dates(db), None)[2]  # type: ignore[arg-type]


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
    same_city = bool(a.city and b.city) and (a.city == b.city or _jaro_winkler(a.city, b.city) >= 0.92)
    # Another town: a city or a postal code on both records, and neither agrees. "Calle Hidalgo 45" and "1545
    # Sunset St" are in every town, no home in common; one of the two agreeing, the other was mistyped.
    another_town = not (same_city or postal) and bool(a.city and b.city or a.postal and b.postal)
    if another_town:
        pass
    elif a.line1 and a.line1 == b.line1:
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
        if same_city:
            weight += 3.0
            reasons.append(Reason("same_city", N_("same city")))
        else:
            weight -= 0.5
    if a.state and b.state and a.state == b.state:
        weight += 0.5
    return weight, reasons, level
