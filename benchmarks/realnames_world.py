"""Persons drawn at the real name frequencies of Mexico and the US, in families, and how agencies record them.

The frequencies come from ``benchmarks/data/realnames.json`` (built by
``benchmarks.realnames_tables`` from Faker's census-weighted US lists and
the ranks of ``names-dataset``). A person is Mexican (two surnames), from
the US (one surname, often a middle name) or Mexican-American; dates of
birth follow the ages of the subjects of case files (mostly 18–45), so that
in a million persons some fifty share each date of birth. Families give the
relatives that real files hold: siblings with the same surnames and often
the same address, twins, a son named after his father ("Jr.").
"""
from __future__ import annotations

import json
import math
import random
import string
import unicodedata
from bisect import bisect
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from coordinator.deconfliction.persons import PersonRecord

TABLES = Path(__file__).with_name("data") / "realnames.json"

# Surnames with a particle, which the ranked lists (one word a name) leave out;
# De la Cruz ranks about 40th in Mexico.
PARTICLE_SURNAMES = ("De la Cruz", "De León", "De la Rosa", "Del Ángel", "De los Santos", "De la Torre",
                     "De Jesús", "De la Garza", "Del Río", "De la Fuente")
# The first names of Mexican compound given names: José Luis, Juan Carlos, María Guadalupe...
COMPOUND_FIRST = {"M": (("José", 0.45), ("Juan", 0.3), ("Luis", 0.1), ("Miguel", 0.1), ("Jesús", 0.05)),
                  "F": (("María", 0.75), ("Ana", 0.2), ("Rosa", 0.05))}
MARIA_DE = ("del Carmen", "de Jesús", "de los Ángeles", "de la Luz", "de Lourdes", "del Rosario", "de Guadalupe")
MX_PLACES = (("Tijuana", "BC", "22"), ("Mexicali", "BC", "21"), ("Ciudad Juárez", "CHIH", "32"),
             ("Chihuahua", "CHIH", "31"), ("Nogales", "SON", "84"), ("Hermosillo", "SON", "83"),
             ("Culiacán", "SIN", "80"), ("Monterrey", "NL", "64"), ("Nuevo Laredo", "TAMPS", "88"),
             ("Reynosa", "TAMPS", "88"), ("Guadalajara", "JAL", "44"), ("Ciudad de México", "CDMX", "06"))
US_PLACES = (("San Diego", "CA", "921"), ("Los Angeles", "CA", "900"), ("Phoenix", "AZ", "850"),
             ("Tucson", "AZ", "857"), ("El Paso", "TX", "799"), ("Houston", "TX", "770"),
             ("San Antonio", "TX", "782"), ("Laredo", "TX", "780"), ("Dallas", "TX", "752"),
             ("Chicago", "IL", "606"), ("Albuquerque", "NM", "871"), ("Denver", "CO", "802"))
MX_STREETS = ("Hidalgo", "Juárez", "Morelos", "Independencia", "Reforma", "Zaragoza", "Allende", "Madero",
              "Guerrero", "Revolución", "Obregón", "Niños Héroes", "Insurgentes", "Constitución")
# Years of birth: a normal law around BORN_MEAN, clamped to the span of living subjects.
BORN_MEAN, BORN_SPREAD, BORN_FIRST, BORN_LAST = 1988, 11, 1950, 2009
US_STREETS = ("Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lincoln", "Mesa", "Alameda", "Park",
              "Sunset", "Lake", "Hill", "Pine")


@dataclass(frozen=True)
class Person:
    """A real person: the truth behind the records."""

    pid: int
    given: tuple[str, ...]
    surnames: tuple[str, ...]  # Mexican: (paternal, maternal); US: (surname,)
    sex: str
    dob: date
    origin: str  # MX, US or MXUS
    address: tuple[str, str, str, str] | None = None  # line1, city, state, postal code
    document: tuple[str, str] | None = None
    suffix: str | None = None  # "Jr." for a son named after his father
    spouse_surname: str | None = None  # the husband's surname of a married woman


class Table:
    """Names with their shares, for draws at those shares."""

    def __init__(self, shares: dict[str, float]) -> None:
        self.names = list(shares)
        self.cumulative = list(accumulate(shares.values()))
        # By the name as records compare it: without accents, in capitals (García and Garcia are one).
        self.shares: dict[str, float] = {}
        for name, share in shares.items():
            key = strip_accents(name).upper()
            self.shares[key] = self.shares.get(key, 0.0) + share / self.cumulative[-1]

    def share(self, name: str) -> float:
        """The chance that one draw gives ``name``, spelt with or without its accents."""
        return self.shares.get(strip_accents(name).upper(), 0.0)

    def draw(self, rng: random.Random) -> str:
        """A name drawn at its frequency."""
        return self.names[min(bisect(self.cumulative, rng.random() * self.cumulative[-1]), len(self.names) - 1)]


@lru_cache(maxsize=1)
def tables() -> dict[str, dict[str, Table]]:
    """The frequency tables, per country (MX, US) and kind (M, F, surnames)."""
    data = json.loads(TABLES.read_text(encoding="utf-8"))
    return {country: {kind: Table(data[country][kind]) for kind in ("M", "F", "surnames")}
            for country in ("MX", "US")}


def strip_accents(text: str) -> str:
    """The text without its accents (Ñ becomes N), as many systems store it."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class World:
    """Draws persons and their records from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tables = tables()
        self.next_pid = 0

    # --- persons ---------------------------------------------------------------

    def _pid(self) -> int:
        self.next_pid += 1
        return self.next_pid - 1

    def surname(self, country: str) -> str:
        """A surname at its frequency; now and then one with a particle (Mexico)."""
        if country == "MX" and self.rng.random() < 0.012:
            return self.rng.choice(PARTICLE_SURNAMES)
        return self.tables[country]["surnames"].draw(self.rng)

    def given_names(self, origin: str, sex: str) -> tuple[str, ...]:
        """Given names in the style of the person's origin: a Mexican compound name, a US middle name."""
        rng = self.rng
        country = "MX" if origin == "MX" or (origin == "MXUS" and rng.random() < 0.6) else "US"
        table = self.tables[country][sex]
        first = table.draw(rng)
        if country == "US":
            second = table.draw(rng) if rng.random() < 0.6 else None
        elif rng.random() < 0.5:
            names, weights = zip(*COMPOUND_FIRST[sex])
            first = rng.choices(names, weights)[0] if rng.random() < 0.6 else first
            second = rng.choice(MARIA_DE) if first == "María" and rng.random() < 0.3 else table.draw(rng)
        else:
            second = None
        return (first, second) if second and second != first else (first,)

    def dob(self) -> date:
        """A date of birth: subjects are mostly 18 to 45, few under 16 or over 70."""
        year = int(min(BORN_LAST, max(BORN_FIRST, self.rng.gauss(BORN_MEAN, BORN_SPREAD))))
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def address(self, origin: str) -> tuple[str, str, str, str]:
        """A street address on the person's side of the border."""
        rng = self.rng
        if origin == "US" or (origin == "MXUS" and rng.random() < 0.7):
            city, state, prefix = rng.choice(US_PLACES)
            line1 = f"{rng.randint(100, 9999)} {rng.choice(US_STREETS)} {rng.choice(['St', 'Ave', 'Rd', 'Dr'])}"
            return line1, city, state, prefix + f"{rng.randint(0, 99):02d}"
        city, state, prefix = rng.choice(MX_PLACES)
        line1 = f"Calle {rng.choice(MX_STREETS)} {rng.randint(1, 2999)}"
        return line1, city, state, prefix + f"{rng.randint(0, 999):03d}"

    def document(self, origin: str) -> tuple[str, str] | None:
        """An identity document for one person in ten: case files mostly have none."""
        rng = self.rng
        if rng.random() > 0.1:
            return None
        if origin == "US" or (origin == "MXUS" and rng.random() < 0.5):
            return "ssn", f"{rng.randint(100_000_000, 899_999_999)}"
        letters = "".join(rng.choices(string.ascii_uppercase, k=4))
        digits = rng.randint(100000, 999999)
        places = "".join(rng.choices(string.ascii_uppercase, k=5))
        return "curp", f"{letters}{digits}H{places}0{rng.randint(1, 9)}"

    def person(self, origin: str | None = None, sex: str | None = None) -> Person:
        """A new person at real frequencies: Mexican, US or Mexican-American."""
        rng = self.rng
        if origin is None:
            roll = rng.random()
            origin = "MX" if roll < 0.55 else "US" if roll < 0.85 else "MXUS"
        sex = sex or rng.choice("MF")
        if origin == "US":
            surnames: tuple[str, ...] = (self.surname("US"),)
        elif origin == "MX" or rng.random() < 0.5:
            surnames = (self.surname("MX"), self.surname("MX"))
        else:
            surnames = (self.surname("MX"),)  # a US record keeps one surname
        spouse = None
        if sex == "F" and origin != "US" and rng.random() < 0.3:
            spouse = self.surname("MX")
        elif sex == "F" and origin == "US" and rng.random() < 0.5:
            spouse = self.surname("US")
        return Person(self._pid(), self.given_names(origin, sex), surnames, sex, self.dob(), origin,
                      self.address(origin) if rng.random() < 0.5 else None, self.document(origin),
                      spouse_surname=spouse)

    @staticmethod
    def born_on(dob: date) -> float:
        """The chance that a person drawn by ``dob()`` was born on ``dob``: their year's share over 365 days."""
        def below(year: float) -> float:
            return 0.5 * (1 + math.erf((year - BORN_MEAN) / (BORN_SPREAD * math.sqrt(2))))
        if not BORN_FIRST <= dob.year <= BORN_LAST:
            return 0.0
        low = 0.0 if dob.year == BORN_FIRST else below(dob.year)
        high = 1.0 if dob.year == BORN_LAST else below(dob.year + 1)
        return (high - low) / 365

    def name_share(self, person: Person) -> float:
        """The chance that a person drawn by ``person()`` bears ``person``'s full name as it is recorded.

        All the given names and the surnames (a married US woman's, her
        husband's), over the origins and sexes that can give them, under
        the same frequency tables and choices as ``person()``.
        """
        surnames = ((person.spouse_surname,) if person.origin == "US" and person.spouse_surname
                    else person.surnames)
        origins = {"MX": 0.55, "US": 0.30, "MXUS": 0.15}
        total = 0.0
        for origin, share in origins.items():
            if len(surnames) == 2:
                ways = 0.0 if origin == "US" else (1.0 if origin == "MX" else 0.5) * math.prod(
                    self._surname_share("MX", s) for s in surnames)
            else:
                ways = (self._surname_share("US", surnames[0]) if origin == "US" else 0.0 if origin == "MX"
                        else 0.5 * self._surname_share("MX", surnames[0]))
            if ways:
                total += share * ways * sum(0.5 * self._given_share(origin, sex, person.given) for sex in "MF")
        return total

    def _surname_share(self, country: str, name: str) -> float:
        particle = 0.012 / len(PARTICLE_SURNAMES) if country == "MX" and name in PARTICLE_SURNAMES else 0.0
        return (0.988 if country == "MX" else 1.0) * self.tables[country]["surnames"].share(name) + particle

    def _given_share(self, origin: str, sex: str, given: tuple[str, ...]) -> float:
        """The chance that ``given_names(origin, sex)`` gives ``given``."""
        if origin == "MXUS":
            return 0.6 * self._given_share("MX", sex, given) + 0.4 * self._given_share("US", sex, given)
        table = self.tables[origin][sex]
        first = given[0]
        if origin == "US":
            if len(given) == 1:
                return table.share(first) * (0.4 + 0.6 * table.share(first))
            return table.share(first) * 0.6 * table.share(given[1])
        compounds = {strip_accents(name): share for name, share in COMPOUND_FIRST[sex]}
        compound_first = 0.6 * compounds.get(strip_accents(first), 0.0) + 0.4 * table.share(first)
        if len(given) == 1:  # one name, or a compound whose second draw repeated the first
            return 0.5 * table.share(first) + 0.5 * compound_first * table.share(first)
        second = given[1]
        if strip_accents(first) == "Maria":
            second_share = 0.3 * (second in MARIA_DE) / len(MARIA_DE) + 0.7 * table.share(second)
        else:
            second_share = table.share(second)
        return 0.5 * compound_first * second_share

    # --- relatives ---------------------------------------------------------------

    def sibling(self, person: Person, twin: bool = False) -> Person:
        """A brother or sister: the same surnames, other given names, often the same address."""
        rng = self.rng
        sex = rng.choice("MF")
        given = self.given_names(person.origin, sex)
        while given[0] == person.given[0]:
            given = self.given_names(person.origin, sex)
        if twin:
            dob = person.dob
        else:
            dob = _shift(person.dob, rng.choice((-1, 1)) * rng.randint(1, 14), rng)
        if rng.random() < 0.6:
            address = person.address
        else:
            address = self.address(person.origin) if rng.random() < 0.5 else None
        return Person(self._pid(), given, person.surnames, sex, dob, person.origin, address,
                      self.document(person.origin))

    def child(self, parent: Person, named_after: bool) -> Person:
        """A son or daughter; a son named after his father is "Jr." in the US and "hijo" in Mexico."""
        rng = self.rng
        sex = "M" if named_after else rng.choice("MF")
        if len(parent.surnames) == 2:
            # A child takes the father's first surname and the mother's first surname.
            surnames = ((parent.surnames[0], self.surname("MX")) if parent.sex == "M"
                        else (self.surname("MX"), parent.surnames[0]))
        else:
            surnames = parent.surnames if parent.sex == "M" else (parent.spouse_surname or self.surname("US"),)
        given = parent.given if named_after and parent.sex == "M" else self.given_names(parent.origin, sex)
        dob = _shift(parent.dob, rng.randint(18, 42), rng)
        address = parent.address if rng.random() < 0.5 else None
        suffix = "Jr." if named_after and parent.origin != "MX" else None
        return Person(self._pid(), given, surnames, sex, dob, parent.origin, address,
                      self.document(parent.origin), suffix=suffix)

    def parent(self, child: Person, named_after: bool) -> Person:
        """A father or mother; a father whose son carries his name."""
        rng = self.rng
        sex = "M" if named_after or rng.random() < 0.6 else "F"
        if len(child.surnames) == 2:
            surnames = ((child.surnames[0], self.surname("MX")) if sex == "M"
                        else (child.surnames[1], self.surname("MX")))
        else:
            surnames = child.surnames if sex == "M" else (self.surname("US"),)
        given = child.given if named_after else self.given_names(child.origin, sex)
        dob = _shift(child.dob, -rng.randint(18, 42), rng)
        address = child.address if rng.random() < 0.5 else None
        suffix = "Sr." if named_after and child.origin != "MX" and rng.random() < 0.3 else None
        return Person(self._pid(), given, surnames, sex, dob, child.origin, address,
                      self.document(child.origin), suffix=suffix)

    def family(self) -> list[Person]:
        """One person, or a family: siblings (now and then twins), a parent and a son of the same name."""
        rng = self.rng
        head = self.person()
        members = [head]
        roll = rng.random()
        if roll < 0.12:
            members.append(self.sibling(head, twin=rng.random() < 0.08))
            if rng.random() < 0.3:
                members.append(self.sibling(head))
        elif roll < 0.18 and head.sex == "M":
            members.append(self.child(head, named_after=rng.random() < 0.5) if head.dob.year < 1985
                           else self.parent(head, named_after=rng.random() < 0.5))
        return members

    # --- records -------------------------------------------------------------------

    def record(self, person: Person) -> PersonRecord:
        """The person as an agency records them, with that agency's habits of entry."""
        rng = self.rng
        given, surnames = list(person.given), list(person.surnames)
        if person.origin == "US" and len(given) > 1 and rng.random() < 0.5:
            middle: str | None = given[1][0] if rng.random() < 0.6 else given[1]
            first = given[0]
        elif len(given) > 1 and rng.random() < 0.35:
            first, middle = given[0], given[1]
        elif len(given) > 1 and person.origin == "US" and rng.random() < 0.5:
            first, middle = given[0], None
        else:
            first, middle = " ".join(given), None
        last = surnames[0]
        second = surnames[1] if len(surnames) > 1 else None
        if person.origin == "US" and person.spouse_surname:
            last = person.spouse_surname  # in the US a married woman goes by her husband's name
        if person.suffix and rng.random() < 0.8:
            last = f"{last} {person.suffix}"
        line1 = city = state = postal = None
        if person.address and rng.random() < 0.6:
            line1, city, state, postal = person.address
        documents = (person.document,) if person.document and rng.random() < 0.4 else ()
        record = PersonRecord(
            first_name=first, middle_name=middle, last_name=last, second_last_name=second,
            dob=person.dob if rng.random() > 0.04 else None, sex=person.sex if rng.random() < 0.9 else None,
            nationality={"MX": "MX", "US": "US", "MXUS": "US"}[person.origin] if rng.random() < 0.6 else None,
            documents=documents, line1=line1, city=city, state=state, postal_code=postal)
        if rng.random() < 0.45:  # many systems store names without accents, some in capitals
            record = _map_names(record, strip_accents)
        if rng.random() < 0.3:
            record = _map_names(record, str.upper)
        return record


def _map_names(record: PersonRecord, change) -> PersonRecord:  # type: ignore[no-untyped-def]
    return replace(record, **{f: change(getattr(record, f)) for f in
                              ("first_name", "middle_name", "last_name", "second_last_name")
                              if getattr(record, f)})


def _shift(dob: date, years: int, rng: random.Random) -> date:
    year = min(2010, max(1925, dob.year + years))
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))
