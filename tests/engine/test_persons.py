"""Person matching: variants match with the reason that says why; namesakes and relatives do not."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from coordinator.deconfliction.personkeys import person_keys, reading_keys

from coordinator.deconfliction.persons import PersonRecord, compare_persons

JOSE = PersonRecord(first_name="José Luis", last_name="Hernández", second_last_name="de la Cruz",
                    dob=date(1980, 3, 5), sex="M", nationality="MX")
LUPE = PersonRecord(first_name="María Guadalupe", last_name="Villalobos", second_last_name="Ximénez",
                    dob=date(1975, 11, 23), sex="F", nationality="MX")
BILL = PersonRecord(first_name="William", middle_name="Henry", last_name="Thompson",
                    dob=date(1969, 7, 4), sex="M", nationality="US")
ALEJANDRA = PersonRecord(first_name="Alejandra", last_name="Treviño", second_last_name="Garza",
                         dob=date(1988, 2, 14), sex="F", nationality="MX")

VARIANTS = [
    # (base, variant, a reason code the result must give)
    (JOSE, replace(JOSE, first_name="Jose Luis", last_name="Hernandez"), "accents"),
    (JOSE, replace(JOSE, second_last_name=None), "one_surname"),
    (JOSE, replace(JOSE, last_name="de la Cruz", second_last_name=None), "one_surname"),
    (JOSE, replace(JOSE, last_name="de la Cruz", second_last_name="Hernández"), "surnames_swapped"),
    (JOSE, replace(JOSE, first_name="José", middle_name="Hernández", last_name="de la Cruz",
                   second_last_name=None), "surname_as_middle"),
    (JOSE, replace(JOSE, last_name="Hernández-de la Cruz", second_last_name=None), "same_dob"),
    (JOSE, replace(JOSE, first_name="Pepe"), "nickname"),
    (JOSE, replace(JOSE, first_name="Joseph"), "name_equivalent"),
    (JOSE, replace(JOSE, first_name="José"), "same_dob"),
    (JOSE, replace(JOSE, second_last_name="Cruz"), "particle"),
    (JOSE, replace(JOSE, second_last_name="Delacruz"), "particle"),
    (JOSE, replace(JOSE, last_name="Ernández"), "sounds_alike"),
    (JOSE, replace(JOSE, dob=date(1980, 5, 3)), "dob_swapped"),
    (JOSE, replace(JOSE, dob=date(1981, 3, 5)), "dob_year_off"),
    (JOSE, replace(JOSE, last_name="Hernándes"), "sounds_alike"),
    (JOSE, replace(JOSE, last_name="Henrández"), "typo"),
    (JOSE, replace(JOSE, first_name="JOSE LUIS", last_name="HERNANDEZ", second_last_name="DE LA CRUZ"), "same_dob"),
    (LUPE, replace(LUPE, first_name="Lupe"), "nickname"),
    (LUPE, replace(LUPE, first_name="Guadalupe"), "given_partly"),
    (LUPE, replace(LUPE, last_name="Viyalobos"), "sounds_alike"),
    (LUPE, replace(LUPE, last_name="Billalobos"), "sounds_alike"),
    (LUPE, replace(LUPE, second_last_name="Jiménez"), "sounds_alike"),
    (LUPE, replace(LUPE, dob=date(1975, 11, 28)), "dob_typo"),
    (BILL, replace(BILL, first_name="Bill", middle_name=None), "nickname"),
    # A Mexican given name as a US form records it in English.
    (ALEJANDRA, replace(ALEJANDRA, first_name="Alexandra", second_last_name=None, nationality="US"),
     "name_equivalent"),
    (replace(ALEJANDRA, first_name="Josué", sex="M"), replace(ALEJANDRA, first_name="Joshua", sex="M"),
     "name_equivalent"),
    (replace(ALEJANDRA, first_name="Marcos", sex="M"), replace(ALEJANDRA, first_name="Mark", sex="M"),
     "name_equivalent"),
    (BILL, replace(BILL, first_name="Guillermo", middle_name=None), "name_equivalent"),
    (BILL, replace(BILL, first_name="Thompson", last_name="William", middle_name=None), "name_fields_swapped"),
    (BILL, replace(BILL, aliases=("Memo Thompson",), first_name="Guillermo", middle_name=None), "name_equivalent"),
]


@pytest.mark.parametrize(("base", "variant", "code"), VARIANTS)
def test_variant_matches_with_its_reason(base: PersonRecord, variant: PersonRecord, code: str) -> None:
    result = compare_persons(base, variant)
    codes = [reason.code for reason in result.reasons]
    assert result.level == "match", (result, codes)
    assert code in codes
    assert 0.0 <= result.score <= 1.0
    assert compare_persons(variant, base).level == "match"


@pytest.mark.parametrize(("base", "variant", "code"), VARIANTS)
def test_variant_shares_a_key(base: PersonRecord, variant: PersonRecord, code: str) -> None:
    assert set(reading_keys(person_keys(base))) & set(person_keys(variant))
    assert set(reading_keys(person_keys(variant))) & set(person_keys(base))


@pytest.mark.parametrize("other", [
    replace(JOSE, dob=date(1991, 8, 17)),  # namesake
    replace(JOSE, dob=date(1983, 7, 21)),  # namesake, a few years apart
    replace(JOSE, first_name="Mario", dob=date(1983, 7, 5)),  # brother
    replace(JOSE, first_name="José Manuel", dob=date(1984, 2, 9)),  # brother with a compound name
    replace(JOSE, dob=date(2004, 6, 12), last_name="Hernández Jr."),  # son, "Jr."
    replace(JOSE, dob=date(1955, 1, 30)),  # father of the same name
    replace(BILL, dob=date(1994, 2, 14)),  # US "Jr." without the suffix
    replace(LUPE, first_name="María Teresa", dob=date(1979, 4, 2)),  # sister
])
def test_namesakes_and_relatives_do_not_match(other: PersonRecord) -> None:
    result = compare_persons(JOSE if other.last_name and "Hern" in other.last_name
                             else BILL if other.last_name == "Thompson" else LUPE, other)
    assert result.level is None, result


def test_relatives_at_the_same_address_are_only_for_review() -> None:
    home = {"line1": "Calle Hidalgo 123", "city": "Nogales", "state": "SON", "postal_code": "84000"}
    father = replace(JOSE, **home)
    son = replace(JOSE, dob=date(2005, 1, 9), **home)
    brother = replace(JOSE, first_name="Mario", dob=date(1983, 7, 5), **home)
    assert compare_persons(father, son).level != "match"
    assert compare_persons(father, brother).level != "match"


def test_a_name_alone_is_never_a_match() -> None:
    result = compare_persons(replace(JOSE, dob=None), JOSE)
    assert result.level == "possible"


def test_same_document_number_matches_despite_a_mistyped_name() -> None:
    a = replace(BILL, documents=(("passport", "G1234567"),))
    b = replace(BILL, first_name="Wiliam", dob=date(1969, 4, 7), documents=(("passport", "g-123 4567"),))
    result = compare_persons(a, b)
    assert result.level == "match"
    assert "same_document" in [r.code for r in result.reasons]
    assert set(reading_keys(person_keys(b))) & set(person_keys(a))


def test_different_sex_is_not_a_confident_match() -> None:
    assert compare_persons(JOSE, replace(JOSE, sex="F")).level != "match"


def test_reasons_render_in_plain_words_and_the_viewers_own_terms() -> None:
    result = compare_persons(JOSE, replace(JOSE, first_name="Pepe", dob=date(1980, 5, 3)))
    texts = [reason.render() for reason in result.reasons]
    assert "your name José agrees with a nickname of it" in texts
    assert "your date of birth agrees with day and month read the other way" in texts
    assert all("%(" not in text and "Pepe" not in text for text in texts)
    spanish = {"your name %(a)s agrees with a nickname of it": "su nombre %(a)s coincide con un apodo suyo"}
    assert "su nombre José coincide con un apodo suyo" in [r.render(lambda s: spanish.get(s, s)) for r in result.reasons]


@pytest.mark.parametrize(("base", "variant", "code"), VARIANTS)
def test_reasons_never_quote_the_other_records_names(base: PersonRecord, variant: PersonRecord, code: str) -> None:
    """Issue 16: a side reads its own spellings only, never the other's ("Jose / José") or its structure."""
    mine = {w.casefold() for f in (base.first_name, base.middle_name, base.last_name, base.second_last_name)
            for w in (f or "").replace("-", " ").split()}
    for reason in compare_persons(base, variant).reasons:
        quoted = {w.casefold() for value in reason.params.values() for w in str(value).replace("-", " ").split()}
        assert quoted <= mine, (reason, quoted - mine)
        assert "one side" not in reason.render() and " / " not in reason.render()


def test_keys_are_prefixed_short_and_unique() -> None:
    record = replace(JOSE, documents=(("curp", "HECJ800305HSRRRS09"),), line1="Calle Hidalgo 123",
                     city="Nogales", postal_code="84000", aliases=("El Pepe",))
    keys = person_keys(record)
    assert keys and all(k.startswith("p") and ":" in k and len(k) < 200 for k in keys)
    assert len(keys) == len(set(keys))
    assert "pd:HECJ800305HSRRRS09" in keys


def test_an_empty_record_has_no_keys_and_matches_nothing() -> None:
    assert person_keys(PersonRecord()) == []
    assert compare_persons(PersonRecord(), PersonRecord()).level is None


def test_from_fields_reads_the_api_names() -> None:
    record = PersonRecord.from_fields({
        "first_name": " Jesús ", "last_name": "García", "second_last_name": "", "aliases": ["Chuy"],
        "dob": "1990-02-28", "sex": "m", "nationality": "mx",
        "documents": [{"kind": "Passport", "number": "G123"}, {"kind": "curp", "number": None}],
        "address_line1": "Calle Juárez 5", "city": "Hermosillo", "state": "SON", "postal_code": "83000",
        "unknown": "ignored",
    })
    assert record == PersonRecord(first_name="Jesús", last_name="García", aliases=("Chuy",), dob=date(1990, 2, 28),
                                  sex="M", nationality="MX", documents=(("passport", "G123"),),
                                  line1="Calle Juárez 5", city="Hermosillo", state="SON", postal_code="83000")
    assert PersonRecord.from_fields({"dob": "not a date"}).dob is None
    assert PersonRecord.from_fields({"dob": date(2000, 1, 2)}).dob == date(2000, 1, 2)


def test_alias_matches_through_a_nickname() -> None:
    a = replace(JOSE, first_name="Jesús", aliases=("Chuy",))
    b = replace(JOSE, first_name="Chucho")
    result = compare_persons(a, b)
    assert result.level == "match"


# A CURP states its holder's date of birth and sex (RENAPO issues it from the birth record): the matcher reads
# them where the record gives none. José Luis Hernández de la Cruz, born 5 March 1980, a man.
JOSE_CURP = "HECL800305HSRRRS03"
NAMESAKE_CURP = "HECL920719HSRRRS03"  # born 19 July 1992


def with_curp(record: PersonRecord, curp: str, **changes) -> PersonRecord:
    return replace(record, documents=(("curp", curp),), **{"dob": None, "sex": None, **changes})


def shared_date_keys(a: PersonRecord, b: PersonRecord) -> set[str]:
    """The keys with a date of birth in them that a check of ``a`` reads and ``b`` is indexed under."""
    return {k for k in set(reading_keys(person_keys(a))) & set(person_keys(b)) if k.startswith(("pb:", "pgs:"))}


def test_a_record_with_a_curp_and_no_date_of_birth_matches_the_person_with_the_date_typed() -> None:
    mine = with_curp(JOSE, JOSE_CURP)
    result = compare_persons(mine, JOSE)
    assert result.level == "match"
    codes = [r.code for r in result.reasons]
    assert "same_dob" in codes and "dob_from_curp" in codes and "names_alone" not in codes
    # Found through the date's keys too, not only through two names (which a common pair's bearers fill).
    assert shared_date_keys(mine, JOSE) and shared_date_keys(JOSE, mine)


@pytest.mark.parametrize("typed", [date(1980, 1, 1), date(1980, 3, 1), date(1900, 1, 1)])
def test_a_date_entered_from_the_year_or_month_alone_or_a_placeholder_gives_way_to_the_curps(typed: date) -> None:
    mine = with_curp(JOSE, JOSE_CURP, dob=typed)
    result = compare_persons(mine, JOSE)
    assert result.level == "match" and "same_dob" in [r.code for r in result.reasons]
    assert shared_date_keys(mine, JOSE)


def test_a_namesake_whose_curp_gives_another_date_of_birth_is_not_raised() -> None:
    assert compare_persons(with_curp(JOSE, JOSE_CURP), replace(JOSE, dob=date(1992, 7, 19))).level is None
    assert compare_persons(replace(JOSE, dob=None, sex=None), with_curp(JOSE, NAMESAKE_CURP)).level is not None
    assert compare_persons(JOSE, with_curp(JOSE, NAMESAKE_CURP)).level is None
    assert not shared_date_keys(JOSE, with_curp(JOSE, NAMESAKE_CURP))


def test_the_curps_sex_counts_where_the_record_gives_none() -> None:
    woman = replace(JOSE, first_name="José Luisa", sex="F")
    result = compare_persons(with_curp(JOSE, JOSE_CURP), woman)
    assert "sex_differs" in [r.code for r in result.reasons]


def test_a_typed_date_that_disagrees_with_the_curp_was_confirmed_and_stands() -> None:
    # The form refuses it unless the user says why the record is right: the typed date is the evidence.
    confirmed = with_curp(JOSE, JOSE_CURP, dob=date(1985, 4, 13), sex="M")
    assert "same_dob" in [r.code for r in compare_persons(confirmed, replace(JOSE, dob=date(1985, 4, 13))).reasons]
    assert "dob_from_curp" not in [r.code for r in compare_persons(confirmed, JOSE).reasons]


def test_two_records_with_one_curp_match_through_the_document_alone() -> None:
    result = compare_persons(with_curp(JOSE, JOSE_CURP), with_curp(replace(JOSE, first_name="Pepe"), JOSE_CURP))
    assert result.level == "match" and "same_document" in [r.code for r in result.reasons]
    assert f"pd:{JOSE_CURP}" in set(person_keys(with_curp(JOSE, JOSE_CURP)))


def test_an_invalid_curp_says_nothing_of_the_date() -> None:
    bad = with_curp(JOSE, JOSE_CURP[:-1] + "4")  # a wrong check digit
    assert "same_dob" not in [r.code for r in compare_persons(bad, JOSE).reasons]
