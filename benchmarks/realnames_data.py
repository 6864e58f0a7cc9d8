"""The labelled data of the real-frequency benchmark: a background of persons and the registrations checked against it.

``build(seed, background, queries)`` draws ``background`` persons in families
(one record each: the database before the check) and then ``queries`` new
registrations, each labelled with the background record of the same person
or with none:

- 55 % are the same person registered again: as another agency enters them
  (``re_entered``), with one variation, or with two or three at once;
- 45 % are someone else: new persons drawn at real frequencies (namesakes
  of common names come by themselves), and hard negatives made on purpose
  from a background person: a namesake, a namesake born the same day, a
  sibling, a twin with other given names, a parent or a child (a son named
  after his father).

A namesake born the same day is made as often as real frequencies make one:
the person's name (first given name and first surname) is held by so many
background persons, each born on that day with the chance the dates of
birth give (``same_day_namesakes``). Otherwise the same namesake is
born on a day of their own (``namesake_other_day``), where another
background person bears the two names (``other_day_namesakes``): a name
nobody else holds has no namesake born another day either, and the
registration is someone of their own name (``namesake_none``). One born the
same day is thus rare for a rare name, and not for José Hernández.

A namesake of the whole name (every given name and surname) is made as
often too: with the chance that at least one other person of a population
of the background's size bears it, 1 - exp(-(size - 1) x share), where
share is the chance a person drawn at the generator's frequencies does
(``full_name_namesakes``, ``World.name_share``). Otherwise the registration
is another person of the same origin and sex under their own name
(``namesake_none``): a Eriberto Uitzil Zúñiga has no namesake to register.
"""
from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass

from benchmarks.realnames_variants import VARIATIONS, combination, namesake, namesake_same_dob, relative, vary
from benchmarks.realnames_world import Person, World
from coordinator.deconfliction.persons import PersonRecord

POSITIVE_SHARE = 0.55
# Of the positives: the same person simply entered again, one variation, two or three at once.
# Most are entered again cleanly; the variations are what the benchmark is for, so they are not rare.
POSITIVE_MIX = (("re_entered", 0.30), ("single", 0.45), ("two at once", 0.17), ("three at once", 0.08))
NEGATIVE_MIX = (("stranger", 0.20), ("namesake", 0.08), ("namesake_same_dob", 0.03), ("sibling", 0.07),
                ("parent_child", 0.05), ("twin", 0.02))
# A namesake born the same day that real frequencies do not make is born another day;
# a namesake of a full name that nobody else bears is someone of their own name.
NEGATIVE_KINDS = tuple(kind for kind, _ in NEGATIVE_MIX) + ("namesake_other_day", "namesake_none")


@dataclass(frozen=True)
class Query:
    """A registration to check: its record, what kind it is, and the background record of the same person."""

    qid: str
    record: PersonRecord
    kind: str
    truth: int | None
    pid: int  # the person registered
    variations: tuple[str, ...] = ()


@dataclass
class Dataset:
    """The background (record id -> record, and the person behind each) and the labelled registrations."""

    records: dict[int, PersonRecord]
    persons: list[Person]
    queries: list[Query]


def background(world: World, size: int) -> tuple[dict[int, PersonRecord], list[Person]]:
    """``size`` persons in families, each recorded once."""
    persons: list[Person] = []
    while len(persons) < size:
        persons.extend(world.family())
    persons = persons[:size]
    return {i: world.record(p) for i, p in enumerate(persons)}, persons


def same_day_namesakes(holders: Counter, person: Person) -> float:
    """How many persons of ``person``'s first given name and first surname are expected to share their birthday.

    ``holders`` counts the background persons by those two names; each is
    born on the day with the chance the generator's dates of birth give.
    """
    return holders[person.given[0], person.surnames[0]] * World.born_on(person.dob)


def other_day_namesakes(holders: Counter, person: Person) -> int:
    """How many other background persons bear ``person``'s first given name and first surname."""
    return holders[person.given[0], person.surnames[0]] - 1


def full_name_namesakes(world: World, size: int, person: Person) -> float:
    """The chance that another of ``size`` persons drawn at real frequencies bears ``person``'s full name."""
    return 1.0 - math.exp(-(size - 1) * world.name_share(person))


def build(seed: int = 1, size: int = 40_000, queries: int = 4000) -> Dataset:
    """The background and ``queries`` labelled registrations, the same for the same arguments."""
    world = World(seed)
    rng = world.rng
    records, persons = background(world, size)
    holders = Counter((p.given[0], p.surnames[0]) for p in persons)
    # Its own random source, so that every other draw stays what it was before it.
    same_day = random.Random(f"{seed}:same-day")
    # Persons of their own name in the place of a namesake nobody else bears: another world, pids apart.
    aside = World(f"{seed}:full-name")
    aside.next_pid = 10 ** 9
    # And in the place of a namesake born another day that nobody else's name makes.
    aside_other_day = World(f"{seed}:other-day")
    aside_other_day.next_pid = 2 * 10 ** 9
    kinds = sorted(VARIATIONS)
    made: list[Query] = []
    while len(made) < queries:
        qid = f"Q{len(made)}"
        i = rng.randrange(size)
        person = persons[i]
        if rng.random() < POSITIVE_SHARE:
            shape = _pick(rng, POSITIVE_MIX)
            variations: tuple[str, ...] = (() if shape == "re_entered" else (rng.choice(kinds),) if shape == "single"
                                           else combination(rng, 2 if shape == "two at once" else 3))
            record = world.record(person) if not variations else vary(world, person, variations)
            for _ in range(200):  # a variation that fits few persons (a married name) is not made rarer
                if record is not None:
                    break
                i = rng.randrange(size)
                person = persons[i]
                record = vary(world, person, variations)
            if record is None:
                continue
            kind = variations[0] if shape == "single" else shape
            made.append(Query(qid, record, kind, i, person.pid, variations))
            continue
        kind = _pick(rng, NEGATIVE_MIX)
        if kind == "namesake_same_dob" and same_day.random() >= same_day_namesakes(holders, person):
            kind = "namesake_other_day"  # no holder of the name was born that day
            if other_day_namesakes(holders, person) < 1:
                # Nobody else bears the name at all: someone of their own name registers instead.
                world.record(namesake_same_dob(world, person, same_day=False))  # drawn all the same
                other = aside_other_day.person(person.origin, person.sex)
                made.append(Query(qid, aside_other_day.record(other), "namesake_none", None, other.pid))
                continue
        if kind == "namesake" and aside.rng.random() >= full_name_namesakes(world, size, person):
            kind = "namesake_none"  # nobody else bears the full name
            world.record(namesake(world, person))  # drawn and recorded all the same: the draws after are unchanged
            other = aside.person(person.origin, person.sex)
            made.append(Query(qid, aside.record(other), kind, None, other.pid))
            continue
        other = (world.person() if kind == "stranger" else namesake(world, person) if kind == "namesake"
                 else namesake_same_dob(world, person, same_day=kind == "namesake_same_dob")
                 if kind.startswith("namesake_") else relative(world, person, kind))
        made.append(Query(qid, world.record(other), kind, None, other.pid))
    return Dataset(records, persons, made)


def _pick(rng, mix: tuple[tuple[str, float], ...]) -> str:  # type: ignore[no-untyped-def]
    names, weights = zip(*mix)
    return rng.choices(names, weights)[0]
