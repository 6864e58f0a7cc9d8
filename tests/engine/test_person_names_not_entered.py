"""A name field holding what is typed for a name not known ("N/A", "XX", "NMN") is read as empty."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coordinator.deconfliction.names import entered
from coordinator.deconfliction.personkeys import person_keys, person_terms
from coordinator.deconfliction.persons import PersonRecord, compare_persons

JOSE = PersonRecord(first_name="José Luis", last_name="Hernández", second_last_name="Ugalde", dob=date(1980, 3, 25),
                    sex="M")
MARK = PersonRecord(first_name="Mark", middle_name="David", last_name="Kowalczyk", dob=date(1977, 11, 9), sex="M")


@pytest.mark.parametrize("typed", ["X", "XX", "xxx", "N/A", "n.a.", "NULL", "Sin dato", "S/D", "DESCONOCIDO",
                                   "No aplica", "unknown", "-", ""])
def test_a_missing_second_surname_typed_as_a_placeholder_is_no_surname(typed: str) -> None:
    variant = replace(JOSE, second_last_name=typed)
    without = replace(JOSE, second_last_name=None)
    assert person_keys(variant) == person_keys(without)
    assert person_terms(variant) == person_terms(without)
    result = compare_persons(variant, JOSE)
    assert result.level == "match"
    assert "other_surname_differs" not in {r.code for r in result.reasons}


@pytest.mark.parametrize("field, typed", [("middle_name", "NMN"), ("middle_name", "NMI"), ("first_name", "FNU")])
def test_us_markers_of_a_name_not_known_are_no_name(field: str, typed: str) -> None:
    variant = replace(MARK, **{field: typed})
    assert person_keys(variant) == person_keys(replace(MARK, **{field: None}))
    assert compare_persons(variant, MARK).level is not None


def test_an_alias_that_is_a_placeholder_is_no_alias() -> None:
    assert person_keys(replace(JOSE, aliases=("N/A",))) == person_keys(JOSE)


@pytest.mark.parametrize("name", ["Xóchitl", "Ximena", "Nava", "Sánchez", "Na", "Xu", "Sandoval", "Nené"])
def test_real_names_are_entered(name: str) -> None:
    assert entered(name) == name


def test_a_placeholder_inside_a_longer_name_is_left_as_typed() -> None:
    assert entered("Hernández X") == "Hernández X"


def test_two_letters_typed_the_other_way_round_are_a_slip_even_where_people_bear_the_slip() -> None:
    # "Micheal" is in the public lists as a name of its own; one letter turned round inside it is still a slip.
    typed = PersonRecord(first_name="Micheal", middle_name="James", last_name="Whitney", dob=date(1979, 11, 4),
                         sex="M")
    result = compare_persons(typed, replace(typed, first_name="Michael James", middle_name=None))
    assert result.level is not None
    assert "typo" in {r.code for r in result.reasons}


def test_the_last_two_letters_turned_round_may_be_another_name() -> None:
    elias = PersonRecord(first_name="Elias", last_name="Whitney", dob=date(1979, 11, 4))
    assert compare_persons(elias, replace(elias, first_name="Elisa")).level is None


@pytest.mark.parametrize("boy, girl", [("Daniel", "Daniela"), ("Mario", "María"), ("Gabriel", "Gabriela"),
                                       ("Daniel", "Danielle"), ("Elias", "Elisa")])
def test_twins_a_boy_and_a_girl_without_a_stated_sex_are_never_one_person(boy: str, girl: str) -> None:
    twin = PersonRecord(first_name=boy, last_name="Whitney", second_last_name="López", dob=date(1979, 11, 4))
    assert compare_persons(twin, replace(twin, first_name=girl)).level is None


def test_x_with_a_full_stop_is_the_initial_of_ximena_not_a_name_not_known() -> None:
    # "X." abbreviates Ximena, Xavier, Xóchitl; read as nothing, a twin sister entered as "X." at her
    # sister's home on their birthday was a match for Lourdes.
    lourdes = PersonRecord(first_name="Lourdes", last_name="Juárez", second_last_name="López", dob=date(1989, 3, 28),
                           sex="F", line1="Calle Juárez 2039", city="Monterrey", postal_code="64595")
    ximena = replace(lourdes, first_name="X.")
    assert entered("X.") == "X."
    assert entered("X") is None
    assert compare_persons(ximena, lourdes).level != "match"


@pytest.mark.parametrize("field", ["second_last_name", "middle_name"])
@pytest.mark.parametrize("typed", ["NA", "na", "SD", "NE"])
def test_bare_abbreviations_in_a_field_a_person_may_lack_are_no_name(field: str, typed: str) -> None:
    # A second surname or a middle name "NA" is "not applicable", as "N/A" is: no one's maternal surname is Na.
    variant = replace(JOSE, **{field: typed})
    assert person_keys(variant) == person_keys(replace(JOSE, **{field: None}))
    result = compare_persons(variant, JOSE)
    assert result.level == "match"
    assert "other_surname_differs" not in {r.code for r in result.reasons}


def test_na_as_the_first_surname_is_a_surname() -> None:
    # Na is a surname (Korean, and in the US lists): in the surname field it is read as one.
    # (A man's record: a woman's, Kim born the same day under another surname, may be her married name.)
    kim = PersonRecord(first_name="Kim", last_name="Na", dob=date(1980, 3, 25), sex="M")
    assert compare_persons(kim, replace(kim, last_name="Nam")).level is None
    assert "s:NA" in person_terms(kim)
