"""One entry point per question for every kind of subject record.

``subject_keys`` says under which blocking keys a record is indexed and
``reading_keys`` which of them (and which others) a check of it reads;
``could_match`` is a cheap look that rules a candidate out before
``compare_subjects`` scores a candidate pair of the same kind.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from .frequencies import PRIOR, Frequencies
from .identifiers import IDENTIFIER_KINDS, compare_identifiers, identifier_keys
from .personkeys import person_keys, reading_keys as person_reading_keys
from .persons import PersonRecord, compare_persons, could_alert
from .reasons import MatchResult

SUBJECT_KINDS = frozenset(IDENTIFIER_KINDS | {"person"})


# Person records read lately, one instance per value: its names, once read for a comparison (the costly part,
# ``PersonRecord._prepared``), are not read again for the next candidate, nor when the same candidate of a
# common name comes up in the next check. Values, not state: an edited record is another value.
PREPARED_PERSONS = 4096


@lru_cache(maxsize=PREPARED_PERSONS)
def _one_instance(record: PersonRecord) -> PersonRecord:
    return record


def person_of(fields: Mapping[str, object]) -> PersonRecord:
    """The person record of these fields, its names read at most once while it is among the latest read."""
    return _one_instance(PersonRecord.from_fields(fields))


def subject_keys(kind: str, fields: Mapping[str, object], default_region: str) -> list[str]:
    """The record's blocking keys, without duplicates."""
    if kind == "person":
        return list(dict.fromkeys(person_keys(person_of(fields))))
    return identifier_keys(kind, fields, default_region)


# A record with a whole date of birth meets one without through two names
# alone (``pp0:``, personkeys.reading_keys), evidence that a common pair's
# bearers dilute: where one record in ten lacks a whole date, a pair with
# more than this many such bearers has about 200 in all, more than a key is
# read for (conflicts.index.MAX_POSTINGS), and finds nothing by itself.
UNDATED_POSTINGS = 20


# One name with the other's initial and the year (``pyg:``, ``pys:``), or with
# the day and the month (``pim:``, ``pgm:``), finds a pair whose date and one
# name were both mistyped; among more bearers than this (José H. born in 1985,
# J. Hernández or José H. born on 5 March), such a pair's evidence cannot
# reach "possible", and the key is left out.
YEAR_INITIAL_POSTINGS = 40


def postings_limit(key: str, limit: int) -> int:
    """How many records a check reads under a key before it leaves the key out as over-full."""
    if key.startswith("pp0:"):
        return min(limit, UNDATED_POSTINGS)
    return min(limit, YEAR_INITIAL_POSTINGS) if key.startswith(("pyg:", "pys:", "pim:", "pgm:")) else limit


def reading_keys(kind: str, keys: list[str]) -> list[str]:
    """The keys a check reads for a record of this kind indexed under ``keys`` (``subject_keys``)."""
    return person_reading_keys(keys) if kind == "person" else keys


def could_match(kind: str, mine: Mapping[str, object], theirs: Mapping[str, object]) -> bool:
    """False when a cheap look rules the pair out: ``compare_subjects`` would raise nothing."""
    if kind == "person":
        return could_alert(person_of(mine), person_of(theirs))
    return True


def compare_subjects(kind: str, mine: Mapping[str, object], theirs: Mapping[str, object],
                     my_region: str, their_region: str, frequencies: Frequencies = PRIOR) -> MatchResult:
    """Verdict on two records of one kind, with reasons phrased for the owner of ``mine``.

    ``frequencies`` weighs persons' names and dates of birth by how common they are.
    """
    if kind == "person":
        return compare_persons(person_of(mine), person_of(theirs), frequencies)
    return compare_identifiers(kind, mine, theirs, my_region, their_region)
