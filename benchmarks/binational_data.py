"""A labelled generator of US and Mexican person records and the variants case systems show.

Deterministic for a seed. Base persons are Mexican (two surnames), US (one)
or Mexican-American (both, sometimes hyphenated); names are drawn with
skewed frequencies so that common combinations recur, as they do in real
files. Each positive is a base person recorded again with one kind of
variation; each negative is a different person who looks like a base
person: a namesake, a sibling, a parent or child of the same name.
"""
from __future__ import annotations

import random
import string
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import accumulate

from benchmarks.binational_names import (
    ENGLISH_FORMS, MX_COMPOUND_FEMALE, MX_COMPOUND_MALE, MX_FEMALE, MX_MALE, MX_PARTICLE_SURNAMES, MX_PLACES,
    MX_STREETS, MX_SURNAMES, NICKNAMES, US_FEMALE, US_MALE, US_PLACES, US_STREETS, US_SURNAMES,
)
from benchmarks.binational_spelling import spelling, strip_accents, typo
from coordinator.deconfliction.persons import PersonRecord

SPANISH_WORDS = frozenset(MX_MALE + MX_FEMALE + MX_SURNAMES + [w for n in MX_COMPOUND_MALE + MX_COMPOUND_FEMALE
                                                               for w in n.split()])

POSITIVE_KINDS = (
    "accents_dropped", "one_surname", "maternal_only", "swapped_surnames", "paternal_as_middle", "hyphenated",
    "nickname", "english_form", "second_given_dropped", "spelling_b_v", "spelling_s_z", "spelling_ll_y",
    "spelling_x_j", "spelling_silent_h", "particle", "dob_day_month_swapped", "dob_year_off", "typo", "combined",
)
NEGATIVE_KINDS = ("namesake", "sibling", "parent_child")


@dataclass
class Person:
    """A real person of the generated world."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]
    sex: str
    dob: date
    origin: str  # MX, US or MXUS
    documents: tuple[tuple[str, str], ...]
    address: tuple[str, str, str, str] | None


def _zipf(items: list[str], exponent: float) -> tuple[list[str], list[float]]:
    weights = [1.0 / (rank + 1) ** exponent for rank in range(len(items))]
    return items, list(accumulate(weights))


class World:
    """Draws persons, records and variants from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.mx_surnames = _zipf(MX_SURNAMES, 0.7)
        self.us_surnames = _zipf(US_SURNAMES, 0.7)
        self.names = {
            ("MX", "M"): _zipf(MX_MALE, 0.8), ("MX", "F"): _zipf(MX_FEMALE, 0.8),
            ("US", "M"): _zipf(US_MALE, 0.8), ("US", "F"): _zipf(US_FEMALE, 0.8),
        }

    def pick(self, table: tuple[list[str], list[float]]) -> str:
        """A name drawn with its frequency."""
        items, cumulative = table
        return self.rng.choices(items, cum_weights=cumulative)[0]

    def mx_surname(self) -> str:
        """A Mexican surname; now and then one with a particle."""
        if self.rng.random() < 0.04:
            return self.rng.choice(MX_PARTICLE_SURNAMES)
        return self.pick(self.mx_surnames)

    def given_names(self, origin: str, sex: str) -> tuple[str, ...]:
        """One or two given names in the style of the person's origin."""
        rng = self.rng
        if origin == "US":
            first = self.pick(self.names[("US", sex)])
            second = self.pick(self.names[("US", sex)]) if rng.random() < 0.4 else None
            return (first, second) if second and second != first else (first,)
        table = self.names[("MX" if origin == "MX" or rng.random() < 0.6 else "US", sex)]
        if rng.random() < 0.3:
            return tuple(rng.choice(MX_COMPOUND_MALE if sex == "M" else MX_COMPOUND_FEMALE).split(" ", 1))
        return (self.pick(table),)

    def dob(self) -> date:
        """A date of birth between 1950 and 2005; unknown days are often typed as 1 January."""
        if self.rng.random() < 0.02:
            return date(self.rng.randint(1950, 2005), 1, 1)
        return date(1950, 1, 1) + timedelta(days=self.rng.randint(0, 20088))

    def documents(self, origin: str) -> tuple[tuple[str, str], ...]:
        """Identity documents of the kinds each country issues."""
        rng, docs = self.rng, []
        digits = string.digits
        if origin in ("MX", "MXUS") and rng.random() < 0.5:
            docs.append(("curp", "".join(rng.choices(string.ascii_uppercase, k=4)) + "".join(rng.choices(digits, k=6))
                         + "".join(rng.choices(string.ascii_uppercase, k=6)) + "".join(rng.choices(digits, k=2))))
        if origin in ("US", "MXUS") and rng.random() < 0.4:
            docs.append(("ssn", "".join(rng.choices(digits, k=9))))
        if rng.random() < 0.3:
            docs.append(("passport", rng.choice("GN") + "".join(rng.choices(digits, k=8))))
        return tuple(docs)

    def address(self, origin: str) -> tuple[str, str, str, str] | None:
        """A street address on the country's side of the border, for four records in ten."""
        rng = self.rng
        if rng.random() > 0.4:
            return None
        if origin == "US" or (origin == "MXUS" and rng.random() < 0.7):
            city, state, postal = rng.choice(US_PLACES)
            line1 = f"{rng.randint(1, 9999)} {rng.choice(US_STREETS)} {rng.choice(['St', 'Ave', 'Rd', 'Dr'])}"
        else:
            city, state, postal = rng.choice(MX_PLACES)
            line1 = f"Calle {rng.choice(MX_STREETS)} {rng.randint(1, 2999)}"
        return line1, city, state, postal[:-2] + f"{rng.randint(0, 99):02d}"

    def person(self) -> Person:
        """A new person: Mexican, US or Mexican-American."""
        rng = self.rng
        roll = rng.random()
        origin = "MX" if roll < 0.55 else "US" if roll < 0.85 else "MXUS"
        sex = rng.choice("MF")
        if origin == "US":
            surnames: tuple[str, ...] = (self.pick(self.us_surnames),)
        elif origin == "MX":
            surnames = (self.mx_surname(), self.mx_surname())
        else:
            surnames = (self.mx_surname(), self.pick(self.us_surnames)) if rng.random() < 0.3 else (
                self.mx_surname(), self.mx_surname())
        return Person(self.given_names(origin, sex), surnames, sex, self.dob(), origin,
                      self.documents(origin), self.address(origin))

    def record(self, person: Person, doc_rate: float = 0.5) -> PersonRecord:
        """The person as an agency records it, in the usual field layout."""
        rng = self.rng
        given = person.given
        first, middle = (" ".join(given), None) if len(given) > 1 and rng.random() < 0.5 else (
            given[0], given[1] if len(given) > 1 else None)
        last = person.surnames[0]
        second = person.surnames[1] if len(person.surnames) > 1 else None
        if second and person.origin == "MXUS" and rng.random() < 0.4:
            last, second = f"{last}-{second}", None
        elif second and rng.random() < 0.25:
            last, second = f"{last} {second}", None
        docs = tuple(d for d in person.documents if rng.random() < doc_rate)
        line1 = city = state = postal = None
        if person.address and rng.random() < 0.6:
            line1, city, state, postal = person.address
        nationality = {"MX": "MX", "US": "US", "MXUS": rng.choice(["MX", "US"])}[person.origin]
        return PersonRecord(first_name=first, middle_name=middle, last_name=last, second_last_name=second,
                            dob=person.dob, sex=person.sex, nationality=nationality if rng.random() < 0.8 else None,
                            documents=docs, line1=line1, city=city, state=state, postal_code=postal)


def name_variant(world: World, person: Person, kind: str) -> Person | None:
    """The person with a name varied the way ``kind`` says, or None if it does not apply."""
    rng = world.rng
    given, surnames = list(person.given), list(person.surnames)
    if kind == "accents_dropped":
        if all(strip_accents(n) == n for n in given + surnames):
            return None
        return replace(person, given=tuple(map(strip_accents, given)), surnames=tuple(map(strip_accents, surnames)))
    if kind == "nickname":
        for index, name in enumerate(given):
            forms = NICKNAMES.get(name) or (NICKNAMES.get(name + "_US") if person.origin == "US" else None)
            if forms:
                return replace(person, given=(rng.choice(forms.split()),))
        return None
    if kind == "english_form":
        if given[0] in ENGLISH_FORMS:
            return replace(person, given=(ENGLISH_FORMS[given[0]],))
        return None
    if kind == "second_given_dropped":
        if len(given) < 2:
            return None
        keep = given[1] if given[0] in ("María", "José", "Ana", "Juan") and rng.random() < 0.4 else given[0]
        return replace(person, given=(keep,))
    if kind.startswith("spelling_"):
        slots = [("g", i) for i in range(len(given))] + [("s", i) for i in range(len(surnames))]
        for slot, i in rng.sample(slots, len(slots)):
            target = given if slot == "g" else surnames
            if " " in target[i] or target[i] not in SPANISH_WORDS:
                continue
            new = spelling(rng, target[i], kind)
            if new and new != target[i]:
                target[i] = new
                return replace(person, given=tuple(given), surnames=tuple(surnames))
        return None
    if kind == "particle":
        for i, surname in enumerate(surnames):
            if surname.lower().startswith("de"):
                words = surname.split()
                if len(words) < 2:
                    continue
                form = rng.choice(("drop", "glue", "title"))
                surnames[i] = (words[-1] if form == "drop" else "".join(words).capitalize() if form == "glue"
                               else " ".join(w.capitalize() for w in words))
                return replace(person, surnames=tuple(surnames))
        return None
    if kind == "typo":
        slots = [("g", 0)] + [("s", i) for i in range(len(surnames))]
        slot, i = rng.choice(slots)
        target = given if slot == "g" else surnames
        if len(target[i]) < 4 or " " in target[i]:
            return None
        target[i] = typo(rng, target[i])
        return replace(person, given=tuple(given), surnames=tuple(surnames))
    return None


def dob_variant(world: World, person: Person, kind: str) -> Person | None:
    """The person with the date of birth mistyped the way ``kind`` says."""
    dob = person.dob
    if kind == "dob_day_month_swapped":
        if dob.day > 12 or dob.day == dob.month:
            return None
        return replace(person, dob=date(dob.year, dob.day, dob.month))
    if kind == "dob_year_off":
        try:
            return replace(person, dob=dob.replace(year=dob.year + world.rng.choice((-1, 1))))
        except ValueError:
            return None
    return None


LAYOUT_KINDS = ("one_surname", "maternal_only", "swapped_surnames", "paternal_as_middle", "hyphenated")


def layout_variant(world: World, person: Person, kind: str, doc_rate: float) -> PersonRecord | None:
    """The person recorded with the surnames laid out the way ``kind`` says."""
    if len(person.surnames) < 2:
        return None
    record = world.record(person, doc_rate)
    paternal, maternal = person.surnames
    given = person.given
    if kind == "one_surname":
        return replace(record, last_name=paternal, second_last_name=None)
    if kind == "maternal_only":
        return replace(record, last_name=maternal, second_last_name=None)
    if kind == "swapped_surnames":
        return replace(record, last_name=maternal, second_last_name=paternal)
    if kind == "paternal_as_middle":
        return replace(record, first_name=given[0], middle_name=paternal, last_name=maternal, second_last_name=None)
    if kind == "hyphenated":
        return replace(record, last_name=f"{paternal}-{maternal}", second_last_name=None)
    raise ValueError(kind)


def positive(world: World, person: Person, kind: str, doc_rate: float = 0.3) -> PersonRecord | None:
    """A new record of the same person, varied the way ``kind`` says; None if it does not apply."""
    if kind in LAYOUT_KINDS:
        return layout_variant(world, person, kind, doc_rate)
    if kind.startswith("dob_"):
        varied = dob_variant(world, person, kind)
    elif kind == "combined":
        # Two variations at once, but never two errors in the one date of birth.
        choices = [k for k in POSITIVE_KINDS if k not in ("combined",) + LAYOUT_KINDS]
        first, second = world.rng.sample(choices, 2)
        while first.startswith("dob_") and second.startswith("dob_"):
            first, second = world.rng.sample(choices, 2)
        varied = _apply(world, person, first)
        varied = _apply(world, varied, second) if varied else None
    else:
        varied = name_variant(world, person, kind)
    return world.record(varied, doc_rate) if varied else None


def _apply(world: World, person: Person, kind: str) -> Person | None:
    return dob_variant(world, person, kind) if kind.startswith("dob_") else name_variant(world, person, kind)


def negative(world: World, person: Person, kind: str) -> PersonRecord:
    """A different person who looks like ``person``: a namesake or a relative."""
    rng = world.rng
    other = world.person()
    if kind == "namesake":
        dob = world.dob()
        while dob == person.dob:
            dob = world.dob()
        twin = replace(person, dob=dob, documents=other.documents, address=other.address)
        return world.record(twin)
    if kind == "sibling":
        origin = "US" if person.origin == "US" else "MX"
        given = world.given_names(origin, rng.choice("MF"))
        while given == person.given or (given[0] == person.given[0] and (len(given) == 1 or len(person.given) == 1)):
            given = world.given_names(origin, rng.choice("MF"))
        years = rng.choice((-1, 1)) * rng.randint(1, 12)
        dob = _shift(person.dob, years, rng)
        sibling = replace(person, given=given, sex=rng.choice("MF"), dob=dob, documents=other.documents,
                          address=person.address if rng.random() < 0.5 else other.address)
        return world.record(sibling)
    if kind == "parent_child":
        older = rng.random() < 0.5 or person.dob.year > 1985
        years = rng.randint(18, 40) * (-1 if older else 1)
        surnames = person.surnames
        if len(surnames) == 2:
            # Spanish naming: a child takes the father's first surname and the
            # mother's first surname, so only one surname passes down.
            if person.sex == "M":
                surnames = (surnames[0], world.mx_surname())
            else:
                surnames = (surnames[1], world.mx_surname()) if older else (world.mx_surname(), surnames[0])
        relative = replace(person, surnames=surnames, dob=_shift(person.dob, years, rng), documents=other.documents,
                           address=person.address if rng.random() < 0.5 else other.address)
        record = world.record(relative)
        if not older and person.sex == "M" and rng.random() < 0.5:
            if record.second_last_name:
                record = replace(record, second_last_name=f"{record.second_last_name} Jr.")
            else:
                record = replace(record, last_name=f"{record.last_name} Jr.")
        return record
    raise ValueError(kind)


def _shift(dob: date, years: int, rng: random.Random) -> date:
    year = min(2010, max(1920, dob.year + years))
    return date(year, rng.randint(1, 12), rng.randint(1, 28))


@dataclass
class Dataset:
    """Indexed records, queries with the kind of each and the id each should link to."""

    records: dict[str, PersonRecord]
    queries: list[tuple[str, PersonRecord, str, str | None]]


def build(seed: int = 1, size: int = 5000, per_kind: int | None = None) -> Dataset:
    """Generate ``size`` base persons (plus relatives) to index and labelled queries against them."""
    world = World(seed)
    rng = world.rng
    persons = [world.person() for _ in range(size)]
    records: dict[str, PersonRecord] = {}
    with_relatives: set[int] = set()
    for i, person in enumerate(persons):
        records[f"L{i}"] = world.record(person)
        # Relatives in the indexed file, so a true variant must pick the right one.
        if rng.random() < 0.1:
            records[f"L{i}-sib"] = negative(world, person, "sibling")
            with_relatives.add(i)
        if rng.random() < 0.05:
            records[f"L{i}-rel"] = negative(world, person, "parent_child")
            with_relatives.add(i)
    # Negatives are relatives of persons whose relatives are not indexed, so
    # that a query never stands for one of them (a second father, a sibling
    # of the same name) without being labelled so.
    without_relatives = [i for i in range(size) if i not in with_relatives]
    per_kind = per_kind or max(20, size // 20)
    queries: list[tuple[str, PersonRecord, str, str | None]] = []
    for kind in POSITIVE_KINDS:
        made, tries = 0, 0
        while made < per_kind and tries < per_kind * 200:
            tries += 1
            i = rng.randrange(size)
            record = positive(world, persons[i], kind)
            if record is not None:
                queries.append((f"Q-{kind}-{made}", record, kind, f"L{i}"))
                made += 1
    for kind in NEGATIVE_KINDS:
        for n in range(per_kind):
            i = rng.choice(without_relatives)
            queries.append((f"Q-{kind}-{n}", negative(world, persons[i], kind), kind, None))
    for n in range(per_kind):
        queries.append((f"Q-stranger-{n}", world.record(world.person()), "stranger", None))
    return Dataset(records, queries)
