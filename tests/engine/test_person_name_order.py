"""A whole name written "SURNAMES, GIVEN NAMES" in one field, as many case systems print it."""
from __future__ import annotations

from datetime import date

import pytest

from coordinator.deconfliction.fullnames import whole_name_ordered
from coordinator.deconfliction.personkeys import person_keys, reading_keys
from coordinator.deconfliction.persons import PersonRecord, compare_persons

JOSE_LUIS = PersonRecord(first_name="José Luis", last_name="Hernández", second_last_name="García",
                         dob=date(1980, 3, 5), sex="M")


@pytest.mark.parametrize("fields", [
    {"first_name": "HERNANDEZ GARCIA, JOSE LUIS"},
    {"last_name": "Hernández García, José Luis"},
    {"last_name": "HERNANDEZ GARCIA,JOSE LUIS"},
])
def test_surnames_comma_given_names_in_one_field_read_as_the_name(fields: dict) -> None:
    record = PersonRecord(dob=date(1980, 3, 5), sex="M", **fields)
    result = compare_persons(record, JOSE_LUIS)
    assert result.level == "match"
    assert set(reading_keys(person_keys(record))) & set(person_keys(JOSE_LUIS))


def test_a_comma_with_the_other_fields_filled_is_left_as_typed() -> None:
    # The fields are there: a comma inside one of them is no surname order.
    record = PersonRecord(first_name="José Luis", last_name="Hernández, García", dob=date(1980, 3, 5), sex="M")
    assert compare_persons(record, JOSE_LUIS).level == "match"
    lone = PersonRecord(first_name="Hernández, ", dob=date(1980, 3, 5))  # nothing after the comma
    assert compare_persons(lone, JOSE_LUIS).level is None


def test_the_viewers_own_name_in_surname_order_is_quoted_back() -> None:
    from coordinator.deconfliction.disclosure import withhold_other_names

    fields = {"first_name": "HERNANDEZ GARCIA, JOSE LUIS"}
    plain = PersonRecord(first_name="Jose Luis", last_name="Hernandez", second_last_name="Garcia",
                         dob=date(1980, 3, 5), sex="M")
    result = compare_persons(PersonRecord(dob=date(1980, 3, 5), sex="M", **fields), plain)
    safe = withhold_other_names(result.reasons, fields)
    assert [r.params for r in safe if r.code == "same_name"] == [{"a": "JOSE LUIS HERNANDEZ GARCIA"}]


@pytest.mark.parametrize("typed", ["HERNANDEZ GARCIA JOSE LUIS", "Hernández García José Luis",
                                   "HERNANDEZ JOSE LUIS"])
def test_surnames_then_given_names_in_the_given_name_field_without_a_comma_read_as_the_name(typed: str) -> None:
    # Mexican lists and documents print the name surnames first ("HERNANDEZ GARCIA JOSE LUIS"); pasted whole into
    # the given-name field, the surnames are read as surnames where the words say which they are.
    record = PersonRecord(first_name=typed, dob=date(1980, 3, 5), sex="M")
    assert compare_persons(record, JOSE_LUIS).level == "match"
    assert compare_persons(JOSE_LUIS, record).level == "match"
    undated = PersonRecord(first_name=typed, sex="M")
    assert set(reading_keys(person_keys(undated))) & set(person_keys(JOSE_LUIS))


@pytest.mark.parametrize("typed", ["JOSE LUIS HERNANDEZ GARCIA", "MARTIN JOSE LUIS", "JAMES MICHAEL",
                                   "XIADANI GUADALUPE", "HERNANDEZ XIADANI", "GARCIA SANTIAGO"])
def test_a_whole_name_in_one_field_that_may_begin_with_a_given_name_is_read_as_typed(typed: str) -> None:
    # Martín and James are given names as often as surnames, and a name no list knows may be a rare given name: the
    # order is not read off them.
    first, _, last, _ = whole_name_ordered(typed, None, None, None)
    assert (first, last) == (typed, None)


def test_a_surname_comma_given_name_in_the_surname_field_alone_is_read_as_the_name() -> None:
    record = PersonRecord(last_name="GARCIA, JOSE", dob=date(1980, 3, 5), sex="M")
    plain = PersonRecord(first_name="José", last_name="García", dob=date(1980, 3, 5), sex="M")
    result = compare_persons(record, plain)
    assert result.level == "match" and "one_surname" not in {r.code for r in result.reasons}


def test_a_surname_no_list_knows_beside_one_a_list_knows_is_read_as_a_surname() -> None:
    assert whole_name_ordered("UITZIL ZUÑIGA ERIBERTO", None, None, None) == ("ERIBERTO", None, "UITZIL ZUÑIGA", None)


@pytest.mark.parametrize(("typed", "given", "surnames"), [
    ("GONZALEZ RAMOS DARRYL THOMAS", "DARRYL THOMAS", "GONZALEZ RAMOS"),  # Thomas is a surname too, after Darryl
    ("URIBE NOGUEDA JUAN PEREZ", "JUAN PEREZ", "URIBE NOGUEDA"),
    ("CHAVEZ A.", "A", "CHAVEZ"),  # an initial for the given name
    ("GARCIA DE LOZADA V.", "V", "GARCIA DE LOZADA"),
    ("DE LA O LOPEZ MARIA", "MARIA", "DE LA O LOPEZ"),  # the O of "De la O" is a surname, not an initial
    ("Lic. Hernández José", "José", "Hernández"),
    ("Canulramirez Kristi Amanda", "Kristi Amanda", "Canulramirez"),  # Canul and Ramírez run together
    ("Salinas De los Santos Ana Adriana", "Ana Adriana", "Salinas De los Santos"),  # a surname after its particle
    ("HERNANDEZ BUENO VALENTIN", "VALENTIN", "HERNANDEZ BUENO"),  # Valentín: a given name more often than not
    ("MARTINEZ ARANDA PEPE", "PEPE", "MARTINEZ ARANDA"),  # a nickname for the given name
    ("HERNANDEZ GARCIA XIADANI", "XIADANI", "HERNANDEZ GARCIA"),  # two known surnames, then a name no list knows
])
def test_the_given_names_begin_where_the_surnames_end(typed: str, given: str, surnames: str) -> None:
    first, _, last, _ = whole_name_ordered(typed, None, None, None)
    assert (first, last) == (given, surnames)
