"""Two names without the date: read where a date cannot rule the pair out, not for every namesake."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coordinator.deconfliction.keys import reading_keys as subject_reading_keys
from coordinator.deconfliction.personkeys import person_keys, reading_keys
from coordinator.deconfliction.persons import PersonRecord

JOSE = PersonRecord(first_name="José", last_name="Zubiría", second_last_name="Olmedo", dob=date(1980, 3, 5), sex="M")


def found_by(checked: PersonRecord, indexed: PersonRecord) -> set[str]:
    """The keys through which a check of ``checked`` reads ``indexed``."""
    return set(reading_keys(person_keys(checked))) & set(person_keys(indexed))


def pair_keys(keys: set[str]) -> set[str]:
    return {k for k in keys if k.startswith(("pp0:", "ppd:", "ppm:"))}


def test_a_namesake_born_on_another_day_is_not_read_through_the_names_alone() -> None:
    # Another day, month and year, and the second surname dropped: the date keys and the pair keys are all apart.
    namesake = replace(JOSE, first_name="Pepe", second_last_name=None, dob=date(1971, 11, 23))
    assert not pair_keys(found_by(JOSE, namesake)) and not pair_keys(found_by(namesake, JOSE))
    assert pair_keys(set(person_keys(JOSE)) & set(person_keys(namesake)))  # both indexed under the pair


def test_a_record_without_a_whole_date_meets_every_bearer_of_its_names_both_ways() -> None:
    for dob in (None, date(1980, 1, 1), date(1980, 6, 1), date(1900, 1, 1)):
        vague = replace(JOSE, first_name="Pepe", second_last_name=None, dob=dob)
        assert pair_keys(found_by(vague, JOSE)) and pair_keys(found_by(JOSE, vague)), dob


def test_a_mistyped_year_with_a_name_entered_otherwise_meets_by_the_day_and_month() -> None:
    other = replace(JOSE, first_name="Pepe", second_last_name=None, dob=date(1983, 3, 5))
    assert {k for k in found_by(other, JOSE) if k.startswith("ppm:")}
    assert {k for k in found_by(JOSE, other) if k.startswith("ppm:")}


def test_a_record_is_indexed_under_what_others_read_and_reads_no_key_twice() -> None:
    keys = person_keys(JOSE)
    assert any(k.startswith("ppd:") for k in keys) and not any(k.startswith("pp0:") for k in keys)
    read = reading_keys(keys)
    assert len(read) == len(set(read)) and not any(k.startswith("ppd:") for k in read)
    vague = person_keys(replace(JOSE, dob=None))
    assert not any(k.startswith("pp0:") for k in reading_keys(vague))
    # Other kinds read the keys they are indexed under.
    assert subject_reading_keys("phone", ["ph:5205550100"]) == ["ph:5205550100"]


def test_both_names_mistyped_past_their_sound_with_the_date_right_still_meet() -> None:
    typed = PersonRecord(first_name="Mallorie", last_name="Morridon", dob=date(1987, 10, 19), sex="F")
    stated = PersonRecord(first_name="Mallory", last_name="Morrison", dob=date(1987, 10, 19), sex="F")
    assert set(reading_keys(person_keys(typed))) & set(person_keys(stated))


def test_the_fields_exchanged_with_the_date_mistyped_still_meet() -> None:
    exchanged = PersonRecord(first_name="Jara Pérez", last_name="Esteban", dob=date(2005, 2, 26), sex="M")
    stated = PersonRecord(first_name="Esteban", last_name="Jara", second_last_name="Pérez", dob=date(2005, 2, 6),
                          sex="M")
    assert set(reading_keys(person_keys(exchanged))) & set(person_keys(stated))


@pytest.mark.parametrize("given", ["Joseph", "Robert", "James", "William", "Michael"])
def test_an_english_given_name_typed_as_the_surname_with_the_date_mistyped_still_meets(given: str) -> None:
    # As a given name, Robert is read as the formal name of its class (Roberto); as a surname, as it is written.
    # With the fields exchanged and the month mistyped, the two readings shared no key.
    stated = PersonRecord(first_name=given, last_name="Miller", dob=date(1985, 3, 12), sex="M")
    exchanged = PersonRecord(first_name="Miller", last_name=given, dob=date(1985, 4, 12), sex="M")
    assert found_by(exchanged, stated) and found_by(stated, exchanged)


def test_a_name_mistyped_past_its_sound_with_the_day_mistyped_still_meets() -> None:
    typed = PersonRecord(first_name="Rciardo", last_name="Thompkins", dob=date(1988, 7, 23), sex="M")
    stated = PersonRecord(first_name="Ricardo", last_name="Thompkins", dob=date(1988, 7, 13), sex="M")
    assert set(reading_keys(person_keys(typed))) & set(person_keys(stated))
    initial = PersonRecord(first_name="T.", last_name="Lubin", dob=date(1980, 5, 28), sex="F")
    assert set(reading_keys(person_keys(initial))) & set(person_keys(replace(initial, first_name="Tanisha",
                                                                             dob=date(1980, 5, 26))))


@pytest.mark.parametrize(("typed", "stated", "born"), [("Sith", "Smith", 2000), ("Joes", "Jones", 1952),
                                                       ("Mcdnoald", "McDonald", 1995)])
def test_a_surname_mistyped_past_its_sound_with_the_year_mistyped_still_meets(typed: str, stated: str,
                                                                                born: int) -> None:
    # Russell Sith born 2000 for Russell Smith born 2005: the surname's sound and the year both lost.
    mistyped = PersonRecord(first_name="Russell", last_name=typed, dob=date(born, 2, 18), sex="M")
    right = PersonRecord(first_name="Russell", last_name=stated, dob=date(2005, 2, 18), sex="M")
    assert found_by(mistyped, right) and found_by(right, mistyped)


def test_a_year_and_an_initial_shared_by_a_crowd_are_not_read() -> None:
    from coordinator.deconfliction.keys import postings_limit

    assert postings_limit("pys:1985:J:ERNANTES", 200) == 40 and postings_limit("pyg:1985:JOSE:H", 200) == 40
    assert postings_limit("pim:0305:J:ERNANTES", 200) == 40  # J. Hernández born on 5 March of any year
    assert postings_limit("pgm:0305:JOSE:H", 200) == 40  # José H. born on 5 March of any year
    assert postings_limit("pb:a992:0305:JOSE", 200) == 200


@pytest.mark.parametrize(("typed", "stated"), [("Newmn", "Newman"), ("Gll", "Gill"), ("Fergusno", "Ferguson")])
def test_a_surname_mistyped_past_its_sound_without_a_date_meets_by_the_given_names_and_initials(
        typed: str, stated: str) -> None:
    undated = PersonRecord(first_name="Kayla", middle_name="L.", last_name=typed, sex="F")
    dated = PersonRecord(first_name="Kayla", middle_name="Lindsey", last_name=stated, dob=date(1990, 3, 4), sex="F")
    assert found_by(undated, dated) and found_by(dated, undated)
    # With whole dates on both, the date keys do it: the names' initials are not read for every bearer. (Newmn
    # and Gll are also read as Newman and Gill, a letter an export drops put back: keyed as those names, with
    # their own pairs.)
    assert not {k for k in pair_keys(found_by(replace(undated, dob=date(1990, 3, 4)), dated)) if "/" in k}


def test_one_given_name_and_a_surname_initial_make_no_key() -> None:
    # José H. (thousands of bearers) is no key; José L. H. is one of a few.
    assert not [k for k in person_keys(replace(JOSE, dob=None)) if k.count("/") == 2]
    assert [k for k in person_keys(replace(JOSE, dob=None, middle_name="Luis")) if k.count("/") == 2]


@pytest.mark.parametrize("typed", ["Kyala", "Kaylq", "Kayal", "Kaylla"])
def test_a_first_given_name_mistyped_past_its_sound_without_a_date_meets_by_the_initials_and_the_surname(
        typed: str) -> None:
    undated = PersonRecord(first_name=typed, middle_name="L.", last_name="Newman", sex="F")
    dated = PersonRecord(first_name="Kayla", middle_name="Lindsey", last_name="Newman", dob=date(1990, 3, 4), sex="F")
    assert found_by(undated, dated) and found_by(dated, undated)
