"""Issue 12: names typed into the wrong fields, and the hard negatives they must not let through."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from coordinator.deconfliction.frequencies import CountedFrequencies
from coordinator.deconfliction.persons import PersonRecord, compare_persons

MILLION = CountedFrequencies({"g:JUAN": 20_000, "g:JOSE": 30_000, "s:GUTIERREZ": 14_000, "s:MORENO": 9_000,
                              "s:PEREZ": 40_000, "d:19840422": 40}, 1_000_000)
HOME = {"line1": "Calle Independencia 2378", "city": "Nuevo Laredo", "postal_code": "88827"}


def codes(a: PersonRecord, b: PersonRecord) -> set[str]:
    return {r.code for r in compare_persons(a, b, MILLION).reasons}


def both_ways(a: PersonRecord, b: PersonRecord) -> set[str | None]:
    return {compare_persons(a, b, MILLION).level, compare_persons(b, a, MILLION).level}


def test_a_given_name_field_holding_the_surnames_goes_to_a_reviewer_never_a_match() -> None:
    # The given name never entered: "Pérez Toxqui" "Pérez" for Ana Pérez Toxqui, born the same day.
    ana = PersonRecord(first_name="Ana", last_name="Pérez", second_last_name="Toxqui", dob=date(1984, 4, 22), sex="F")
    typed = PersonRecord(first_name="PÉREZ TOXQUI", last_name="PEREZ", dob=date(1984, 4, 22), sex="F")
    assert both_ways(ana, typed) == {"possible"}
    assert "surnames_in_given_field" in codes(typed, ana)
    # A hyphenated surname, and the surnames run together, as the surname field holds them.
    martha = PersonRecord(first_name="Martha", last_name="Pinzón", second_last_name="González", dob=date(1985, 7, 28))
    assert both_ways(martha, PersonRecord(first_name="Pinzón González", last_name="Pinzon-Gonzalez",
                                          dob=date(1985, 7, 28))) == {"possible"}
    emilio = PersonRecord(first_name="Emilio", last_name="Tello", second_last_name="Hernández", dob=date(1978, 3, 28),
                          sex="M", **HOME)
    assert both_ways(emilio, PersonRecord(first_name="Tello Hernandez", last_name="Tellohernandez",
                                          dob=date(1978, 3, 28), sex="M", **HOME)) == {"possible"}


def test_a_single_surname_in_the_given_name_field_with_no_other_name_raises_nothing() -> None:
    # "Pérez" and a date: a common surname and a date of birth, nothing more.
    ana = PersonRecord(first_name="Ana", last_name="Pérez", second_last_name="Toxqui", dob=date(1984, 4, 22), sex="F")
    assert both_ways(ana, PersonRecord(first_name="Pérez", dob=date(1984, 4, 22))) == {None}


def test_surnames_in_the_given_name_field_beside_another_given_name_are_a_twin() -> None:
    # "Guerrero Ulloa" "José" is José Guerrero Ulloa with the fields exchanged; Miguel, born the same day, his twin.
    jose = PersonRecord(first_name="Guerrero Ulloa", last_name="José", dob=date(1976, 5, 4), sex="M", **HOME)
    miguel = PersonRecord(first_name="Miguel", middle_name="Mariño", last_name="Guerrero", second_last_name="Ulloa",
                          dob=date(1976, 5, 4), sex="M")
    assert both_ways(jose, miguel) == {None}


def test_a_surname_found_only_among_the_given_names_with_the_surnames_in_place_differing_raises_nothing() -> None:
    # Juan Moreno Gutiérrez and Juan Gutiérrez Aranda Vela, born the same day: a given name and a date in common.
    a = PersonRecord(first_name="Juan", last_name="Moreno", second_last_name="Gutiérrez", dob=date(1995, 9, 27), sex="M")
    b = PersonRecord(first_name="Juan Gutierrez", last_name="Aranda", second_last_name="Vela", dob=date(1995, 9, 27),
                     sex="M")
    assert both_ways(a, b) == {None}
    assert "other_surname_differs" in codes(a, b)
    # The surname typed as a middle name with the surname in place agreeing is still one person.
    assert compare_persons(a, PersonRecord(first_name="Juan Gutierrez", last_name="Moreno", dob=date(1995, 9, 27),
                                           sex="M"), MILLION).level is not None


def test_given_names_in_the_surname_field_with_the_surnames_lost_raise_nothing() -> None:
    # "Chepe" "José Carloz": a nickname and the given names again, no surname of José Carlos Bravo Topete at all.
    a = PersonRecord(first_name="Chepe", last_name="José", second_last_name="Carloz", dob=date(1998, 10, 1), sex="M")
    b = PersonRecord(first_name="José Carlos", last_name="Bravo", second_last_name="Topete", dob=date(1998, 10, 1),
                     sex="M")
    assert both_ways(a, b) == {None}


def test_another_given_name_agreeing_at_home_without_a_date_is_possible_not_a_match() -> None:
    # Alejandra, without a date, and Ana Alejandra at her home: her, or a sister. A reviewer judges.
    alejandra = PersonRecord(first_name="Alejandra", last_name="López", second_last_name="Robles", sex="F", **HOME)
    ana = PersonRecord(first_name="Ana Alejandra", last_name="López", second_last_name="Robles", dob=date(1985, 6, 3),
                       **HOME)
    assert both_ways(alejandra, ana) == {"possible"}
    # The whole given name at home, still without a date, is possible too: a mother and a daughter of one name.
    assert compare_persons(ana, PersonRecord(first_name="Ana Alejandra", last_name="López", second_last_name="Robles",
                                             **HOME), MILLION).level == "possible"


def test_one_name_at_one_home_without_a_date_of_birth_is_never_a_match() -> None:
    # Samuel Juste at 743 Cedar Rd, no date, and Samuel Juste born 1985 there: him, or his father or son of the
    # same name with the "Jr." left out (as one record of a Jr. in three leaves it). A reviewer judges.
    samuel = PersonRecord(first_name="Samuel", last_name="Juste", sex="M", **HOME)
    born = replace(samuel, first_name="SAMUEL", last_name="JUSTE", dob=date(1985, 2, 13))
    assert both_ways(samuel, born) == {"possible"}
    dan = replace(samuel, first_name="Dan", last_name="Ramírez")
    daniel = replace(born, first_name="Daniel", last_name="Ramírez", dob=date(1956, 5, 21))
    assert both_ways(dan, daniel) == {"possible"}
    # The reviewer is told why it stops at "possible".
    assert "home_without_dob" in {r.code for r in compare_persons(samuel, born, MILLION).reasons}
    # With the date on both records it is one person.
    dated = compare_persons(replace(samuel, dob=date(1985, 2, 13)), born, MILLION)
    assert dated.level == "match" and "home_without_dob" not in {r.code for r in dated.reasons}


def test_a_married_name_found_among_the_other_records_given_names_is_not_also_set_aside() -> None:
    # María de Jesús Torres Vera and María Yessy Arceo de Jesús: "de Jesús" agrees as a middle name, not as a
    # husband's name left over; Torres Vera and Arceo differ in place.
    a = PersonRecord(first_name="María", middle_name="de Jesús", last_name="Torres", second_last_name="Vera",
                     dob=date(1992, 1, 4), sex="F")
    b = PersonRecord(first_name="María", middle_name="Yessy", last_name="Arceo", second_last_name="De Jesús",
                     dob=date(1992, 1, 4))
    assert both_ways(a, b) == {None}


def test_an_initial_then_the_other_given_names_written_alike_is_a_match() -> None:
    # J. Álvaro Torres Arrollo and Jesús Álvaro, born the same day: a twin does not share the second given name too.
    jesus = PersonRecord(first_name="Jesús Álvaro", last_name="Torres", second_last_name="Arrollo",
                         dob=date(1982, 4, 18), sex="M")
    assert both_ways(replace(jesus, first_name="J. Alvaro"), jesus) == {"match"}
    assert both_ways(replace(jesus, first_name="J.", middle_name="Álvaro"), jesus) == {"match"}
    # Another second given name, or none to agree: a twin's or a brother's initial.
    assert both_ways(replace(jesus, first_name="J. Rodrigo"), jesus) == {None}
    assert both_ways(replace(jesus, first_name="J."), replace(jesus, first_name="Jesús")) == {"possible"}


def test_an_initial_for_the_given_name_is_never_a_match_away_from_home() -> None:
    # J. Fenner and John Fenner, born the same day: John, or a twin James.
    initial = PersonRecord(first_name="J.", last_name="Fenner", dob=date(1976, 1, 20), sex="M")
    john = PersonRecord(first_name="John", middle_name="Daniel", last_name="Fenner", dob=date(1976, 1, 20), sex="M")
    assert both_ways(initial, john) == {"possible"}
    # At the home they share, the initial is his.
    assert compare_persons(PersonRecord(first_name="J.", last_name="Fenner", dob=date(1976, 1, 20), sex="M", **HOME),
                           PersonRecord(first_name="John", last_name="Fenner", dob=date(1976, 1, 20), sex="M", **HOME),
                           MILLION).level == "match"
