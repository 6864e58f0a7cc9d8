"""Blocking keys that bring together one person's records whose names were entered otherwise."""
from __future__ import annotations

from datetime import date

import pytest

from coordinator.deconfliction.names import parse_given

from coordinator.deconfliction.personkeys import person_keys, reading_keys
from coordinator.deconfliction.persons import PersonRecord, compare_persons
from coordinator.deconfliction.spelling import mend, repair_encoding

P = PersonRecord
BORN = date(1984, 7, 19)


def found_by(checked: PersonRecord, indexed: PersonRecord) -> set[str]:
    """The keys through which a check of ``checked`` reads ``indexed``."""
    return set(reading_keys(person_keys(checked))) & set(person_keys(indexed))


@pytest.mark.parametrize("vague, full, key", [
    # Two given names and a surname, the second surname dropped: "José + Rodríguez" alone is too common to read.
    (P(first_name="Ramón Octavio", last_name="Carrillo"),
     P(first_name="Ramón Octavio", last_name="Carrillo", second_last_name="Ek", dob=BORN), "OKTABIO+RAMON/KARILO"),
    # An initial, then the middle name.
    (P(first_name="R. Octavio", last_name="Carrillo"),
     P(first_name="Ramón", middle_name="Octavio", last_name="Carrillo", dob=BORN), "KARILO+OKTABIO"),
    # The two surnames typed as one word.
    (P(first_name="Ramón", last_name="Gilcarrillo"),
     P(first_name="Ramón", last_name="Gil", second_last_name="Carrillo", dob=BORN), "pn:RAMON:JILKARILO"),
    # An initial with both surnames, a date on the abbreviated record only.
    (P(first_name="Ramón", last_name="Carrillo", second_last_name="Ek"),
     P(first_name="R.", last_name="Carrillo", second_last_name="Ek", dob=BORN), "R.EK+KARILO"),
    (P(first_name="Eduardo", last_name="Carrillo", second_last_name="Ek"),
     P(first_name="E.", last_name="Carrillo", second_last_name="Ek", dob=BORN), "E.EK+KARILO"),
])
def test_a_record_without_a_date_meets_the_same_person_entered_otherwise(vague: P, full: P, key: str) -> None:
    # Through a key more specific than a given name and one surname (too common to read at real frequencies).
    assert any(k.endswith(key) for k in found_by(vague, full)) and any(k.endswith(key) for k in found_by(full, vague))


def test_the_names_of_a_dated_record_read_only_records_without_a_whole_date() -> None:
    # Two dated records meet through their dates' keys: the new name keys of one are not read for the other.
    a = P(first_name="Ramón Octavio", last_name="Carrillo", dob=BORN)
    b = P(first_name="Ramón Octavio", last_name="Carrillo", second_last_name="Ek", dob=date(1951, 2, 3))
    assert not {k for k in found_by(a, b) if k.startswith(("pp0:", "ppd:"))}


@pytest.mark.parametrize("written", ["M.ª José", "Mª José", "Mª. José", "Ma. José"])
def test_the_abbreviation_of_maria_is_maria_however_written(written: str) -> None:
    # "M.ª", with the dot before the ordinal letter, is how the Real Academia writes it: not an initial and an "A".
    assert [g.folded for g in parse_given(written)[0]] == ["MARIA", "JOSE"]


def test_a_lone_letter_first_among_the_given_names_is_an_initial() -> None:
    assert [g.folded for g in parse_given("E.")[0]] == ["E"]
    assert [g.folded for g in parse_given("María E Isabel")[0]] == ["MARIA", "ISABEL"]


def test_mojibake_broken_by_a_later_typing_error_is_mended_elsewhere_in_the_field() -> None:
    assert repair_encoding("Mart\u00c3\u00adnez L\u00c3p\u00b3ez").startswith("Martínez ")
    assert repair_encoding("PE\u00c3\u2018A") == "PEÑA"


@pytest.mark.parametrize("seen", [
    "N\u00c3\u0192\u00c5\u00a1\u00c3\u0192\u00e2\u20ac\u02dcEZ",  # UTF-8 read as Windows-1252 twice over
    "N\u251c\u00dc\u251c\u00e6EZ",  # UTF-8 read as code page 850 (a DOS-era terminal)
    "N\u221a\u00f6\u221a\u00ebEZ",  # UTF-8 read as Mac Roman
    "N&Uacute;&Ntilde;EZ", "N&#218;&#209;EZ",  # HTML entities left in by a web form
    "N%C3%9A%C3%91EZ",  # a web address's escapes (a form's field copied out of a link or a log)
    "N\\xda\\xd1EZ", "N\\u00da\\u00d1EZ", "N\\xc3\\x9a\\xc3\\x91EZ",  # a program's escapes of the letters, or of their bytes
])
def test_a_name_through_other_encodings_is_read_back(seen: str) -> None:
    assert repair_encoding(mend(seen)) == "NÚÑEZ"  # as a name field is read: mended, then repaired
    núñez = P(first_name="José", last_name="Núñez", second_last_name="Peña", dob=BORN)
    result = compare_persons(P(first_name="JOSE", last_name=seen, second_last_name="PENA", dob=BORN), núñez)
    assert result.level == "match"
    assert "initial" not in {r.code for r in result.reasons}


@pytest.mark.parametrize(("seen", "meant"), [
    ("RODR\u00c3\ufffdGUEZ", "RODRÍGUEZ"), ("CH\u00c3\ufffdVEZ", "CHÁVEZ"), ("\u00c3\ufffdLVAREZ", "ÁLVAREZ"),
    ("RODR\u00c3?GUEZ", "RODRÍGUEZ"),
])
def test_a_capital_whose_second_byte_windows_1252_lacks_is_read_as_the_letter_that_makes_a_name(
        seen: str, meant: str) -> None:
    # Á and Í in UTF-8 end in a byte Windows-1252 does not define: read so, "Ã" and U+FFFD (or "?").
    assert repair_encoding(mend(seen)) == meant
    stated = P(first_name="José", last_name=meant.title(), dob=BORN)
    assert compare_persons(P(first_name="JOSE", last_name=seen, dob=BORN), stated).level == "match"
    assert found_by(P(first_name="JOSE", last_name=seen, dob=BORN), stated)


def test_an_initial_with_the_surnames_is_read_only_where_one_record_gives_only_the_initial() -> None:
    eduardo = P(first_name="Eduardo", last_name="Carrillo", second_last_name="Ek")
    elena = P(first_name="Elena", last_name="Carrillo", second_last_name="Ek")
    initial = P(first_name="E.", last_name="Carrillo", second_last_name="Ek", dob=BORN)
    assert not {k for k in found_by(eduardo, elena) if ".EK" in k or ".KARILO" in k}
    assert {k for k in found_by(eduardo, initial) if k.startswith("pi:")}
    assert {k for k in found_by(initial, eduardo) if ".EK" in k}


def test_a_nickname_mistyped_meets_the_nickname_written_right() -> None:
    # Khrissy for Chrissy, the surname mistyped too and the year read in the wrong century: the given name's own
    # sound is the key the two share, not only the sound of the formal names Chrissy stands for.
    chrissy = P(first_name="CHRISSY", last_name="SHAFER", dob=date(2002, 7, 8), sex="F")
    khrissy = P(first_name="Khrissy", last_name="Shaer", dob=date(1902, 7, 8), sex="F")
    assert set(reading_keys(person_keys(khrissy))) & set(person_keys(chrissy))
    assert set(reading_keys(person_keys(chrissy))) & set(person_keys(khrissy))
