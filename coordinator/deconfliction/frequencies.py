"""How common a given name, a surname or a date of birth is: the u-probabilities of the person model.

Agreement on a rare surname says much, on "Hernández" little; a date of
birth shared with thousands of records (1 January) says less than an
ordinary one. The scorer asks a ``Frequencies`` object for the share of
person records that carry a term. The service builds one per check from the
counts kept in the database (``coordinator.conflicts.frequencies``); the
engine only reads it, so it stays plain Python and a check never depends on
what one process remembers.

Terms are strings: ``g:JOSE`` (a given-name word, folded), ``gg:JOSE+LUIS``
(the first two given names together), ``s:HERNANDEZ`` (a surname, its core
folded), ``d:19800305`` (a date of birth). A young
database knows few records, so each share is blended with a prior from
public name-frequency data of the US and Mexico (``data/``), as if the
prior had been seen ``PRIOR_WEIGHT`` times.
"""
from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Protocol

from .spelling import fold

DATA = Path(__file__).resolve().parent / "data"
# The prior counts as this many person records: a database of a few
# thousand records is still mostly prior, one of a million mostly its own.
PRIOR_WEIGHT = 20_000
# The population the prior odds of a match are taken over is never thought
# smaller than this: records come from a large population, however few the
# database holds yet.
MIN_POPULATION = 10_000
# A name that no list knows: about one person in 20,000 (given) or 30,000 (surname).
UNKNOWN_GIVEN = 5e-5
UNKNOWN_SURNAME = 3.3e-5
US_SHARE = 0.5  # the prior's mix of the two countries' names
# Dates of birth: about 75 birth years in play, and the dates agents enter
# when they know only the year (1 January) or the month (the 1st).
ORDINARY_DOB = 1 / (365.25 * 75)
FIRST_OF_JANUARY = 15.0
FIRST_OF_MONTH = 2.0
PLACEHOLDER_SHARE = 0.02  # 1900-01-01 and the like


class Frequencies(Protocol):
    """Shares of person records carrying a term, and how many records there are."""

    def share(self, term: str) -> float:
        """The share (0..1) of person records carrying ``term``."""

    @property
    def population(self) -> int:
        """The number of person records the shares are taken over (at least ``MIN_POPULATION``)."""


_EPOCH = date(1970, 1, 1)


def is_placeholder(dob: date) -> bool:
    """A date that stands for "unknown" rather than a birthday: 1 January 1900 or 1901, or earlier, or the Unix
    epoch (1 January 1970, what a system stores for a date it never had: time 0).

    Another day of 1900 is a two-digit year read in the wrong century (00
    stored as 1900), which the comparison of dates reads as such.
    """
    return dob.year < 1900 or dob.year <= 1901 and (dob.month, dob.day) == (1, 1) or dob == _EPOCH


def dob_prior(dob: date) -> float:
    """The prior share of records born on ``dob``: ordinary, 1 January, the 1st of a month, a placeholder."""
    if is_placeholder(dob):
        return PLACEHOLDER_SHARE
    if dob.month == 1 and dob.day == 1:
        return ORDINARY_DOB * FIRST_OF_JANUARY
    if dob.day == 1:
        return ORDINARY_DOB * FIRST_OF_MONTH
    return ORDINARY_DOB


def data_rows(filename: str) -> Iterator[list[str]]:
    """The rows of a shipped tab-separated table (``data/``), its comment lines left out."""
    for line in (DATA / filename).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def _name_prior() -> dict[str, float]:
    """Shares by term from the shipped lists, the two countries mixed."""
    mixed: dict[str, float] = {}
    for filename, weight in (("us_names.tsv", US_SHARE), ("mx_names.tsv", 1 - US_SHARE)):
        for kind, name, share in data_rows(filename):
            term = f"{kind}:{fold(name)}"
            mixed[term] = mixed.get(term, 0.0) + weight * float(share)
    return mixed


@lru_cache(maxsize=1)
def given_names_by_initial() -> dict[str, tuple[tuple[str, float], ...]]:
    """The given names of the shipped lists with their prior shares, folded, by first letter: what a shortened
    given name ("Guad.") may stand for (``names.read_shortened``)."""
    by_initial: dict[str, list[tuple[str, float]]] = {}
    for term, share in _name_prior().items():
        if term.startswith("g:") and len(term) > 3:
            by_initial.setdefault(term[2], []).append((term[2:], share))
    return {initial: tuple(names) for initial, names in by_initial.items()}


def known_name_share(folded: str, kinds: str = "gs") -> float:
    """The largest of a folded name's prior shares as a given name (g) or a surname (s); 0 for a name no list knows."""
    prior = _name_prior()
    return max(prior.get(f"{kind}:{folded}", 0.0) for kind in kinds)


def given_pair_term(first: str, second: str) -> str:
    """The term of two given names borne together, first and second (folded): ``gg:JOSE+LUIS``."""
    return f"gg:{first}+{second}"


def second_given_bits(frequencies: Frequencies, first: str, second: str) -> float:
    """The evidence, in bits, of a second given name agreeing where the first one does: log2 of how much rarer
    the two together are than the first alone, log2(share(first) / share(first and second)).

    Given names run in pairs (José Luis, María Guadalupe): after the first,
    a common second one says little. The counts say how often the two are
    borne together; the public lists know no pairs, so a young database
    assumes each first name halves the second's evidence (``prior_share``).
    """
    return math.log2(frequencies.share(f"g:{first}") / frequencies.share(given_pair_term(first, second)))


def prior_share(term: str) -> float:
    """The share a term has in the public data, before the database has any records."""
    kind, _, value = term.partition(":")
    if kind == "gg":
        # Two given names together: the first's share, times the square root of the second's (its evidence halved).
        first, _, second = value.partition("+")
        return prior_share(f"g:{first}") * math.sqrt(prior_share(f"g:{second}"))
    if kind == "d":
        try:
            return dob_prior(date(int(value[:4]), int(value[4:6]), int(value[6:8])))
        except ValueError:
            return ORDINARY_DOB
    known = _name_prior().get(term)
    if known is not None:
        return max(known, UNKNOWN_GIVEN if kind == "g" else UNKNOWN_SURNAME)
    return UNKNOWN_GIVEN if kind == "g" else UNKNOWN_SURNAME


class PriorFrequencies:
    """The public data alone: what the engine assumes when no counts are passed in."""

    population = MIN_POPULATION

    def share(self, term: str) -> float:
        """The prior share of ``term``."""
        return prior_share(term)


PRIOR = PriorFrequencies()


class CountedFrequencies:
    """Counts of person records by term, blended with the prior.

    ``counts`` maps a term to how many person records carry it (terms that
    no record carries may be left out); ``records`` is how many person
    records there are.
    """

    def __init__(self, counts: Mapping[str, int], records: int) -> None:
        self.counts = counts
        self.records = max(records, 0)
        self.population = max(self.records, MIN_POPULATION)

    def share(self, term: str) -> float:
        """(count + PRIOR_WEIGHT x prior) / (records + PRIOR_WEIGHT)."""
        return (self.counts.get(term, 0) + PRIOR_WEIGHT * prior_share(term)) / (self.records + PRIOR_WEIGHT)

    @classmethod
    def of(cls, records: Iterable[object]) -> CountedFrequencies:
        """Counts made from person records in memory (the benchmarks' files)."""
        from .personkeys import person_terms

        counts: dict[str, int] = {}
        total = 0
        for record in records:
            total += 1
            for term in person_terms(record):
                counts[term] = counts.get(term, 0) + 1
        return cls(counts, total)
