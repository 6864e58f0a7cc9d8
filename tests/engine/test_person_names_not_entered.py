"""A name field holding what is typed for a name not known ("N/A", "XX", "NMN") is read as empty."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coordinator.deconfliction.names import entered
from coordinator.deconfliction.persons import PersonRecord, compare_persons, person_keys, person_terms

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
