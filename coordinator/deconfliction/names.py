"""Parsing person names into given names and surnames.

Names arrive the way agents type them on either side of the border: with or
without accents, both surnames in one field or in two, "de la" particles,
hyphens, "Jr.", initials. This module turns a name into tokens that carry
their folded spelling (``spelling``), a sound code (``phonetics``) and, for
given names, the nickname roots, so that comparing two records is a matter
of looking at prepared values. A whole name in one field is read into its
parts by ``fullnames``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from coordinator.deconfliction.nicknames import name_classes, name_roots
from coordinator.deconfliction.phonetics import phonetic, spoken
from coordinator.deconfliction.spelling import fold, lost_letter_readings, readable


# Words that join a surname to what follows ("de la Cruz", "del Río") or two
# surnames ("García y López"), and that are dropped inside given names
# ("María de los Ángeles").
PARTICLES = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y", "E", "DA", "DI", "DOS", "VAN", "VON", "DER", "EL"})
# "del" mistyped, two letters exchanged or one dropped: no name is spelt so, and between two given names (María Dle
# Carmen) they are still the particle. Not so the slips of "los" and "las": Sol and Sal are names.
MISTYPED_PARTICLES = frozenset({"DLE", "EDL", "DL"})
# "Vda." (viuda, widow) between a woman's own surname and "de" and her late husband's: no surname of its own.
WIDOW = frozenset({"VDA", "VIUDA"})

# Glued particles ("Delacruz", "Delosantos"), longest first.
GLUED_PARTICLES = ("DELOS", "DELAS", "DELA", "DEL", "DE")

# Generation markers, which tell a father from his son of the same name.
GENERATIONS = {"JR": "JR", "JUNIOR": "JR", "SR": "SR", "SENIOR": "SR", "II": "II", "III": "III", "IV": "IV",
               "HIJO": "JR", "PADRE": "SR"}

# Forms of address typed before a given name ("Lic. José Luis", "Sra. María", "Mr. John"): no name of the
# person's. "Don" is left alone: it is a given name too.
TITLES = frozenset({"MR", "MRS", "MS", "MISS", "DR", "DRA", "LIC", "LICDA", "LICENCIADO", "LICENCIADA", "ING",
                    "INGENIERO", "ARQ", "PROF", "PROFA", "PROFR", "MTRO", "MTRA", "SR", "SRA", "SRTA", "SENOR",
                    "SENORA", "SENORITA", "SRITA", "DONA"})

# Degrees written after a surname ("Smith MD", "Ruiz PhD"): no surname of the person's.
DEGREES = frozenset({"MD", "PHD", "DDS", "DMD", "DVM", "ESQ", "CPA"})
# A form of address written for either sex ("Sr(a).", "Estimado(a)"): the marker in brackets is no name.
_EITHER_SEX = re.compile(r"\((?:a|as|o|os)\)", re.IGNORECASE)

# Surnames written with an abbreviated first word ("St. John", "Sta. María"), read as the word before another.
SURNAME_ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "STA": "SANTA", "STO": "SANTO"}

# The commonest Spanish surnames as Mexican registers shorten them ("Hdz.", "Glez.", "Mtz."), each standing for
# one surname only and none a surname of its own: read letter by letter, the surname differs from the one written
# out. The shorthand keeps its spelling (a typing error of it, "Hnds", is still one) and agrees with the surname
# it stands for. "Mdz" (Méndez or Meléndez) and "Gzz" (González or Garza) are left as typed.
SURNAME_SHORTHANDS = {
    short: full for full, shorts in {
        "HERNANDEZ": "HDZ HDEZ HERNZ HNDZ HRDZ", "GONZALEZ": "GLZ GLEZ GZLZ GONZ GNZLZ",
        "MARTINEZ": "MTZ MTNEZ MTNZ MRTZ MRTNZ", "RODRIGUEZ": "RDZ RGZ RGUEZ RODZ RDGZ RDGUEZ",
        "FERNANDEZ": "FDZ FDEZ FERNZ FNDZ", "GUTIERREZ": "GTZ GTRZ GUTZ GTRRZ", "SANCHEZ": "SCHZ SNCHZ SANCHZ SANCZ",
        "DOMINGUEZ": "DGZ DGUEZ DOMZ DMGZ", "VAZQUEZ": "VZQZ VAZQ VZQ VZQUEZ", "JIMENEZ": "JMZ JMNZ JIMZ",
        "RAMIREZ": "RMZ RMRZ RAMZ", "LOPEZ": "LPZ", "PEREZ": "PRZ", "GOMEZ": "GMZ", "CHAVEZ": "CHVZ",
        "GARCIA": "GCIA GRCIA GARC", "ALVAREZ": "ALVZ ALVRZ",
    }.items() for short in shorts.split()
}

# Given names as clerks abbreviate them on both sides of the border ("Ma.
# Guadalupe", "Fco. Javier", "Wm. Henry"). Only abbreviations that stand for
# one name: "J." stays an initial.
ABBREVIATIONS = {
    "MA": "MARIA", "MAR": "MARIA", "FCO": "FRANCISCO", "FRANCO": "FRANCISCO", "GPE": "GUADALUPE",
    "JSUS": "JESUS", "JS": "JESUS", "ANT": "ANTONIO", "ANTO": "ANTONIO", "FDO": "FERNANDO", "FERN": "FERNANDO",
    "GMO": "GUILLERMO", "MGL": "MIGUEL", "RAF": "RAFAEL", "ALEJ": "ALEJANDRO", "EDO": "EDUARDO",
    "RDO": "RICARDO", "RBTO": "ROBERTO", "ALB": "ALBERTO", "CONCEP": "CONCEPCION", "SOC": "SOCORRO",
    "WM": "WILLIAM", "CHAS": "CHARLES", "JAS": "JAMES", "THOS": "THOMAS", "ROBT": "ROBERT", "GEO": "GEORGE",
    "JNO": "JOHN", "EDW": "EDWARD", "BENJ": "BENJAMIN", "SAML": "SAMUEL", "DANL": "DANIEL", "JOS": "JOSEPH",
    "MICH": "MICHAEL", "ELIZ": "ELIZABETH", "MARG": "MARGARET", "CATH": "CATHERINE",
    # The common ones whose letters would fit another name too (Fca. Felicia, Fdco. Fidencio): what clerks mean.
    "FCA": "FRANCISCA", "FDCO": "FEDERICO", "STGO": "SANTIAGO", "AGST": "AGUSTIN",
}

# What is typed in a name field when the name is not known: "N/A", "X" or
# "XX" (as the CURP writes a surname a person lacks; "X." is an initial), "NMN" and "FNU" (US
# records: no middle name, first name unknown), "SIN DATO", "DESCONOCIDO".
# Such a field holds no name: read as one, "XX" would be a surname of its
# own that differs from the real one on another record.
NOT_ENTERED = frozenset({
    "NULL", "NONE", "NIL", "NN", "UNK", "UNKN", "UNKNOWN", "NMN", "NMI", "NFN", "NLN", "FNU", "LNU", "MNU",
    "NOTGIVEN", "NOTKNOWN", "NOTSTATED", "NOTPROVIDED", "NOTAVAILABLE", "NODATA",
    "SINDATO", "SINDATOS", "DESCONOCIDO", "DESCONOCIDA", "SEDESCONOCE", "NOAPLICA",
    "NOTIENE", "NOESPECIFICADO", "NOESPECIFICADA", "NOREGISTRADO", "SINNOMBRE", "SINAPELLIDO",
    "SINSEGUNDOAPELLIDO", "SINAPELLIDOMATERNO", "SINAPELLIDOPATERNO", "NOPROPORCIONADO", "NOPROPORCIONO",
})
# Two letters stand for "not known" only as abbreviations, with a slash or a
# dot ("N/A", "S/D", "N.E."): "Na" is a surname.
_ABBREVIATED = frozenset({"NA", "SD", "SN", "SA", "NE", "NI"})
_ONLY_X = re.compile(r"X+")
# Two letters without a vowel in a given-name field: two initials run together (JL for José Luis, TJ for Thomas
# James), unless they are an abbreviation (Wm., Js.), a title, a generation or a mark of a name not known.
_RUN_TOGETHER = re.compile("[B-DF-HJ-NP-TV-XZ]{2}")


def entered(field: str | None, may_lack: bool = False) -> str | None:
    """A name field as typed, or None where it holds only what is typed for a name not known ("N/A", "XX").

    In a field a person may lack (a middle name, a second surname: ``may_lack``) the abbreviations stand for
    "not known" without a slash or a dot too: a maternal surname "NA" is "no aplica", not the surname Na.
    """
    folded = fold(field)
    if folded == "X" and "." in field:
        return field  # "X.": the initial of Ximena or Xavier
    if folded in NOT_ENTERED or _ONLY_X.fullmatch(folded) or folded in _ABBREVIATED and (
            may_lack or any(c in field for c in "/.")):
        return None
    return field


_TOKEN = re.compile(r"[^\W\d_]+(?:['’`][^\W\d_]+)*")
# A given-name word with the dot that marks it shortened ("Guad."): ``read_shortened`` reads only such a word.
_GIVEN_TOKEN = re.compile(_TOKEN.pattern + r"\.?")


def raw_tokens(text: str | None) -> list[str]:
    """Split a name field into words as typed: "de la Cruz-Peña" -> [de, la, Cruz, Peña]."""
    if not text:
        return []
    return _TOKEN.findall(readable(text))


def strip_glued_particle(word: str) -> str | None:
    """Return "CRUZ" for "DELACRUZ": the surname without a particle typed as one word."""
    for prefix in GLUED_PARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix):]
    return None


# --- prepared tokens ---------------------------------------------------------

@dataclass(frozen=True)
class GivenName:
    """One given name: as typed, folded, its sound code and its nickname roots and classes."""

    raw: str
    folded: str
    code: str
    roots: frozenset[str]
    classes: frozenset[str]

    @property
    def is_initial(self) -> bool:
        return len(self.folded) == 1


@dataclass(frozen=True)
class Surname:
    """One surname, particles included: "de la Cruz" is one surname whose core is CRUZ."""

    raw: str
    folded: str  # core, particles dropped: CRUZ
    glued: str  # as one word: DELACRUZ
    alt: str | None  # core of a glued particle: CRUZ for "Delacruz"
    code: str
    alt_code: str | None
    has_particle: bool
    married: bool = False  # "de Hernández" after a woman's own surname: her husband's
    expanded: str | None = None  # the surname a register's shorthand stands for: HERNANDEZ for "Hdz."
    # The other known surnames a letter lost on the way between systems may complete: GAMEZ for "G?mez" (GOMEZ).
    lost_readings: tuple[str, ...] = ()
    # Read in every comparison, many times: worked out once, as the surname itself is (``_surname``).
    _forms: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _spoken: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_forms", tuple(f for f in (self.folded, self.glued, self.alt) if f))
        object.__setattr__(self, "_spoken", tuple(dict.fromkeys(
            spoken(f) for f in (self.expanded, self.folded, self.alt) if f)))

    def forms(self) -> tuple[str, ...]:
        """The folded spellings under which this surname may appear."""
        return self._forms

    def codes(self) -> tuple[str, ...]:
        """The sound codes this surname is indexed under (a shorthand's own too: a typing error of it is in no
        table)."""
        codes = (self.code, self.alt_code) if self.alt_code and self.alt_code != self.code else (self.code,)
        return codes + (phonetic(self.folded)[0],) if self.expanded else codes

    def spoken_codes(self) -> tuple[tuple[str, str], ...]:
        """The codes two surnames are compared by (``spoken``), of each spelling, the main one (the surname a
        shorthand stands for, or as written) first: Moya and Mola share a sound code, not a sound."""
        return self._spoken


@lru_cache(maxsize=65536)
def given_name(raw: str) -> GivenName:
    """Prepare one given-name word, an abbreviation ("Ma.", "Fco.", "Guad.") read as the name it stands for."""
    folded = fold(raw)
    folded = ABBREVIATIONS.get(folded) or (read_shortened(folded) if raw.endswith(".") else folded)
    return GivenName(raw, folded, phonetic(folded)[0], name_roots(folded), name_classes(folded))


# Words that are no given name shortened: a form of address ("Srta." is no
# Sarita), a generation, a degree, what is typed for a name not known, a
# register's shorthand of a surname typed in the given-name field.
_NO_GIVEN_NAME = TITLES | frozenset(GENERATIONS) | DEGREES | NOT_ENTERED | frozenset(SURNAME_SHORTHANDS)

# A given-name word that no list knows, shortened as clerks shorten names,
# stands for the name it shortens where one name holds at least this share
# of those it could stand for: "Guad." is Guadalupe and "Ign." Ignacio, but
# "Alfo." may be Alfonso or Alfredo and stays as typed.
SHORTENED_DOMINANT = 0.8
_MIN_SHORTENED = 3
_VOWELS = frozenset("AEIOU")


@lru_cache(maxsize=65536)
def read_shortened(folded: str) -> str:
    """The given name a word typed shortened (with a dot: "Guad.") stands for, or the word itself.

    Two ways of shortening: cut short ("Guad." for Guadalupe, "Salv." for
    Salvador), or contracted to the first letter, a consonant or two and the
    last letter ("Mnl." for Manuel, "Vte." for Vicente, "Rdgo." for
    Rodrigo), which is written with at most one vowel after the first
    letter: a word with more is a name mistyped, read as such by the
    comparison. A word a list knows (a name, a surname, a nickname, a
    register's shorthand of a surname, a form of address) is what it says.
    Without the dot a word a letter short is as often a name of its own
    that the lists lack (Jami, Alexi) or a slip (Erni for Erin):
    ``given_name`` asks only of a word typed with one.
    """
    from coordinator.deconfliction.frequencies import given_names_by_initial, known_name_share

    if len(folded) < _MIN_SHORTENED or folded in _NO_GIVEN_NAME or name_roots(folded) or known_name_share(folded):
        return folded
    contracted = sum(ch in _VOWELS for ch in folded[1:]) <= 1
    readings = [(share, name) for name, share in given_names_by_initial().get(folded[0], ())
                if len(name) > len(folded) and (name.startswith(folded) or contracted and _contracts(folded, name))]
    if not readings:
        return folded
    share, name = max(readings)
    return name if share >= SHORTENED_DOMINANT * sum(s for s, _ in readings) else folded


def _contracts(short: str, name: str) -> bool:
    """``short`` is ``name`` contracted: its first and last letters, and the letters between in order."""
    if short[-1] != name[-1]:
        return False
    rest = iter(name[1:-1])
    return all(ch in rest for ch in short[1:-1])


@lru_cache(maxsize=65536)
def _surname(raw: str, folded: str, glued: str, has_particle: bool, married: bool = False,
             lost_readings: tuple[str, ...] = ()) -> Surname:
    alt = None if has_particle else strip_glued_particle(folded)
    expanded = None if has_particle else SURNAME_SHORTHANDS.get(folded)
    # A shorthand sounds as the surname it stands for: every key of the surname's sound is written under that.
    return Surname(
        raw=raw, folded=folded, glued=glued, alt=alt, code=phonetic(expanded or folded)[0],
        alt_code=phonetic(alt)[0] if alt else None, has_particle=has_particle, married=married, expanded=expanded,
        lost_readings=lost_readings,
    )


_MIN_PART = 4


@lru_cache(maxsize=65536)
def split_point(folded: str) -> int:
    """Where a word that no list knows as a surname splits into two that it does ("GARCIAHERNANDEZ"); 0 if nowhere."""
    from coordinator.deconfliction.frequencies import known_name_share  # it folds names with this module

    if len(folded) < 2 * _MIN_PART or known_name_share(folded, "s"):
        return 0
    best, best_share = 0, 0.0
    for i in range(_MIN_PART, len(folded) - _MIN_PART + 1):
        share = min(known_name_share(folded[:i], "s"), known_name_share(folded[i:], "s"))
        if share > best_share:
            best, best_share = i, share
    return best


def split_run_together(units: list[Surname]) -> list[Surname]:
    """The surnames, a lone one that is two known surnames run together ("Garciahernandez") read as the two.

    Only a record's single own surname (a married name beside it aside) is
    split: two surnames typed into one field without a space.
    """
    own = [k for k, u in enumerate(units) if not u.married]
    if len(own) != 1 or units[own[0]].has_particle:
        return units
    unit = units[own[0]]
    at = split_point(unit.folded)
    if not at:
        return units
    parts = [_surname(part, part, part, False) for part in (unit.folded[:at], unit.folded[at:])]
    return units[:own[0]] + parts + units[own[0] + 1:]


def parse_given(*fields: str | None) -> tuple[list[GivenName], str | None]:
    """Split given-name fields into names, dropping particles and noting "Jr."/"Sr."."""
    names, generation, _ = read_given(*fields)
    return names, generation


def given_words(*fields: str | None) -> tuple[str, ...]:
    """The words of given-name fields as typed, particles kept ("Ruiz de Lizarraga"): what a reading of the fields
    exchanged parses as surnames, where "de" marks a married name. A form of address before them and a
    generation marker are left out, as ``parse_given`` leaves them."""
    return read_given(*fields)[2]


def read_given(*fields: str | None) -> tuple[list[GivenName], str | None, tuple[str, ...]]:
    """``parse_given`` and ``given_words`` of the same fields, read in one pass."""
    names: list[GivenName] = []
    generation = None
    words = [word for field in fields for word in _GIVEN_TOKEN.findall(readable(_EITHER_SEX.sub("", field or "")))]
    while len(words) > 1 and fold(words[0]) in TITLES:
        words = words[1:]
    typed = []
    for k, word in enumerate(words):
        folded = fold(word)
        if folded and folded not in GENERATIONS:
            typed.append(word)
        # A lone letter that joins two names ("María E Isabel") is none:
        # first or last, it is an initial ("E. Flores", "Patrick E").
        if not folded or folded in PARTICLES and not (len(folded) == 1 and (not names or k == len(words) - 1)):
            continue
        if folded in MISTYPED_PARTICLES and names and k < len(words) - 1:
            continue
        if folded in GENERATIONS and names:
            generation = GENERATIONS[folded]
            continue
        if _two_initials(folded):
            names.extend(given_name(letter) for letter in folded)
            continue
        names.append(given_name(word))
    return names, generation, tuple(typed)


def _two_initials(folded: str) -> bool:
    """Two letters without a vowel that stand for two given names, not for one name or a marker."""
    return bool(_RUN_TOGETHER.fullmatch(folded)) and not (
        folded in ABBREVIATIONS or folded in TITLES or folded in GENERATIONS or folded in NOT_ENTERED)


# Prefixes of Irish and Scottish surnames that a system without the apostrophe leaves apart ("O BRIEN", "Mc Donald").
_PREFIXES = {"O": "'", "MC": ""}


def _glue_prefixes(words: list[str]) -> list[str]:
    """The words of a surname field with "O Brien" and "Mc Donald" read as the one word they stand for."""
    glued: list[str] = []
    k = 0
    while k < len(words):
        prefix = fold(words[k])
        after = fold(words[k + 1]) if k + 1 < len(words) else ""
        if prefix in _PREFIXES and after and after not in PARTICLES and after not in GENERATIONS:
            glued.append(words[k] + _PREFIXES[prefix] + words[k + 1])
            k += 2
        else:
            glued.append(words[k])
            k += 1
    return glued


def parse_surnames(*fields: str | None) -> tuple[list[Surname], str | None]:
    """Split surname fields into surnames, keeping "de la" with the name it belongs to."""
    units: list[Surname] = []
    generation = None
    for field in fields:
        pending: list[str] = []
        units_before = len(units)
        lost = lost_letter_readings(field)
        words = _glue_prefixes(raw_tokens(field))
        for k, word in enumerate(words):
            folded = fold(word)
            if not folded:
                continue
            if folded in GENERATIONS and (units or pending):
                generation = GENERATIONS[folded]
                continue
            if folded in DEGREES and units and k == len(words) - 1:
                continue
            if folded in WIDOW and units and not pending and k + 1 < len(words) and fold(words[k + 1]) == "DE":
                continue  # "López Vda. de Hernández": a widow's married name follows
            if folded in PARTICLES:
                if folded not in ("Y", "E"):
                    pending.append(word)
                continue
            folded = SURNAME_ABBREVIATIONS.get(folded, folded) if k + 1 < len(words) else folded
            raw = " ".join(pending + [word])
            glued = "".join(fold(w) for w in pending) + folded
            # "López de Hernández": a lone "de" after a surname marks a married name, as does one before a
            # surname that has its own particle ("de Del Ángel", "de de la Cruz").
            particles = [fold(w) for w in pending]
            married = bool(units) and particles[:1] == ["DE"] and (len(particles) == 1 or particles[1] in ("DE", "DEL"))
            units.append(_surname(raw, folded, glued, bool(pending), married, lost.get(folded, ())))
            pending = []
        if pending and len(units) == units_before:
            # A field holding nothing but particles: Los, Van, De are surnames of their own.
            *particles, last = pending
            units.append(_surname(" ".join(pending), fold(last), "".join(fold(w) for w in pending), bool(particles)))
    return units, generation
