"""Name parsing and the Spanish-aware sound code."""
from __future__ import annotations

import pytest

from coordinator.deconfliction.fullnames import split_full_name

from coordinator.deconfliction.names import parse_given, parse_surnames, raw_tokens

from coordinator.deconfliction.phonetics import phonetic, readings_agree, sound_alike, sound_rules, spoken

from coordinator.deconfliction.spelling import fold


def test_fold_drops_accents_case_and_punctuation() -> None:
    assert fold("Núñez-O'Brien") == "NUNEZOBRIEN"
    assert fold(None) == ""


@pytest.mark.parametrize(("a", "b", "rule"), [
    ("VICTOR", "BICTOR", "b/v"),
    ("GONZALEZ", "GONSALES", "s/z"),
    ("CECILIA", "SESILIA", "c/s"),
    ("CASTILLO", "CASTIYO", "ll/y"),
    ("XAVIER", "JAVIER", "x/j"),
    ("XIMENEZ", "JIMENEZ", "x/j"),
    ("HERNANDEZ", "ERNANDEZ", "silent h"),
    ("ENRIQUE", "ENRIKE", "qu/k"),
    ("GUILLERMO", "GUIYERMO", "ll/y"),
    ("YBARRA", "IBARRA", "i/y"),
])
def test_spanish_spellings_share_a_sound_code(a: str, b: str, rule: str) -> None:
    assert phonetic(a)[0] == phonetic(b)[0]
    labels, spanish = sound_rules(a, b)
    assert rule in labels and spanish


@pytest.mark.parametrize(("a", "b"), [("GARCIA", "GARZA"), ("LUIS", "LUZ"), ("ROSA", "ROSAS"), ("MARIA", "MARIO")])
def test_different_names_keep_different_codes(a: str, b: str) -> None:
    assert phonetic(a)[0] != phonetic(b)[0]


@pytest.mark.parametrize(("a", "b"), [("LORI", "YORI"), ("LUIS", "YUIS"), ("LESENIA", "YESENIA"), ("MALA", "MAYA")])
def test_the_sound_of_ll_and_y_is_not_an_l_when_names_are_compared(a: str, b: str) -> None:
    # Indexed alike, so that a double L typed single is found (Guilermo); compared, another name.
    assert phonetic(a)[0] == phonetic(b)[0]
    assert not sound_alike(a, b)


@pytest.mark.parametrize(("a", "b"), [("GUILLERMO", "GUIYERMO"), ("CASTILLO", "CASTIYO"), ("GUILLERMO", "GUILERMO"),
                                      ("NAYELLI", "NAYELI"), ("PHILLIPS", "PHILIPS"), ("GABRIELLA", "GABRIELA")])
def test_an_ll_sounds_as_the_y_it_is_in_spanish_and_as_the_double_l_it_is_elsewhere(a: str, b: str) -> None:
    assert sound_alike(a, b)


def test_surnames_are_compared_by_their_sound_with_the_y_apart_from_the_l() -> None:
    def unit(name: str):
        return parse_surnames(name)[0][0]

    def sound_alike_units(a: str, b: str) -> bool:
        return any(readings_agree(p, q) for p in unit(a).spoken_codes() for q in unit(b).spoken_codes())

    assert set(unit("Moya").codes()) & set(unit("Mola").codes())
    assert not sound_alike_units("Moya", "Mola")
    assert sound_alike_units("Vallejo", "Vayejo")
    assert unit("Hdz.").spoken_codes()[0] == spoken("HERNANDEZ")  # a shorthand sounds as what it stands for
    assert sound_alike_units("Russell", "Russel")


def test_english_double_letters_are_not_spanish() -> None:
    assert phonetic("PHILLIPS")[0] == phonetic("FILIPS")[0]
    assert sound_rules("PHILLIPS", "PHILIPS") == ("double letters", False)


def test_particles_stay_with_their_surname() -> None:
    units, generation = parse_surnames("de la Cruz", "del Río")
    assert [u.folded for u in units] == ["CRUZ", "RIO"]
    assert [u.glued for u in units] == ["DELACRUZ", "DELRIO"]
    assert generation is None


def test_a_glued_particle_is_recognised() -> None:
    (unit,), _ = parse_surnames("Delacruz")
    assert unit.alt == "CRUZ" and "CRUZ" in unit.forms()


def test_both_surnames_in_one_field_hyphen_or_y() -> None:
    assert [u.folded for u in parse_surnames("García-López")[0]] == ["GARCIA", "LOPEZ"]
    assert [u.folded for u in parse_surnames("García y López")[0]] == ["GARCIA", "LOPEZ"]


def test_generation_suffix_is_noted_not_kept() -> None:
    units, generation = parse_surnames("Hernández Jr.")
    assert [u.folded for u in units] == ["HERNANDEZ"] and generation == "JR"
    given, generation = parse_given("John", "Paul III")
    assert [g.folded for g in given] == ["JOHN", "PAUL"] and generation == "III"


def test_compound_given_names_drop_particles() -> None:
    given, _ = parse_given("María de los Ángeles")
    assert [g.folded for g in given] == ["MARIA", "ANGELES"]


@pytest.mark.parametrize("typed", ["MARIA DLE CARMEN", "Maria Edl Carmen", "MARIA DL CARMEN"])
def test_a_particle_mistyped_between_two_given_names_is_still_a_particle(typed: str) -> None:
    # "del" with two letters exchanged or one dropped is no given name of hers: María del Carmen.
    given, _ = parse_given(typed)
    assert [g.folded for g in given] == ["MARIA", "CARMEN"]


def test_a_word_like_a_mistyped_particle_first_or_last_is_kept() -> None:
    # Only between two names does the position say "particle"; alone, or last, it is what was typed.
    assert [g.folded for g in parse_given("Dle")[0]] == ["DLE"]
    assert [g.folded for g in parse_given("Carmen Dle")[0]] == ["CARMEN", "DLE"]


@pytest.mark.parametrize("typed, read", [("JL", ["J", "L"]), ("jl", ["J", "L"]), ("TJ", ["T", "J"]),
                                         ("María JC", ["MARIA", "J", "C"])])
def test_two_initials_run_together_are_two_initials(typed: str, read: list[str]) -> None:
    # JL for José Luis, TJ for Thomas James: two letters without a vowel are no name of their own.
    given, _ = parse_given(typed)
    assert [g.folded for g in given] == read


@pytest.mark.parametrize("typed, read", [("Ma", ["MARIA"]), ("Wm", ["WILLIAM"]), ("Js", ["JESUS"]), ("Al", ["AL"]),
                                         ("Ty", ["TY"]), ("Juan Jr", ["JUAN"]), ("Mr John", ["JOHN"]),
                                         ("Dr", ["DR"]), ("Jr", ["JR"]), ("Juan Nn", ["JUAN", "NN"])])
def test_two_letters_that_are_a_name_an_abbreviation_or_a_marker_stay_what_they_are(typed: str,
                                                                                    read: list[str]) -> None:
    given, _ = parse_given(typed)
    assert [g.folded for g in given] == read


def test_alias_is_read_as_a_full_name() -> None:
    given, surnames = split_full_name("El Chuy Guzmán")
    assert [g.folded for g in given] == ["CHUY"] and [s.folded for s in surnames] == ["GUZMAN"]
    assert split_full_name("") == ([], [])


@pytest.mark.parametrize("written", ["Vallejo de Del Ángel", "Vallejo de de la Cruz", "Vallejo de Hernández"])
def test_de_before_a_surname_with_its_own_particle_marks_a_married_name(written: str) -> None:
    units, _ = parse_surnames(written)
    assert [u.married for u in units] == [False, True]


def test_a_surname_with_its_particles_is_no_married_name() -> None:
    units, _ = parse_surnames("López de la Cruz")
    assert [u.married for u in units] == [False, False]


@pytest.mark.parametrize("typed", ["Lic. José Luis", "Sra. José Luis", "Mr. Jose Luis", "Dr José Luis",
                                   "ING. JOSE LUIS"])
def test_a_form_of_address_before_the_given_names_is_no_name(typed: str) -> None:
    assert [g.folded for g in parse_given(typed)[0]] == ["JOSE", "LUIS"]
    assert [g.folded for g in split_full_name(typed + " Hernández")[0]] == ["JOSE"]


def test_don_is_a_given_name_and_a_title_alone_is_kept() -> None:
    assert [g.folded for g in parse_given("Don Lee")[0]] == ["DON", "LEE"]
    assert [g.folded for g in parse_given("Lic.")[0]] == ["LIC"]


def test_accents_sent_as_combining_marks_and_invisible_characters_leave_a_word_whole() -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Hernández Muñoz")
    assert [u.folded for u in parse_surnames(decomposed)[0]] == ["HERNANDEZ", "MUNOZ"]
    assert [g.folded for g in parse_given("Jo\u200bsé\u00adLuis\ufeff")[0]] == ["JOSELUIS"]
    assert fold(decomposed) == "HERNANDEZMUNOZ"


@pytest.mark.parametrize("written, read", [("St. John", ["SAINT", "JOHN"]), ("Sta. María", ["SANTA", "MARIA"]),
                                           ("Hernández Sta", ["HERNANDEZ", "STA"])])
def test_an_abbreviated_first_word_of_a_surname_is_read_in_full(written: str, read: list[str]) -> None:
    assert [u.folded for u in parse_surnames(written)[0]] == read


def test_a_soft_hyphen_that_is_half_of_a_mangled_letter_is_repaired_not_dropped() -> None:
    # "í" in UTF-8 read as Windows-1252 is "Ã" and a soft hyphen: the letter is repaired first.
    assert [g.folded for g in parse_given("LÃ\u00ada Alejandra")[0]] == ["LIA", "ALEJANDRA"]


def test_an_accent_no_letter_takes_is_dropped_and_leaves_the_word_whole() -> None:
    assert [u.folded for u in parse_surnames("Núñ\u0303ez Martínez")[0]] == ["NUNEZ", "MARTINEZ"]


@pytest.mark.parametrize("written, read", [("LOS", ["LOS"]), ("Van", ["VAN"]), ("De", ["DE"]), ("Di", ["DI"]),
                                           ("de la", ["LA"]), ("Hernández de", ["HERNANDEZ"])])
def test_a_surname_that_is_only_a_particle_is_the_surname_not_nothing(written: str, read: list[str]) -> None:
    # Los, Van, De and Di are surnames in their own right; read as particles of nothing, the record had
    # no surname and a given name and a date of birth alone made a "possible" (Tyler Los and Tyler Sharpe).
    # A particle left over after a surname is a married name typed half-way, and stays a particle.
    assert [u.folded for u in parse_surnames(written)[0]] == read


def test_a_degree_after_the_surname_and_a_form_of_address_for_either_sex_are_no_names() -> None:
    assert [u.folded for u in parse_surnames("Smith MD")[0]] == ["SMITH"]
    assert [u.folded for u in parse_surnames("Ruiz PhD")[0]] == ["RUIZ"]
    assert [u.folded for u in parse_surnames("Md")[0]] == ["MD"]  # alone it is what was entered
    assert [g.folded for g in parse_given("Sr(a). José Luis")[0]] == ["JOSE", "LUIS"]
    assert [g.folded for g in parse_given("Dr(a). Ana")[0]] == ["ANA"]


@pytest.mark.parametrize("written, read", [("O Brien", ["OBRIEN"]), ("Mc Donald", ["MCDONALD"]), ("O'Brien", ["OBRIEN"]),
                                           ("O Brien Smith", ["OBRIEN", "SMITH"]), ("García O", ["GARCIA", "O"])])
def test_an_irish_prefix_typed_apart_is_one_surname_with_the_word_after_it(written: str, read: list[str]) -> None:
    # Systems that cannot store an apostrophe leave a space: "O BRIEN" is O'Brien, not a surname "O" and another.
    assert [u.folded for u in parse_surnames(written)[0]] == read


@pytest.mark.parametrize("written", ["López Vda. de Hernández", "López viuda de Hernández", "LOPEZ VDA DE HERNANDEZ"])
def test_a_widow_writes_her_late_husbands_surname_as_a_married_name(written: str) -> None:
    # "Vda." (viuda, widow) before "de" is no surname of its own: what follows is her husband's.
    units, _ = parse_surnames(written)
    assert [u.folded for u in units] == ["LOPEZ", "HERNANDEZ"]
    assert [u.married for u in units] == [False, True]


def test_vda_alone_is_left_as_typed() -> None:
    units, _ = parse_surnames("López Vda")
    assert [u.folded for u in units] == ["LOPEZ", "VDA"]


@pytest.mark.parametrize(("typed", "meant"), [("PE¥A", "PENA"), ("Mu¤oz", "MUNOZ"), ("G¢mez", "GOMEZ"),
                                              ("Mart¡nez", "MARTINEZ"), ("Ag\u00a3ero", "AGUERO"),
                                              ("Jos\u201a Luis", "JOSELUIS"),
                                              ("MÃ¡rquez", "MARQUEZ"), ("PEÃ‘A", "PENA"), ("Ju\u00a0rez", "JUAREZ")])
def test_text_of_a_dos_code_page_read_as_windows_1252_is_read_back(typed: str, meant: str) -> None:
    # Code page 850 (and 437) stores ñ, Ñ, ó, í, ú and é as bytes Windows-1252 shows as ¤ ¥ ¢ ¡ £ ‚.
    assert fold(typed) == meant



def test_a_no_break_space_between_two_names_stays_a_space() -> None:
    # Only where "á" makes a known name is the no-break space a DOS code page's á.
    assert raw_tokens("José\u00a0Luis") == ["José", "Luis"]
    assert raw_tokens("Ju\u00a0rez") == ["Juárez"]
