"""The real-frequency benchmark's generator: the same data for a seed, and every label true to the person behind it."""
from __future__ import annotations

import random
import unicodedata
from dataclasses import replace
from datetime import date, timedelta

import pytest
from jellyfish import damerau_levenshtein_distance

from collections import Counter

from benchmarks.realnames_data import NEGATIVE_KINDS, build, other_day_namesakes, same_day_namesakes
from benchmarks.realnames_scores import best_threshold, pair_scores
from benchmarks.realnames_variants import TITLES, UNKNOWN_MIDDLE, UNKNOWN_SURNAME, VARIATIONS, vary
from benchmarks.realnames_world import Person, World, strip_accents, tables


@pytest.fixture(scope="module")
def data():
    return build(seed=5, size=3000, queries=600)


def test_a_seed_gives_the_same_data_and_another_seed_other_data(data):
    again = build(seed=5, size=3000, queries=600)
    assert again.records == data.records and again.queries == data.queries
    other = build(seed=6, size=3000, queries=600)
    assert other.records != data.records


def test_names_come_at_real_frequencies():
    mx, us = tables()["MX"], tables()["US"]
    assert mx["surnames"].names[:3] == ["Hernández", "García", "Martínez"]
    assert us["surnames"].names[0] == "Smith"
    assert mx["M"].names[0] == "José" and mx["F"].names[0] == "María"
    rng = random.Random(1)
    draws = [mx["surnames"].draw(rng) for _ in range(20_000)]
    # Hernández holds about 4.7 % of Mexican surnames in the table; a long tail holds the rest.
    assert 0.04 < draws.count("Hernández") / len(draws) < 0.055
    assert len(set(draws)) > 1000


def test_every_registration_is_labelled_with_the_record_of_the_same_person(data):
    background_pids = {p.pid for p in data.persons}
    assert len(background_pids) == len(data.records)
    kinds = {q.kind for q in data.queries}
    # A namesake of the whole name, born the same day or not, comes at real frequencies: hardly ever among
    # 3,000 persons; the registrations drawn for one and not made are persons of their own (namesake_none).
    assert set(NEGATIVE_KINDS) - {"namesake_same_dob", "namesake"} <= kinds
    assert "namesake_none" in kinds
    assert {"two at once", "three at once", "re_entered"} <= kinds
    for query in data.queries:
        if query.kind in NEGATIVE_KINDS:
            assert query.truth is None and query.pid not in background_pids
        else:
            assert data.persons[query.truth].pid == query.pid


def test_hard_negatives_look_like_the_person_they_are_made_from(data):
    by_pid = {p.pid: p for p in data.persons}
    twins = [q for q in data.queries if q.kind == "twin"]
    assert twins
    for query in data.queries:
        if query.kind == "namesake_same_dob" and query.record.dob:
            same_day = [p for p in data.persons if p.dob == query.record.dob]
            assert same_day and query.pid not in by_pid


def test_the_chance_of_a_birthday_sums_to_one_over_the_days_of_birth():
    days = [date(1950, 1, 1) + timedelta(days=n) for n in range((date(2010, 1, 1) - date(1950, 1, 1)).days)]
    assert abs(sum(World.born_on(day) for day in days if day.timetuple().tm_yday <= 365) - 1) < 1e-9
    assert World.born_on(date(1988, 6, 1)) > 10 * World.born_on(date(1955, 6, 1))
    assert World.born_on(date(1940, 6, 1)) == 0


def test_a_namesake_born_the_same_day_comes_as_often_as_the_name_has_holders():
    common = Person(pid=0, given=("José",), surnames=("Hernández", "García"), sex="M", dob=date(1988, 6, 1),
                    origin="MX")
    rare = replace(common, given=("Eleuterio",), surnames=("Quiñones", "Barraza"))
    holders = Counter({("José", "Hernández"): 1500, ("Eleuterio", "Quiñones"): 1})
    # 1,500 holders, each born that day one time in about 10,000: a namesake born the same day one time in seven.
    assert 0.1 < same_day_namesakes(holders, common) < 0.2
    assert same_day_namesakes(holders, rare) < 0.0002


def test_namesakes_not_born_the_same_day_are_born_another(data):
    other_day = [q for q in data.queries if q.kind == "namesake_other_day"]
    assert other_day and all(q.truth is None for q in other_day)
    assert sum(q.kind == "namesake_same_dob" for q in data.queries) < len(other_day) / 10


def _two_names(record) -> tuple[str, str]:
    return (strip_accents(record.first_name.split()[0]).upper(), strip_accents(record.last_name).upper().split()[0])


def test_a_namesake_born_another_day_comes_only_where_another_person_bears_the_name(data):
    common = Person(pid=0, given=("José",), surnames=("Hernández", "García"), sex="M", dob=date(1988, 6, 1),
                    origin="MX")
    rare = replace(common, given=("Eleuterio",), surnames=("Quiñones", "Barraza"))
    holders = Counter({("José", "Hernández"): 1500, ("Eleuterio", "Quiñones"): 1})
    assert other_day_namesakes(holders, common) == 1499 and other_day_namesakes(holders, rare) == 0
    # Among 3,000 persons most first given names and first surnames have one holder: the slot goes to
    # persons of their own name, and each namesake made shares the two names with two background records.
    background = Counter(_two_names(r) for r in data.records.values())
    other_day = [q for q in data.queries if q.kind == "namesake_other_day"]
    assert all(background[_two_names(q.record)] >= 2 for q in other_day)
    assert sum(q.kind == "namesake_none" for q in data.queries) > 10 * len(other_day)


PERSON = Person(pid=0, given=("José", "Luis"), surnames=("Hernández", "Muñoz"), sex="M", dob=date(1984, 3, 7),
                origin="MX", spouse_surname=None)


def _surnames(record) -> str:
    return f"{record.last_name} {record.second_last_name or ''}".title()


def _given(record) -> str:
    return f"{record.first_name} {record.middle_name or ''}".title()


def _words(record) -> list[str]:
    """The names, folded: a spelling that sounds the same still differs here."""
    return strip_accents(f"{_given(record)} {_surnames(record)}").upper().split()


def _one_digit_off(a: date, b: date) -> bool:
    return sum(x != y for x, y in zip(a.isoformat(), b.isoformat())) == 1


def _noisy(record) -> bool:
    """A name field with a placeholder, a form of address, combining accents, an "N~", a digit read for a letter or
    an invisible character; or the whole name surnames first in the given-name field."""
    titles = {t for by_sex in TITLES.values() for forms in by_sex.values() for t in forms}
    whole = record.first_name and not (record.last_name or record.middle_name)
    if whole and record.first_name.upper().startswith("HERN"):
        return True
    for text in (record.first_name, record.middle_name, record.last_name, record.second_last_name):
        if text and (text in UNKNOWN_SURNAME + UNKNOWN_MIDDLE or text.split()[0] in titles
                     or text != unicodedata.normalize("NFC", text) or any(c in text for c in "\u200b\u00ad\ufeff~015")):
            return True
    return False


# What each variation must do to a record of PERSON (José Luis Hernández Muñoz, born 7 March 1984).
CHECKS = {
    "dropped_maternal": lambda r, p: r.second_last_name is None and _surnames(r).strip() in ("Hernández", "Hernandez"),
    "typo": lambda r, p: 1 <= damerau_levenshtein_distance(" ".join(_words(r)), "JOSE LUIS HERNANDEZ MUNOZ") <= 2,
    "no_dob": lambda r, p: r.dob is None,
    "dob_placeholder": lambda r, p: r.dob in (date(1984, 1, 1), date(1984, 3, 1), date(1900, 1, 1)),
    "dob_tens_digit": lambda r, p: r.dob in (date(1974, 3, 7), date(1994, 3, 7)),
    "dob_wrong_digit": lambda r, p: _one_digit_off(r.dob, p.dob),
    "dob_day_month_swapped": lambda r, p: r.dob == date(1984, 7, 3),
    "dob_two_digit_year": lambda r, p: r.dob == date(1903, 5, 9),
    "married_name": lambda r, p: "López" in _surnames(r) or "Lopez" in _surnames(r),
    "generation_suffix": lambda r, p: r.last_name.split()[-1].lower() in ("jr.", "hijo", "ii", "sr."),
    "encoding": lambda r, p: any(mangled in f"{r.last_name} {r.second_last_name}"
                                 for mangled in ("HernÃ¡ndez", "Hern?ndez", "Hernandez Munoz", "Hern\u00a0ndez Mu¤oz",
                                                 "Hernndez Muoz")),
    "initials": lambda r, p: "." in _given(r),
    "anglo_diminutive": lambda r, p: r.first_name.title() in ("Bob", "Rob", "Bobby"),
    "nickname": lambda r, p: r.first_name.title() in ("Pepe", "Chepe"),
    "nickname_phonetic": lambda r, p: r.first_name.title().startswith(("Pepe", "Chepe")),
    "phonetic": lambda r, p: _words(r) != _words(World(3).record(p)) and len(_words(r)) == 4,
    "joined_surnames": lambda r, p: r.second_last_name is None and "mu" in r.last_name.lower(),
    "surname_in_given": lambda r, p: "Hern" in _given(r),
    "entry_noise": lambda r, p: _noisy(r),
}


@pytest.mark.parametrize("kind", sorted(VARIATIONS))
def test_each_variation_changes_the_record_the_way_it_says(kind):
    person = (replace(PERSON, sex="F", given=("María", "Guadalupe"), spouse_surname="López")
              if kind == "married_name" else
              replace(PERSON, origin="US", given=("Robert", "James"), surnames=("Smith",))
              if kind == "anglo_diminutive" else
              replace(PERSON, dob=date(2003, 5, 9)) if kind == "dob_two_digit_year" else PERSON)
    world = World(3)
    records = [r for r in (vary(world, person, (kind,)) for _ in range(40)) if r is not None]
    assert len(records) >= 10, f"{kind} seldom applies"
    for record in records:
        assert CHECKS[kind](record, person), (kind, record)


def test_splink_threshold_is_the_one_with_the_best_f1(data):
    positives = [q for q in data.queries if q.truth is not None][:3]
    probabilities = {q.qid: {q.truth: 0.9, -1: 0.95} for q in positives}
    threshold, flags = best_threshold(positives, probabilities)
    assert threshold == 0.9  # flagging the wrong pair too still finds every true one: F1 0.67 beats 0.0
    scores = pair_scores(positives, flags)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (3, 3, 0)


def test_without_sex_leaves_every_sex_out_and_nothing_else(data):
    from benchmarks.realnames import without_sex

    plain = without_sex(data)
    assert all(r.sex is None for r in plain.records.values()) and all(q.record.sex is None for q in plain.queries)
    assert any(r.sex for r in data.records.values())  # the data set itself is unchanged
    assert [replace(r, sex=None) for r in data.records.values()] == list(plain.records.values())
    assert [(q.qid, q.truth, q.kind) for q in plain.queries] == [(q.qid, q.truth, q.kind) for q in data.queries]
