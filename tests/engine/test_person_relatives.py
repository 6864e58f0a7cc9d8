"""Relatives drawn from the public name lists never reach ``match``: twins, siblings, parents and children, cousins.

Names are drawn at the lists' frequencies (``frequencies._name_prior``),
the database taken to hold a million persons. A relative's given name is
drawn until it agrees with the other's in no way the matcher reads (no
nickname, sound, typing error): where it does, the two are as one person
entered twice to anyone.
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from coordinator.deconfliction.frequencies import CountedFrequencies, _name_prior
from coordinator.deconfliction.givenmatch import word_relation
from coordinator.deconfliction.names import parse_given
from coordinator.deconfliction.persons import PersonRecord, compare_persons

PAIRS = 400
HOME = {"line1": "Calle Hidalgo 123", "city": "Nogales", "state": "SON", "postal_code": "84000"}


class Draw:
    def __init__(self, seed: int) -> None:
        prior = _name_prior()
        self.rng = random.Random(seed)
        self.given = [(name[2:], share) for name, share in prior.items() if name.startswith("g:")]
        self.surnames = [(name[2:], share) for name, share in prior.items() if name.startswith("s:")]
        self.frequencies = CountedFrequencies({term: round(share * 1_000_000) for term, share in prior.items()},
                                              1_000_000)

    def name(self, names: list[tuple[str, float]]) -> str:
        return self.rng.choices([n for n, _ in names], [s for _, s in names])[0]

    def person(self) -> PersonRecord:
        born = date(1950, 1, 1) + timedelta(days=self.rng.randrange(365 * 55))
        given = self.name(self.given) + (f" {self.name(self.given)}" if self.rng.random() < 0.4 else "")
        return PersonRecord(first_name=given, last_name=self.name(self.surnames),
                            second_last_name=self.name(self.surnames) if self.rng.random() < 0.6 else None,
                            dob=born.replace(day=min(born.day, 28)), sex=self.rng.choice(["M", "F", None]))

    def other_given(self, person: PersonRecord) -> str:
        """Given names that agree with the person's in no way the matcher reads."""
        own = [g.folded for g in parse_given(person.first_name)[0]]
        while True:
            given = self.name(self.given)
            if not any(word_relation(given, o)[0] for o in own):
                return given


def assert_never_a_match(draw: Draw, a: PersonRecord, b: PersonRecord) -> None:
    for x, y in ((a, b), (b, a)):
        result = compare_persons(x, y, draw.frequencies)
        assert result.level != "match", (x, y, result)


@pytest.mark.parametrize("seed", [1, 2])
def test_twins_with_another_given_name_never_match(seed: int) -> None:
    draw = Draw(seed)
    for k in range(PAIRS):
        a = draw.person()
        home = HOME if k % 2 else {}
        assert_never_a_match(draw, replace(a, **home), replace(a, first_name=draw.other_given(a), **home))


@pytest.mark.parametrize("seed", [1, 2])
def test_siblings_with_another_given_name_never_match(seed: int) -> None:
    draw = Draw(seed)
    for _ in range(PAIRS):
        a = draw.person()
        born = a.dob.replace(year=a.dob.year + draw.rng.randint(1, 12))
        sibling = replace(a, first_name=draw.other_given(a), dob=born)
        assert_never_a_match(draw, a, sibling)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_parent_and_a_child_of_one_name_born_on_one_day_never_match(seed: int) -> None:
    draw = Draw(seed)
    for _ in range(PAIRS):
        a = draw.person()
        assert_never_a_match(draw, a, replace(a, dob=a.dob.replace(year=a.dob.year - draw.rng.randint(18, 45))))


@pytest.mark.parametrize("seed", [1, 2])
def test_cousins_of_one_given_name_and_paternal_surname_never_match(seed: int) -> None:
    draw = Draw(seed)
    for _ in range(PAIRS):
        a = draw.person()
        other = draw.person()
        if a.second_last_name is None or other.second_last_name is None or other.dob == a.dob:
            continue
        if word_relation(a.second_last_name, other.second_last_name)[0]:
            continue
        assert_never_a_match(draw, a, replace(a, second_last_name=other.second_last_name, dob=other.dob))
