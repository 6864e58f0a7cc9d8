"""A second given name weighs by how often it follows the first: the counts of the two borne together."""
from __future__ import annotations

import math
from datetime import date

from coordinator.deconfliction.frequencies import PRIOR, CountedFrequencies, prior_share, second_given_bits
from coordinator.deconfliction.personkeys import person_terms
from coordinator.deconfliction.persons import PersonRecord, compare_persons

# A database of a million persons: Juan is common, Juan Juventino rare, José Luis common together.
MILLION = CountedFrequencies({"g:JUAN": 43_000, "g:JUVENTINO": 150, "gg:JUAN+JUVENTINO": 1, "s:SALAZAR": 5_000,
                              "s:TOVAR": 1_150, "g:JOSE": 60_000, "g:LUIS": 30_000, "gg:JOSE+LUIS": 15_000,
                              "s:HERNANDEZ": 50_000, "s:GARCIA": 40_000}, 1_000_000)


def test_the_first_two_given_names_are_counted_together_as_written_in_order() -> None:
    assert "gg:JUAN+JUVENTINO" in person_terms(PersonRecord(first_name="Juan", middle_name="Juventino",
                                                            last_name="Salazar"))
    assert "gg:JOSE+LUIS" in person_terms(PersonRecord(first_name="José Luis", last_name="Hernández"))
    # One given name, or a first one given only by its initial: no pair.
    assert not [t for t in person_terms(PersonRecord(first_name="Juan", last_name="Salazar")) if t.startswith("gg:")]
    for given in ("J. Juventino", "Juan J. Juventino"):  # the pair a comparison reads holds an initial
        assert not [t for t in person_terms(PersonRecord(first_name=given, last_name="Salazar"))
                    if t.startswith("gg:")]


def test_a_rare_pair_of_given_names_speaks_where_a_surname_was_dropped_and_no_date_given() -> None:
    undated = PersonRecord(first_name="Juan", middle_name="Juventino", last_name="Salazar")
    known = PersonRecord(first_name="Juan", middle_name="Juventino", last_name="Salazar", second_last_name="Tovar",
                         dob=date(1991, 6, 10), sex="M")
    # Half of Juventino's own evidence left this at 0.05: one in a million bears Juan Juventino.
    result = compare_persons(undated, known, MILLION)
    assert result.level == "possible" and result.score > 0.5, result


def test_a_common_pair_of_given_names_says_little_more_than_the_first() -> None:
    undated = PersonRecord(first_name="José Luis", last_name="Hernández")
    known = PersonRecord(first_name="José Luis", last_name="Hernández", second_last_name="García",
                         dob=date(1980, 3, 5), sex="M")
    assert compare_persons(undated, known, MILLION).level is None  # thousands of José Luis Hernández
    assert second_given_bits(MILLION, "JOSE", "LUIS") < 2.5  # one José in four is José Luis


def test_without_counts_a_second_given_name_keeps_half_its_evidence() -> None:
    # The public lists know no pairs: the prior halves the second name's evidence, as before the counts.
    assert math.isclose(second_given_bits(PRIOR, "JUAN", "JUVENTINO"),
                        0.5 * math.log2(1 / prior_share("g:JUVENTINO")), rel_tol=1e-9)


def test_surnames_in_the_other_order_are_weak_evidence_without_a_date() -> None:
    # Jorge Salas Cervantes and Jorge Cervantes Salas are two families' names; one person's two surnames entered in
    # the other order is as rare a slip as the maternal surname entered alone.
    counts = CountedFrequencies({"g:JORGE": 2_500, "s:SALAS": 900, "s:CERVANTES": 1_100}, 200_000)
    undated = PersonRecord(first_name="Jorge", last_name="Salas", second_last_name="Cervantes", sex="M")
    swapped = PersonRecord(first_name="Jorge", last_name="Cervantes", second_last_name="Salas", dob=date(2001, 1, 3),
                           sex="M")
    in_order = PersonRecord(first_name="Jorge", last_name="Salas", second_last_name="Cervantes", dob=date(2001, 1, 3),
                            sex="M")
    assert compare_persons(undated, swapped, counts).level is None
    assert compare_persons(undated, in_order, counts).level == "possible"
    # With the same date of birth the order is a slip: still a match.
    result = compare_persons(in_order, swapped, counts)
    assert result.level == "match" and "surnames_swapped" in {r.code for r in result.reasons}
