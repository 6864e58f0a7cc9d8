"""What a reviewer reads of a person pair: every level comes with reasons in the reviewer's own terms."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from coordinator.deconfliction.disclosure import withhold_other_names
from coordinator.deconfliction.persons import PersonRecord, compare_persons

ROSA = PersonRecord(first_name="Rosa Elena", last_name="Mendoza", second_last_name="Cruz", dob=date(1979, 9, 14),
                    sex="F", nationality="MX")


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.code for r in result.reasons]


def test_a_placeholder_date_of_birth_is_said_to_be_set_aside() -> None:
    # 1900-01-01 is what a form stores when the date is unknown: no evidence, and the reviewer is told so.
    result = compare_persons(replace(ROSA, dob=date(1900, 1, 1)), ROSA)
    assert result.level == "possible"
    assert "dob_placeholder" in codes(result)
    assert "dob_placeholder" in codes(compare_persons(ROSA, replace(ROSA, dob=date(1900, 1, 1))))


def test_names_that_agree_in_full_are_a_reason_quoting_only_the_viewers_name() -> None:
    result = compare_persons(ROSA, replace(ROSA, dob=None))
    assert result.level == "possible" and codes(result)[0] == "same_name"
    same_name = result.reasons[0]
    assert same_name.params == {"a": "Rosa Elena Mendoza Cruz"}
    mine = {"first_name": "Rosa Elena", "last_name": "Mendoza", "second_last_name": "Cruz"}
    assert withhold_other_names(list(result.reasons), mine)[0].params == same_name.params
    # Names that agree only in part say how, and are not called the same name.
    partly = compare_persons(ROSA, replace(ROSA, second_last_name="Ruiz"))
    assert "same_name" not in codes(partly)
    # The other record's spelling is never quoted: "ROSA ELENA MENDOZA CRUZ" reads back as the viewer's own.
    upper = compare_persons(ROSA, replace(ROSA, first_name="ROSA ELENA", last_name="MENDOZA", second_last_name="CRUZ"))
    assert upper.reasons[0].params == {"a": "Rosa Elena Mendoza Cruz"}


def test_a_given_name_missing_on_one_record_is_no_name_in_full() -> None:
    # José Luis and José: the given names agree as far as they go, not in full.
    jose_luis = replace(ROSA, first_name="José Luis", last_name="Hernández", second_last_name="García", sex="M")
    for other in (replace(jose_luis, first_name="José"), replace(jose_luis, second_last_name=None)):
        assert "same_name" not in codes(compare_persons(other, jose_luis))
        assert "same_name" not in codes(compare_persons(jose_luis, other))
