"""Nicknames that stand for two given names at once: Marijo for María José, Chema for José María."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coordinator.deconfliction.nicknames import compound_names, relation
from coordinator.deconfliction.personkeys import person_keys, reading_keys
from coordinator.deconfliction.persons import PersonRecord, compare_persons
from coordinator.deconfliction.spelling import fold

BASE = PersonRecord(last_name="Uriarte", second_last_name="Mendoza", dob=date(1993, 12, 15), sex="F",
                    nationality="MX")
HOME = {"line1": "Calle Juárez 41", "city": "Culiacán", "state": "SIN", "postal_code": "80000"}


def shares_a_key(a: PersonRecord, b: PersonRecord) -> bool:
    return all(set(reading_keys(person_keys(x))) & set(person_keys(y)) for x, y in ((a, b), (b, a)))


@pytest.mark.parametrize(("nickname", "full"), [
    ("Marijo", "María José"), ("Majo", "María José"), ("Chema", "José María"), ("Maite", "María Teresa"),
    ("Malú", "María de Lourdes"), ("Malú", "María Luisa"), ("Mafer", "María Fernanda"), ("Juanpa", "Juan Pablo"),
    ("Maricarmen", "María del Carmen"), ("Marijo", "Ma. José"),
])
def test_a_nickname_of_two_given_names_meets_and_matches_both(nickname: str, full: str) -> None:
    short, written = replace(BASE, first_name=nickname), replace(BASE, first_name=full)
    assert shares_a_key(short, written)
    for a, b in ((short, written), (written, short)):
        result = compare_persons(a, b)
        assert result.level == "match", result
        assert "nickname" in {r.code for r in result.reasons}


@pytest.mark.parametrize(("nickname", "twin"), [
    ("Marijo", "María Gabriela"), ("Chema", "José Luis"), ("Maite", "María Fernanda"), ("Mafer", "María Teresa"),
])
def test_a_twin_whose_nickname_stands_for_another_second_name_is_never_a_match(nickname: str, twin: str) -> None:
    # María Gabriela and her twin María José, known as Marijo: the nickname says which second name she bears.
    for home in ({}, HOME):
        a, b = replace(BASE, first_name=nickname, **home), replace(BASE, first_name=twin, **home)
        for x, y in ((a, b), (b, a)):
            assert compare_persons(x, y).level != "match", compare_persons(x, y)
        if not home:
            assert compare_persons(a, b).level is None
            assert compare_persons(b, a).level is None


def test_the_reason_quotes_the_viewers_own_name() -> None:
    short, written = replace(BASE, first_name="Marijo"), replace(BASE, first_name="María Gabriela")
    texts = [r.render() for r in compare_persons(short, written).reasons]
    assert any("Marijo" in t for t in texts)
    assert not any("Gabriela" in t for t in texts)
    texts = [r.render() for r in compare_persons(written, short).reasons]
    assert any("Gabriela" in t for t in texts)
    assert not any("Marijo" in t for t in texts)


def test_the_table_reads_each_nickname_as_its_two_names_and_as_a_form_of_the_first() -> None:
    assert ("MARIA", "JOSE") in compound_names(fold("Marijo"))
    assert {("MARIA", "LOURDES"), ("MARIA", "LUISA")} <= compound_names(fold("Malú"))
    assert compound_names(fold("María")) == frozenset()
    assert relation(fold("Marijo"), fold("María")) == ("nickname", "MARIA")
