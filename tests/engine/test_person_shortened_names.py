"""Given names as clerks shorten them beyond the table of abbreviations: "Guad.", "Salv.", "Mnl.", "Vte."."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coordinator.deconfliction.names import given_name, read_shortened
from coordinator.deconfliction.personkeys import person_keys, reading_keys
from coordinator.deconfliction.persons import PersonRecord, compare_persons

FULL = PersonRecord(first_name="Guadalupe", last_name="Sánchez", second_last_name="Olvera", dob=date(1980, 5, 17))


def shares_a_key(a: PersonRecord, b: PersonRecord) -> bool:
    return all(set(reading_keys(person_keys(x))) & set(person_keys(y)) for x, y in ((a, b), (b, a)))


@pytest.mark.parametrize("short, full", [("Guad.", "Guadalupe"), ("Salv.", "Salvador"), ("Ign.", "Ignacio"),
                                         ("Seb.", "Sebastián"), ("Jav.", "Javier"), ("Mnl.", "Manuel"),
                                         ("Vte.", "Vicente"), ("Rdgo.", "Rodrigo"), ("Fdco.", "Federico"),
                                         ("Stgo.", "Santiago"), ("Fca.", "Francisca"), ("Richd.", "Richard")])
def test_a_given_name_cut_short_or_contracted_is_the_name(short: str, full: str) -> None:
    # Read letter by letter, "Guad." was another given name than Guadalupe: with both surnames and the whole
    # date of birth in common, the pair raised nothing (siblings).
    one = replace(FULL, first_name=short)
    other = replace(FULL, first_name=full)
    assert shares_a_key(one, other)
    for a, b in ((one, other), (other, one)):
        result = compare_persons(a, b)
        assert result.level == "match"
        assert "abbreviation" in [r.code for r in result.reasons]
    # The reason quotes the viewer's own word, as typed.
    reason = next(r for r in compare_persons(one, other).reasons if r.code == "abbreviation")
    assert reason.params == {"a": short}


def test_a_second_given_name_shortened_too() -> None:
    one = replace(FULL, first_name="Ma. Guad.")
    other = replace(FULL, first_name="María Guadalupe")
    assert compare_persons(one, other).level == "match"
    # Without a date of birth, the names alone: a reviewer judges.
    assert compare_persons(replace(one, dob=None), other).level == "possible"


@pytest.mark.parametrize("typed", ["Alfo.", "Gral."])
def test_a_shortened_word_that_may_stand_for_several_names_stays_as_typed(typed: str) -> None:
    # Alfo. is Alfonso or Alfredo; Gral. (General) stands for no given name.
    assert given_name(typed).folded == typed.rstrip(".").upper()


@pytest.mark.parametrize("typed, read", [("Guad", "GUAD"), ("Jami", "JAMI"), ("Erni", "ERNI"), ("Alexi", "ALEXI"),
                                         ("Dustn", "DUSTN")])
def test_a_word_without_the_dot_is_what_it_says(typed: str, read: str) -> None:
    # A word a letter short without the dot is a name the lists lack (Jami, Alexi) or a slip (Erni for Erin):
    # read as the longer name, Erni became Erandi and no longer met Erin.
    assert given_name(typed).folded == read


@pytest.mark.parametrize("typed", ["Srta.", "Sra.", "Dra.", "Lic.", "Jr.", "Esq.", "Unk."])
def test_a_form_of_address_alone_in_the_field_is_no_name_shortened(typed: str) -> None:
    # "Srta." (señorita) with the given name never entered was read as a contraction of Sarita.
    assert given_name(typed).folded == typed.rstrip(".").upper()


@pytest.mark.parametrize("typed", ["Ana.", "Hdz.", "Glez.", "Lupe."])
def test_a_name_a_list_knows_is_not_read_as_another(typed: str) -> None:
    # A name (Ana), a register's shorthand of a surname in the given-name field (Hdz.), a nickname (Lupe).
    assert read_shortened(typed.rstrip(".").upper()) == typed.rstrip(".").upper()


def test_a_contraction_has_at_most_one_vowel_after_its_first_letter() -> None:
    # "Mnl." (none) is Manuel's; "Danel." (two) is Daniel mistyped, which the comparison reads as a slip.
    assert read_shortened("MNL") == "MANUEL"
    assert read_shortened("DANEL") == "DANEL"
    typed = replace(FULL, first_name="Danel.")
    assert compare_persons(typed, replace(FULL, first_name="Daniel")).level == "match"


def test_juampa_is_juan_pablo() -> None:
    one = replace(FULL, first_name="Juampa", last_name="Ortega", second_last_name="Ruiz")
    other = replace(one, first_name="Juan Pablo")
    assert shares_a_key(one, other)
    assert compare_persons(one, other).level == "match"


@pytest.mark.parametrize("one, other", [("de la Cruz", "Cruz"), ("De la Cruz", "DE LA CRUZ"), ("Del Río", "Rio"),
                                        ("Hdz.", "Hernández"), ("St. John", "Saint John")])
def test_a_surname_is_never_said_to_agree_as_a_given_name_abbreviated(one: str, other: str) -> None:
    # The test of a given name typed shortened (its letters other than as read) is no test of a surname: "de la
    # Cruz" is read as CRUZ, "St." as Saint; a surname said to agree as "your name ... abbreviated" was wrong.
    a = replace(FULL, last_name=one, second_last_name=None)
    b = replace(FULL, last_name=other, second_last_name=None)
    for x, y in ((a, b), (b, a)):
        assert "abbreviation" not in [r.code for r in compare_persons(x, y).reasons]
