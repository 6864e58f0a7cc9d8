"""How a person's second record differs from the first, the way case systems show it; and the hard negatives.

Each variation takes the person and a fresh record of them (entered with
its own agency's habits) and returns the record changed, or None when it
does not apply to that person (a married name needs a married woman).
The nicknames and spellings here are this benchmark's own lists, kept apart
from the matcher's tables so that the data does not echo them.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import replace
from datetime import date
from typing import Callable

from benchmarks.realnames_world import Person, World, strip_accents
from coordinator.deconfliction.persons import PersonRecord

SPANISH_NICKNAMES = {
    "José": ("Pepe", "Chepe"), "Jesús": ("Chuy", "Chucho"), "Francisco": ("Paco", "Pancho", "Kiko"),
    "Guadalupe": ("Lupe", "Lupita"), "Eduardo": ("Lalo",), "Guillermo": ("Memo",), "Ignacio": ("Nacho",),
    "Alberto": ("Beto",), "Roberto": ("Beto",), "Antonio": ("Toño", "Tony"), "Enrique": ("Quique",),
    "Rosario": ("Chayo",), "Refugio": ("Cuco",), "Concepción": ("Concha", "Conchita"), "Dolores": ("Lola",),
    "Manuel": ("Manolo",), "Alejandro": ("Alex", "Jando"), "Alejandra": ("Ale",), "Salvador": ("Chava",),
    "Santiago": ("Chago",), "Margarita": ("Mago",), "Mercedes": ("Meche",), "Gregorio": ("Goyo",),
    "Rafael": ("Rafa",), "Fernando": ("Fer", "Nando"), "Gerardo": ("Jerry",), "Patricia": ("Paty",),
    "Gabriela": ("Gaby",), "Daniel": ("Dany",), "Luis": ("Güicho",), "Isabel": ("Chabela",),
    "Ramón": ("Moncho",), "Jorge": ("Coque",), "Rodolfo": ("Fito",), "Adolfo": ("Fito",), "Javier": ("Javi",),
}
ENGLISH_NICKNAMES = {
    "Robert": ("Bob", "Rob", "Bobby"), "William": ("Bill", "Will", "Billy"), "Richard": ("Rick", "Dick"),
    "James": ("Jim", "Jimmy"), "John": ("Jack", "Johnny"), "Michael": ("Mike",), "Elizabeth": ("Liz", "Beth"),
    "Margaret": ("Peggy", "Maggie"), "Katherine": ("Kate", "Kathy"), "Jennifer": ("Jen", "Jenny"),
    "Christopher": ("Chris",), "Anthony": ("Tony",), "Joseph": ("Joe",), "Thomas": ("Tom", "Tommy"),
    "Charles": ("Chuck", "Charlie"), "Daniel": ("Dan", "Danny"), "David": ("Dave",), "Edward": ("Ed", "Ted"),
    "Steven": ("Steve",), "Stephen": ("Steve",), "Patricia": ("Pat", "Patty"), "Matthew": ("Matt",),
    "Timothy": ("Tim",), "Jeffrey": ("Jeff",), "Kenneth": ("Ken", "Kenny"), "Gregory": ("Greg",),
    "Nicholas": ("Nick",), "Benjamin": ("Ben",), "Samuel": ("Sam",), "Jonathan": ("Jon",),
    "Rebecca": ("Becky",), "Deborah": ("Debbie",), "Susan": ("Sue",), "Jessica": ("Jess",),
    "Kimberly": ("Kim",), "Christine": ("Chris",), "Cynthia": ("Cindy",), "Joshua": ("Josh",),
    "Andrew": ("Andy", "Drew"), "Donald": ("Don",), "Ronald": ("Ron",), "Raymond": ("Ray",),
}
ABBREVIATIONS = {"María": "Ma.", "Francisco": "Fco.", "Guadalupe": "Gpe.", "José": "J.", "Jesús": "J.",
                 "Juan": "J.", "Cristóbal": "Cristo.", "Alejandro": "Alej."}
GENERATIONS = {"MX": ("hijo", "Jr."), "US": ("Jr.", "II", "Sr."), "MXUS": ("Jr.", "hijo", "II")}
# UTF-8 bytes read as Latin-1 / Windows-1252: what an export between two systems does to Ñ and accents.
MOJIBAKE = {c: c.encode("utf-8").decode("cp1252", errors="replace") for c in "ÁÉÍÓÚÑÜáéíóúñü"}
# A DOS code page (850) read as Windows-1252: ñ as "¤", Ñ as "¥", á as a no-break space, é as "‚"; capitals are
# written without accents there, as Mexican registers wrote them.
DOS = {c: c.encode("cp850").decode("cp1252") for c in "ñÑáéíóú"} | {c: strip_accents(c) for c in "ÁÉÍÓÚÜü"}
# Each key's neighbour on its keyboard row (the last key's is the one before it).
QWERTY_NEIGHBOURS = {row[i]: row[i + 1] if i + 1 < len(row) else row[i - 1]
                     for row in ("qwertyuiop", "asdfghjklñ", "zxcvbnm") for i in range(len(row))}


def _given_field(record: PersonRecord) -> list[str]:
    return ((record.first_name or "") + " " + (record.middle_name or "")).split()


def _case_like(model: str, text: str) -> str:
    return text.upper() if model.isupper() and len(model) > 1 else text


def _styled(model: str, text: str) -> str:
    """``text`` written the way ``model`` was: in capitals, without accents, if it was."""
    return _case_like(model, strip_accents(text) if model.isascii() else text)


def _from_person(world: World, person: Person, accents: bool = False) -> PersonRecord:
    """A fresh record; with ``accents``, one that keeps the accents (so an encoding can mangle them)."""
    record = world.record(person)
    if accents:
        record = replace(record, first_name=" ".join(person.given), middle_name=None, last_name=person.surnames[0],
                         second_last_name=person.surnames[1] if len(person.surnames) > 1 else None)
    return record


# --- names -------------------------------------------------------------------------

def dropped_maternal(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """Only the paternal surname, as a US form has room for."""
    if len(person.surnames) < 2 or person.spouse_surname and person.origin == "US":
        return None
    return replace(record, last_name=_styled(record.last_name or "", person.surnames[0]), second_last_name=None)


def typo(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """One key wrong, missing, doubled or two swapped, in one name."""
    rng = world.rng
    fields = [f for f in ("first_name", "last_name", "second_last_name") if len(getattr(record, f) or "") >= 4]
    if not fields:
        return None
    field = rng.choice(fields)
    return replace(record, **{field: misspell(rng, getattr(record, field))})


def misspell(rng: random.Random, text: str) -> str:
    """The text with one typing error."""
    i = rng.randrange(1, len(text) - 1)
    op = rng.choice(("sub", "del", "dup", "swap"))
    if op == "sub" and text[i].lower() in QWERTY_NEIGHBOURS:
        new = QWERTY_NEIGHBOURS[text[i].lower()]
        return text[:i] + (new.upper() if text[i].isupper() else new) + text[i + 1:]
    if op == "del":
        return text[:i] + text[i + 1:]
    if op == "dup":
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:] if text[i + 1] != text[i] else text[:i] + text[i + 1:]


def nickname(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """A given name replaced by what the person is called: Chuy for Jesús, Bob for Robert."""
    for name in person.given:
        forms = SPANISH_NICKNAMES.get(name) or ENGLISH_NICKNAMES.get(name)
        if forms:
            nick = world.rng.choice(forms)
            return replace(record, first_name=_styled(record.first_name or "", nick), middle_name=None)
    return None


SPANISH_SOUNDS = (("Hern", "Ern"), ("z", "s"), ("s", "z"), ("v", "b"), ("b", "v"), ("ll", "y"), ("y", "ll"),
                  ("ge", "je"), ("gi", "ji"), ("je", "ge"), ("x", "j"), ("qu", "k"), ("ce", "se"), ("ci", "si"),
                  ("Gu", "W"), ("h", ""))
ENGLISH_SOUNDS = (("ph", "f"), ("ck", "k"), ("C", "K"), ("K", "C"), ("y", "ie"), ("th", "t"), ("ey", "y"),
                  ("ie", "y"), ("ine", "yn"), ("ee", "i"))


def phonetic(world: World, person: Person, record: PersonRecord,
             fields: tuple[str, ...] = ("last_name", "second_last_name", "first_name")) -> PersonRecord | None:
    """A name spelt as it sounds: Ernandes for Hernández, Yolanda as Llolanda, Katherine as Catherine."""
    rng = world.rng
    fields = [f for f in fields if getattr(record, f)]
    rng.shuffle(fields)
    rules = SPANISH_SOUNDS if person.origin != "US" else ENGLISH_SOUNDS
    for field in fields:
        text = strip_accents(getattr(record, field))
        for old, new in rng.sample(rules, len(rules)):
            for variant in (old, old.upper()):
                position = text.find(variant) if variant != "h" else text.find("h", 1)
                if variant == "h" and position > 0 and text[position - 1] in "cCsSpPtT":
                    continue  # ch, sh, ph, th: not a silent h
                if position >= 0:
                    replacement = new.upper() if variant.isupper() and (len(variant) > 1 or text.isupper()) else new
                    return replace(record, **{field: text[:position] + replacement + text[position + len(variant):]})
    return None


def nickname_phonetic(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """A nickname and a surname spelt as it sounds."""
    varied = nickname(world, person, record)
    return phonetic(world, person, varied, ("last_name", "second_last_name")) if varied else None


def initials(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """Given names shortened: Ma. Guadalupe, Fco. Javier, J. Luis, Robert J."""
    rng = world.rng
    given = list(person.given)
    options = [i for i, n in enumerate(given) if n in ABBREVIATIONS]
    if options:
        i = rng.choice(options)
        given[i] = ABBREVIATIONS[given[i]]
    elif len(given) > 1:
        i = rng.randrange(len(given))
        given[i] = given[i][0] + "."
    else:
        given = [given[0][0] + "."]
    first = " ".join(given)
    return replace(record, first_name=_styled(record.first_name or "", first), middle_name=None)


def encoding(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """Ñ and accents mangled on the way between systems: Ã‘ for Ñ, the letter stripped to N, dropped outright
    (MUOZ), or '?'."""
    names = list(person.given) + list(person.surnames)
    if all(n.isascii() for n in names):
        return None
    record = _from_person(world, person, accents=True)
    form = world.rng.random()
    if form < 0.5:
        change = lambda t: "".join(MOJIBAKE.get(c, c) for c in t)  # noqa: E731
    elif form < 0.6:
        change = lambda t: "".join(DOS.get(c, c) for c in t)  # noqa: E731
    elif form < 0.75:
        change = strip_accents
    elif form < 0.85:
        change = lambda t: "".join(c for c in t if c.isascii() or not c.isalpha())  # noqa: E731  (dropped outright)
    else:
        change = lambda t: "".join(c if c.isascii() else "?" for c in t)  # noqa: E731
    return replace(record, **{f: change(getattr(record, f)) for f in ("first_name", "last_name", "second_last_name")
                              if getattr(record, f)})


def joined_surnames(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """Two surnames hyphenated or run together in one field; a particle glued on or dropped."""
    rng = world.rng
    if len(person.surnames) == 2:
        first, second = person.surnames
        joined = rng.choice((f"{first}-{second}", f"{first} {second}", f"{first}{second.lower()}"))
        return replace(record, last_name=_styled(record.last_name or "", joined), second_last_name=None)
    for i, surname in enumerate(person.surnames):
        if surname.startswith("De"):
            words = surname.split()
            form = rng.choice(("".join(words).capitalize(), words[-1], " ".join(w.capitalize() for w in words)))
            return replace(record, last_name=_styled(record.last_name or "", form))
    return None


def married_name(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """A married woman under her husband's name: "García de Hernández", or her maiden name in the US."""
    if not person.spouse_surname:
        return None
    if person.origin == "US":
        return replace(record, last_name=_styled(record.last_name or "", person.surnames[0]))
    if world.rng.random() < 0.6:
        # A widow writes "Vda. de" (viuda de) before her late husband's surname.
        widow = "Vda. de " if person.dob.year < 1965 and world.rng.random() < 0.25 else "de "
        return replace(record, second_last_name=_styled(record.last_name or "", widow + person.spouse_surname))
    return replace(record, last_name=_styled(record.last_name or "", person.spouse_surname),
                   second_last_name=None)


def surname_in_given(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """Fields mixed up: the surnames in the given-name field, or the paternal surname as a middle name."""
    given = _given_field(record)
    if world.rng.random() < 0.5 and record.last_name and record.second_last_name and given:
        # The record's own names, as the variations before have written them (a typo, a nickname).
        return replace(record, first_name=given[0], middle_name=record.last_name, last_name=record.second_last_name,
                       second_last_name=None)
    if world.rng.random() < 0.3 and record.last_name and record.second_last_name and record.first_name:
        # The first two fields of the form filled the other way round, the second surname where it belongs.
        return replace(record, first_name=record.last_name, last_name=record.first_name)
    surnames = " ".join(s for s in (record.last_name, record.second_last_name) if s)
    if not given or not surnames:
        return None
    return replace(record, first_name=surnames, middle_name=None, last_name=given[0],
                   second_last_name=" ".join(given[1:]) or None)


def anglo_diminutive(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """An English given name as its diminutive, with the middle name as an initial, or dropped."""
    forms = ENGLISH_NICKNAMES.get(person.given[0])
    if not forms:
        return None
    rng = world.rng
    middle = person.given[1][0] if len(person.given) > 1 and rng.random() < 0.6 else None
    return replace(record, first_name=_styled(record.first_name or "", rng.choice(forms)), middle_name=middle)


def generation_suffix(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """The man's generation written this time and not the other: Jr., Sr., II, hijo."""
    if person.sex != "M":
        return None
    if person.suffix:
        return replace(record, last_name=record.last_name.replace(" " + person.suffix, "")
                       .replace(" " + person.suffix.upper(), ""))
    suffix = world.rng.choice(GENERATIONS[person.origin])
    return replace(record, last_name=f"{record.last_name} {_styled(record.last_name or '', suffix)}")


# What is typed for a name not known, as case systems on both sides hold it.
UNKNOWN_SURNAME = ("XX", "X", "N/A", "SIN DATO", "NULL", "S/D", "-", "NA", "SD")
UNKNOWN_MIDDLE = ("NMN", "NMI", "N/A", "X", "NONE", "NA")
# Letters a scanned document's text recognition reads as digits.
SCANNED = {"O": "0", "o": "0", "I": "1", "l": "1", "S": "5", "s": "5"}
TITLES = {"MX": {"M": ("Lic.", "Ing.", "Sr.", "C."), "F": ("Lic.", "Sra.", "Srita.", "C.")},
          "US": {"M": ("Mr.", "Dr."), "F": ("Mrs.", "Ms.", "Miss")}}


def entry_noise(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """What other systems and copied documents leave in a name: "XX" or "N/A" in a field for a name the person
    lacks, "NMN" for no middle name, a form of address before the given names, accents sent as combining marks,
    the whole name surnames first in the given-name field (as Mexican lists print it), an Ñ typed as "N~", a
    scanned document's letters read as digits (0 for O, 1 for I or l, 5 for S), a zero-width space or a soft
    hyphen inside a name."""
    rng = world.rng
    roll = rng.random()
    if roll < 0.1:
        scanned = [f for f in ("first_name", "last_name", "second_last_name")
                   if any(c in SCANNED for c in getattr(record, f) or "")]
        if scanned:
            field = rng.choice(scanned)
            text = getattr(record, field)
            at = rng.choice([k for k, c in enumerate(text) if c in SCANNED])
            return replace(record, **{field: text[:at] + SCANNED[text[at]] + text[at + 1:]})
    if roll < 0.3:
        if not record.second_last_name and person.origin != "US":
            return replace(record, second_last_name=rng.choice(UNKNOWN_SURNAME))
        if not record.middle_name:
            return replace(record, middle_name=rng.choice(UNKNOWN_MIDDLE if person.origin == "US"
                                                          else UNKNOWN_SURNAME))
    if roll < 0.5:
        titles = TITLES["US" if person.origin == "US" else "MX"][person.sex]
        return replace(record, first_name=f"{rng.choice(titles)} {record.first_name}")
    fields = [f for f in ("first_name", "last_name", "second_last_name") if getattr(record, f)]
    if roll < 0.65 and any(not getattr(record, f).isascii() for f in fields):
        return replace(record, **{f: unicodedata.normalize("NFD", getattr(record, f)) for f in fields})
    if roll < 0.8 and person.origin != "US" and record.last_name:
        whole = " ".join(n for n in (record.last_name, record.second_last_name, record.first_name, record.middle_name)
                         if n)
        return replace(record, first_name=whole, middle_name=None, last_name=None, second_last_name=None)
    if roll < 0.85 and any(c in getattr(record, f) for f in fields for c in "Ññ"):
        return replace(record, **{f: getattr(record, f).replace("Ñ", "N~").replace("ñ", "n~") for f in fields})
    field = rng.choice(fields)
    text = getattr(record, field)
    at = rng.randrange(1, len(text)) if len(text) > 1 else 1
    return replace(record, **{field: text[:at] + rng.choice(("\u200b", "\u00ad", "\ufeff")) + text[at:]})


# --- dates of birth ----------------------------------------------------------------

def no_dob(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """No date of birth recorded."""
    return replace(record, dob=None)


def dob_placeholder(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """Only the year (or the month) known: 1 January, the 1st of the month, or 1900-01-01."""
    dob, roll = person.dob, world.rng.random()
    placeholder = (date(dob.year, 1, 1) if roll < 0.55 else date(dob.year, dob.month, 1) if roll < 0.85
                   else date(1900, 1, 1))
    return None if placeholder == dob else replace(record, dob=placeholder)


def dob_tens_digit(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """The tens digit of the year wrong: 1985 typed as 1975 or 1995."""
    year = person.dob.year + world.rng.choice((-10, 10))
    return _dob(record, person.dob, year=year) if 1925 <= year <= 2012 else None


def dob_wrong_digit(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """One digit of the day, the month or the year's last digit wrong."""
    rng, dob = world.rng, person.dob
    part = rng.choice(("day", "month", "year"))
    if part == "year":
        last = rng.choice([d for d in range(10) if d != dob.year % 10])
        return _dob(record, dob, year=dob.year - dob.year % 10 + last)
    value = getattr(dob, part)
    text = f"{value:02d}"
    i = rng.randrange(2)
    new = int(text[:i] + rng.choice([d for d in "0123456789" if d != text[i]]) + text[i + 1:])
    return _dob(record, dob, **{part: new})


def dob_day_month_swapped(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """Day and month the other way round (a US form read as a Mexican one)."""
    dob = person.dob
    return _dob(record, dob, month=dob.day, day=dob.month) if dob.day <= 12 and dob.day != dob.month else None


def dob_two_digit_year(world: World, person: Person, record: PersonRecord) -> PersonRecord | None:
    """A two-digit year read in the wrong century: 03 for 2003 stored as 1903."""
    year = person.dob.year
    return _dob(record, person.dob, year=year - 100) if year >= 2000 else None


def _dob(record: PersonRecord, dob: date, **parts: int) -> PersonRecord | None:
    try:
        new = dob.replace(**parts)
    except ValueError:
        return None
    return None if new == dob else replace(record, dob=new)


Variation = Callable[[World, Person, PersonRecord], "PersonRecord | None"]
VARIATIONS: dict[str, Variation] = {
    "dropped_maternal": dropped_maternal, "typo": typo, "no_dob": no_dob, "nickname": nickname,
    "phonetic": phonetic, "nickname_phonetic": nickname_phonetic, "initials": initials, "encoding": encoding,
    "joined_surnames": joined_surnames, "married_name": married_name, "surname_in_given": surname_in_given,
    "anglo_diminutive": anglo_diminutive, "generation_suffix": generation_suffix, "entry_noise": entry_noise,
    "dob_placeholder": dob_placeholder, "dob_tens_digit": dob_tens_digit, "dob_wrong_digit": dob_wrong_digit,
    "dob_day_month_swapped": dob_day_month_swapped, "dob_two_digit_year": dob_two_digit_year,
}
DOB_KINDS = frozenset(k for k in VARIATIONS if k.startswith("dob_") or k == "no_dob")
# Variations that rebuild the record from the person, so they must come first in a combination; and the fields
# mixed up, and what a system or a document leaves in them, which must come last, in this order: a variation after
# them would write a given name over the surnames moved into its field, or a suffix after a surname moved away.
REBUILDS = frozenset({"encoding"})
LAST = ("surname_in_given", "entry_noise")


def vary(world: World, person: Person, kinds: tuple[str, ...]) -> PersonRecord | None:
    """A new record of the person with every one of ``kinds`` applied, or None if one does not apply."""
    record: PersonRecord | None = world.record(person)
    for kind in sorted(kinds, key=lambda k: (k not in REBUILDS, LAST.index(k) if k in LAST else -1)):
        record = VARIATIONS[kind](world, person, record)
        if record is None:
            return None
    return record


def combination(rng: random.Random, size: int) -> tuple[str, ...]:
    """``size`` variations that can happen together: at most one to the date of birth."""
    while True:
        kinds = tuple(rng.sample(sorted(VARIATIONS), size))
        if sum(k in DOB_KINDS for k in kinds) <= 1 and not {"nickname", "nickname_phonetic"} <= set(kinds):
            return kinds


# --- hard negatives --------------------------------------------------------------

def namesake(world: World, person: Person) -> Person:
    """Another person of the same name: common names have thousands."""
    other = world.person(person.origin, person.sex)
    return replace(other, given=person.given, surnames=person.surnames, spouse_surname=person.spouse_surname
                   if person.origin == "US" else other.spouse_surname)


def namesake_same_dob(world: World, person: Person, same_day: bool = True) -> Person:
    """Another person with the same first given name and first surname, born the same day (or on their own)."""
    other = world.person(person.origin, person.sex)
    surnames = (person.surnames[0],) + other.surnames[1:]
    given = person.given[:1] + tuple(n for n in other.given[1:2] if n != person.given[0])
    return replace(other, given=given, surnames=surnames, dob=person.dob if same_day else other.dob,
                   spouse_surname=person.spouse_surname if person.origin == "US" else other.spouse_surname)


def relative(world: World, person: Person, kind: str) -> Person:
    """A sibling, a twin with another given name, or a parent or child (a son named after his father)."""
    if kind == "sibling":
        return world.sibling(person)
    if kind == "twin":
        return world.sibling(person, twin=True)
    named_after = person.sex == "M" and world.rng.random() < 0.6
    if person.dob.year < 1988 and (person.sex == "M" or world.rng.random() < 0.5):
        return world.child(person, named_after)
    return world.parent(person, named_after)
