"""The curated nickname table."""
from __future__ import annotations

import pytest

from coordinator.deconfliction.nicknames import display_name, forms_of, relation
from coordinator.deconfliction.spelling import fold

PAIRS = """José Pepe|José Chepe|Jesús Chuy|Jesús Chucho|Guadalupe Lupe|Guadalupe Lupita|Francisco Paco|
Francisco Pancho|Francisco Frank|Ignacio Nacho|Enrique Quique|Roberto Beto|Alberto Beto|Alfredo Fredo|Eduardo Lalo|
Gonzalo Chalo|Rosario Chayo|Concepción Conchita|Concepción Concha|Dolores Lola|Socorro Coco|Refugio Cuca|
Manuel Manolo|Manuel Meño|Antonio Toño|Luis Güicho|Salvador Chava|Santiago Chago|Rafael Rafa|William Bill|
William Will|William Billy|Robert Bob|Robert Rob|Richard Rick|Richard Dick|James Jim|John Jack|Margaret Peggy|
Margaret Maggie|Elizabeth Liz|Elizabeth Beth|Michael Mike|Anthony Tony|Joseph Joe|José Joe|Jesús Jesse|
Guillermo Memo|Guillermo William|Juan John|Jorge George|Miguel Michael|Pedro Peter|Marcela Chela|Hortensia Tencha|
Paulina Pau|Rigoberto Rigo|Crescencio Chencho|Asunción Chon|Sarah Sally|Abigail Abby|Theodore Ted|Gwendolyn Wendy|
Patricia Patsy|Sofía Chofi|Rosa Rosy|Lourdes Lulú|Luz Lulú|Ángeles Angie|Angélica Angie|Fabiola Fabi|
Natalia Nati|Rosalía Chayo|Genoveva Beba|Margarita Tita|Guillermina Guille|Araceli Cheli|Hipólito Poli|
Florencio Lencho|Carolina Caro|Mónica Mony|Tomás Tomy|Jorge Jorgito|Valeria Vale|Montserrat Monse|Sean Shawn|
Duane Dwayne|Alan Allen|Kristin Kristen|Lindsay Lindsey|Tracy Tracey|Stacy Stacey|Kelly Kelley|Haley Hailey|
Brittany Britney|Terry Terri|Allison Alison|Jillian Gillian|Jazmín Yazmín|Jazmín Jasmine|Leslie Lesly|
Cynthia Cinthia|Yahir Jair|Osvaldo Oswaldo|Estefanía Stephanie|Archibald Archie|Harold Hal|Jacob Jake|Judith Judy|
Amanda Mandy|Randall Randy|Vincent Vince|Eleanor Ellie|Rebecca Becca|Kathleen Katie|Nicole Nikki|Regina Gina""".replace("\n", "")


@pytest.mark.parametrize("pair", PAIRS.split("|"))
def test_forms_agents_see_are_related(pair: str) -> None:
    formal, form = (fold(w) for w in pair.split())
    assert relation(formal, form) is not None
    assert relation(form, formal) is not None


def test_a_shared_nickname_does_not_make_two_names_one() -> None:
    assert relation("ROBERTO", "ALBERTO") is None
    assert relation("BETO", "ROBERTO") == ("nickname", "ROBERTO")


def test_nickname_and_english_form_of_the_same_name() -> None:
    assert relation("PEPE", "JOSEPH") == ("equivalent", "")


def test_display_keeps_accents() -> None:
    assert display_name("JOSE") == "José"
    assert display_name("ZZYZX") == "Zzyzx"


def test_forms_of_a_name() -> None:
    assert {"PEPE", "CHEPE", "JOSE"} <= forms_of("JOSE")
    assert forms_of("ZZYZX") == frozenset()


def test_two_nicknames_that_meet_only_across_the_languages_are_not_one_name() -> None:
    # Ale (Alejandra, Alejandro) and Sandy (Sandra, or Alexander): two steps apart, as often two women.
    assert relation("ALE", "SANDY") is None
    # One of the two written as the formal name: the same name in the other language.
    assert relation("ALE", "ALEXANDER") == ("equivalent", "")
    assert relation("GUILLERMO", "BILL") == ("equivalent", "")


@pytest.mark.parametrize("a, b", [("Kristin", "Kristen"), ("Sean", "Shawn"), ("Tracy", "Tracey"), ("Allen", "Alan"),
                                  ("Lindsey", "Lindsay"), ("Dwayne", "Duane")])
def test_english_spellings_of_one_name_born_the_same_day_are_one_person(a: str, b: str) -> None:
    # Both spellings are common names of their own in the public lists: read as one letter off another
    # name, they were a given name that differed, and the pair raised nothing.
    from datetime import date

    from coordinator.deconfliction.persons import PersonRecord, compare_persons

    born = date(1984, 7, 19)
    result = compare_persons(PersonRecord(first_name=a, last_name="Whitfield", dob=born),
                             PersonRecord(first_name=b, last_name="Whitfield", dob=born))
    assert result.level == "match"


def test_a_short_name_that_is_a_typing_error_of_a_spanish_one_is_not_made_a_nickname() -> None:
    # "Jan" for Janet would make José Jan (a typing error of José Juan) another second given name.
    assert relation(fold("Jan"), fold("Janet")) is None


# Met on US records and missing from the table until it was checked against the public list of English
# nicknames (the `nicknames` package; `python -m benchmarks.nickname_coverage`).
@pytest.mark.parametrize("pair", """Angela Angie|Christine Christy|Kristina Kristy|Christian Chris|Kristin Kris|
Kevin Kev|Ashley Ash|Megan Meg|Stephanie Steffi|Victoria Vicki|Theresa Tessa|Michelle Shelly|Olivia Liv|
Jonathan Jonny|Jonathan Jonathon|Nicholas Nic|Edward Teddy|Elizabeth Bess|Margaret Peg|Andrea Andi|Lauren Laurie|
Maxwell Max|Lucas Luke|Virginia Ginny|Isabella Bella|Isabel Izzy|Madeline Maddie|Caitlin Katie|Frances Fran|
Brittany Britt|Tiffany Tiff|Natasha Tasha|Stuart Stu|Alexis Alex""".replace("\n", "").split("|"))
def test_english_diminutives_of_the_public_list_are_related(pair: str) -> None:
    formal, form = (fold(w) for w in pair.split())
    assert relation(formal, form) is not None


@pytest.mark.parametrize("a, b", [("Aaron", "Erin"), ("John", "Ian"), ("Jonathan", "Nathan"), ("Jonathan", "John"),
                                  ("Elizabeth", "Lisa"), ("Susan", "Hannah"), ("Patrick", "Peter"),
                                  ("Andrea", "Andrew"), ("Mary", "Marie"), ("Emily", "Emma"), ("Charles", "Carl"),
                                  ("Robert", "Bill")])
def test_pairs_of_the_public_list_that_are_two_names_stay_apart(a: str, b: str) -> None:
    # Each is a common name of its own (or the list's loose link): twins and sisters bear such pairs.
    assert relation(fold(a), fold(b)) is None


# Mexican hypocoristics the table lacked against published lists of them.
@pytest.mark.parametrize("pair", """Alberto Bertín|Ángel Gelo|Benjamín Benja|Héctor Teto|Manuel Lolo|Moisés Moi|
Rodrigo Ruy|Cecilia Chila|Rocío Chío|Agustín Cucho|Adrián Adri|Bernardo Berna|Dagoberto Dago|Heriberto Beto|
Anselmo Chemo|Eusebio Chebo|Silvia Chivis|Trinidad Trini|Daniela Dany|Maximiliano Max|Sebastián Sebas|
Ximena Xime|Lorena Lore|Liliana Lili|Viridiana Viri|Griselda Gris|Everardo Lalo|Florencia Lencha|
Raúl Raulito|Ángel Angelito|Ramón Ramoncito|Valentina Vale|Cristóbal Cris|Cristian Cris""".replace("\n", "")
                         .split("|"))
def test_mexican_hypocoristics_of_the_published_lists_are_related(pair: str) -> None:
    formal, form = (fold(w) for w in pair.split())
    assert relation(formal, form) is not None


# A form written into the table is a known name, which is no longer read as a typing error of another: each that
# stands for more than one name is written for each (Dany for Daniela made Dany and Daniel two given names).
@pytest.mark.parametrize("pair", """Daniel Dany|Daniela Dany|John Jonny|Jonathan Jonny|Ximena Jimena|Gabriela Gabby|
Bernardo Bernard|Heriberto Herbert|Matthew Mattie|Joanne Joanie|Margaret Madge|Anita Nita|Refugio Cucho|Emily Milly|
Robert Bobbie|Albert Bertie|Helen Nellie|Kristina Chrissy|Beatriz Betty|Elizabeth Betty""".replace("\n", "").split("|"))
def test_a_form_written_for_one_name_still_stands_for_the_others(pair: str) -> None:
    formal, form = (fold(w) for w in pair.split())
    assert relation(formal, form) is not None


# English names as Spanish spells them on Mexican and Central American records: the sound written with the
# letters Spanish gives it (an English J as Y, "ai" and "ei" for the long vowels, "es" before an initial s).
@pytest.mark.parametrize("pair", """Michael Maikel|Michael Maicol|David Deivid|Jason Jeison|Jason Yeison|
Stephen Estiven|Jessica Yessica|Jessica Yesica|Jocelyn Joselin|Jocelyn Yoselin|Jennifer Yenifer""".replace(
    "\n", "").split("|"))
def test_english_names_spelt_as_spanish_sounds_them_are_related(pair: str) -> None:
    formal, form = (fold(w) for w in pair.split())
    assert relation(formal, form) is not None
    assert relation(form, formal) is not None


@pytest.mark.parametrize("pair", """Guadalupe Pita|Juana Juanis|Edmundo Mundo|Agustín Tino|Faustino Tino|Isabel Chavela|
Graciela Grace|Josefina Chepina|Encarnación Chona|Bernardo Nardo|Heriberto Heri|Eusebio Chevo|Dionisio Nicho|
Ildefonso Poncho|Cuauhtémoc Temo|Carmela Mela|Crisóforo Chofo""".replace("\n", "").split("|"))
def test_more_mexican_hypocoristics_are_related(pair: str) -> None:
    formal, form = (fold(w) for w in pair.split())
    assert relation(formal, form) == ("nickname", formal)


# The English form a US form records for a Mexican name, and the Spanish form for a US name.
@pytest.mark.parametrize("pair", """Alejandra Alexandra|Daniela Danielle|Natalia Natalie|Carolina Caroline|
Adriana Adrienne|Diana Diane|Eva Eve|Emilia Emily|Dorotea Dorothy|Carlota Charlotte|Francisca Frances|Juana Joan|
Elena Ellen|Leonor Eleanor|Marcos Mark|Vicente Vincent|Ernesto Ernest|Mauricio Maurice|Jerónimo Jerome|
Jacobo Jacob|Timoteo Timothy|Rodolfo Rudolph|Manuel Emmanuel|Adán Adam|Josué Joshua""".replace("\n", "").split("|"))
def test_a_name_in_spanish_and_in_english_is_one_name(pair: str) -> None:
    spanish, english = (fold(w) for w in pair.split())
    assert relation(spanish, english) == ("equivalent", "")
    assert relation(english, spanish) == ("equivalent", "")


def test_a_nickname_reaches_the_other_language_only_through_a_formal_name() -> None:
    assert relation("DANY", "DANIELLE") == ("equivalent", "")  # Dany for Daniela, Danielle her English form
    assert relation("DANIEL", "DANIELLE") is None  # a boy and a girl: twins bear such pairs
    assert relation("EVA", "EVELYN") is None  # Eve is Evelyn's too: two steps apart


def test_a_form_that_stands_for_two_names_does_not_make_them_one() -> None:
    # Cris for Cristina, Cristian and Cristóbal; Vale for Valeria and Valentina: sisters and brothers bear both.
    assert relation("CRISTINA", "CRISTIAN") is None
    assert relation("VALERIA", "VALENTINA") is None
