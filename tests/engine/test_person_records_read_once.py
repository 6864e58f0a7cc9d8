"""A person record's names are read once while it is among the latest read: the next candidate reuses them."""
from __future__ import annotations

from coordinator.deconfliction.keys import compare_subjects, person_of
from coordinator.deconfliction.persons import PersonRecord, compare_persons

FIELDS = {"first_name": "María Guadalupe", "last_name": "Hernández", "second_last_name": "García",
          "dob": "1980-03-05", "sex": "F", "documents": [{"kind": "curp", "number": "HEGG800305MBCRRD09"}]}


def test_the_same_fields_give_one_record_whose_names_are_read_once() -> None:
    first = person_of(dict(FIELDS))
    first._prepared  # read once
    again = person_of(dict(FIELDS))
    assert again is first and "_prepared" in again.__dict__


def test_other_fields_give_another_record_and_the_same_verdict_as_a_fresh_one() -> None:
    edited = dict(FIELDS, first_name="Lupita", dob="1980-03-06")
    assert person_of(edited) is not person_of(FIELDS)
    assert person_of(edited) == PersonRecord.from_fields(edited)
    fresh = compare_persons(PersonRecord.from_fields(FIELDS), PersonRecord.from_fields(edited))
    assert compare_subjects("person", FIELDS, edited, "MX", "US") == fresh
