"""Person records: blocking keys and the pairwise score, a probability.

A person registered by one agency is compared with the persons other
agencies registered before. ``person_keys`` gives the keys under which a
record is indexed; a check reads the records that share any key and scores
each with ``compare_persons``.

The score is a Fellegi-Sunter model. Each field adds its evidence in bits,
log2(m/u): how much likelier the observed agreement is for one person (m)
than for two (u). Agreement on a name or a date of birth weighs by how
common it is (``frequencies``): u is the share of person records carrying
it. The prior odds that a candidate is the same person are taken over the
population, one expected record of the person for ``PRIOR_MATCHES``
times ``population`` records, so the same evidence means less in a large
database. The posterior is the probability the score states; ``match`` and
``possible`` are thresholds on it. A few rules, for what an independence
model cannot see (relatives share names, addresses and surnames together),
keep a name alone, twins, siblings and a parent and child from ever being a
confident match, and weak evidence from raising an alert at all.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from typing import Any, Iterable, Mapping

from coordinator.deconfliction.dates import read_date
from coordinator.deconfliction.droppedletters import completed_fields, in_viewers_words, read_back_dropped_letters
from coordinator.deconfliction.frequencies import PRIOR, Frequencies, is_placeholder
from coordinator.deconfliction.namematch import DROPPED_FIRST_NAMES, W_SURNAME_DIFFER, NameVerdict, compare_names
from coordinator.deconfliction.names import GivenName, Surname, phonetic, split_run_together
from coordinator.deconfliction.namesex import sex_by_name
from coordinator.deconfliction.personfields import (
    OLDEST_PLAUSIBLE_YEAR, PARENT_YEARS, PreparedPerson, compare_address, compare_documents, compare_dob,
    dob_and_sex_with_curp, dob_state,
)
from coordinator.deconfliction.reasons import N_, MatchResult, Reason

# Thresholds on the probability that two records are one person.
MATCH_PROBABILITY = 0.99
POSSIBLE_PROBABILITY = 0.5
# A pair the rules hold back from "match" states this probability.
CAPPED_PROBABILITY = 0.95
# How many records of one person another agency is expected to hold: the
# prior odds of a candidate are this over the population.
PRIOR_MATCHES = 0.5
# Names alone overstate their evidence: they run in families and regions,
# which the frequencies of single names do not show. Without a date of
# birth, an address or a document agreeing, the names' bits are reduced by this.
NAMES_ALONE_DISCOUNT = 4.0
# Less when the whole name agrees, the given name with the surnames: what
# runs in families is the surnames, and a brother's given name is another.
# A rare full name then says by itself what its frequencies say (a
# Eriberto Uitzil Zúñiga), a common one (José Hernández García) stays below
# "possible" in a large database.
FULL_NAME_ALONE_DISCOUNT = 2.0
# Less still when the whole name of three parts or more (a given name and two
# surnames, two given names and a surname) is written alike on both records,
# part for part: a namesake of every part of a longer name is rarer than its
# parts' frequencies tell apart from a relative's, and the relatives the
# discount is for differ in one of the parts. A name of two parts (Sharon
# Hill) is what namesakes share, and keeps the full discount.
EXACT_NAME_ALONE_DISCOUNT = 1.0
# How names may agree only once read otherwise than they are written: with
# the fields exchanged, the surnames in the other order, a surname found in
# the given-name field, a married name set aside.
_READ_OTHERWISE = frozenset({"name_fields_swapped", "surnames_swapped", "surname_as_middle", "married_name"})
# How names may agree that is not "written alike".
_SPELT_OTHERWISE = _READ_OTHERWISE | {"sounds_alike", "typo", "particle", "surname_spacing", "one_surname",
                                       "surname_shorthand"}
_FULL_NAME_KINDS = frozenset({"exact", "nickname", "equivalent", "sound", "typo", "nickname_typo", "joined"})
# Every surname differing is strong evidence of two people (log2 m/u with
# m about 1 in 128: a surname dropped and replaced), but not for a woman, who
# may be recorded under a married or a maiden name: m about 1 in 12.
W_SURNAMES_DIFFER_WOMAN = -3.6
# "Jr." (or Sr., II) on one record, the other silent: a father and a son of
# one name exist, but agencies leave the marker out often (one record of a
# Jr. in three or so), so the silent record is as likely the same person.
# Two markers that differ are two persons (-10).
W_GENERATION_ONE_SIDE = -1.5
_MAX_KEY = 190
_STRONG_GIVEN = frozenset({"exact"})
# How the given names of a woman under another surname may agree.
_MARRIED_GIVEN = _STRONG_GIVEN | {"nickname", "equivalent", "sound"}


def _clean(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def parse_dob(value: Any) -> date | None:
    """Read a date of birth from a date, a datetime or a string as systems write one (``dates.read_date``); None if
    it is not one."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = str(value).strip()
    if len(text) == 10 and text[4] == text[7] == "-" and text[:4].isdigit():  # as stored: the quick way
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return read_date(text)


@dataclass(frozen=True)
class PersonRecord:
    """What one agency recorded about one person, as plain values."""

    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    second_last_name: str | None = None
    aliases: tuple[str, ...] = ()
    dob: date | None = None
    sex: str | None = None
    nationality: str | None = None
    documents: tuple[tuple[str, str], ...] = ()
    line1: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> PersonRecord:
        """Build a record from the API's field names; unknown fields are ignored."""
        aliases = fields.get("aliases") or ()
        if isinstance(aliases, str):
            aliases = (aliases,)
        documents = []
        for doc in fields.get("documents") or ():
            kind, number = (doc.get("kind"), doc.get("number")) if isinstance(doc, Mapping) else doc
            if _clean(kind) and _clean(number):
                documents.append((str(kind).strip().lower(), str(number).strip()))
        sex = (_clean(fields.get("sex")) or "").upper()
        nationality = (_clean(fields.get("nationality")) or "").upper()
        return cls(
            first_name=_clean(fields.get("first_name")),
            middle_name=_clean(fields.get("middle_name")),
            last_name=_clean(fields.get("last_name")),
            second_last_name=_clean(fields.get("second_last_name")),
            aliases=tuple(a for a in (_clean(x) for x in aliases) if a),
            dob=parse_dob(fields.get("dob")),
            sex=sex if sex in ("M", "F", "X") else None,
            nationality=nationality if len(nationality) == 2 else None,
            documents=tuple(documents),
            line1=_clean(fields.get("address_line1") or fields.get("line1")),
            city=_clean(fields.get("city")),
            state=_clean(fields.get("state")),
            postal_code=_clean(fields.get("postal_code")),
        )

    @cached_property
    def known(self) -> tuple[date | None, str | None, bool]:
        """The date of birth and sex the matcher reads (the CURP's where the record lacks them), and whether the
        date is the CURP's (``personfields.dob_and_sex_with_curp``)."""
        return dob_and_sex_with_curp(parse_dob(self.dob), self.sex, self.documents)

    @cached_property
    def _prepared(self) -> PreparedPerson:
        return PreparedPerson(self)


# --- keys ----------------------------------------------------------------------

def _given_codes(given: list[GivenName], limit: int = 2) -> list[str]:
    """Sound codes of the first given names (initials passed over), a nickname standing for its formal name.

    A nickname keeps its own sound too: the same nickname mistyped (Khrissy
    for Chrissy) is no form in the table and has only its own.
    """
    codes: list[str] = []
    for name in [g for g in given if not g.is_initial][:limit]:
        own = [name.folded] if name.folded not in name.roots else []  # a name in no table is its own too
        for formal in sorted(name.classes) + own:
            code = phonetic(formal)[0]
            if code not in codes:
                codes.append(code)
    return codes


def _surname_codes(surnames: list[Surname]) -> list[str]:
    codes: list[str] = []
    for unit in surnames[:3]:
        for code in unit.codes():
            if code not in codes:
                codes.append(code)
    return codes


def person_keys(p: PersonRecord) -> list[str]:
    """Blocking keys of a person record: a record sharing none of them is never compared.

    A record whose names an export stripped of their accented letters is keyed as the names they make put back
    as well (``droppedletters``).
    """
    keys = _keys_of(p)
    prep = p._prepared
    if prep.names_ascii:
        read = completed_fields({"first_name": p.first_name, "middle_name": p.middle_name,
                                 "last_name": p.last_name, "second_last_name": p.second_last_name},
                                {w.folded for w in prep.given + prep.surnames})
        if read:
            own = set(keys)
            keys += [k for k in _keys_of(replace(p, **read)) if k not in own]
    return keys


def _keys_of(p: PersonRecord) -> list[str]:
    prep = p._prepared
    keys: list[str] = [f"pd:{number}" for _, number in prep.documents]
    for _, number in prep.documents:
        # The number with each character left out in turn: numbers one typing
        # error apart (a character changed, dropped or two swapped) share one.
        keys += [f"pdd:{number[:i]}{number[i + 1:]}" for i in range(len(number))]
    given = _given_codes(prep.given)
    for alias_given, _, _ in prep.alternatives:
        given += [c for c in _given_codes(alias_given, 1) if c not in given]
    units = split_run_together(prep.surnames)
    surnames = _surname_codes(units)
    main_surnames = sorted({u.code for u in units[:3]})
    main_surnames_ordered = list(dict.fromkeys(u.code for u in units[:3]))
    first_given = _given_codes(prep.given, 1)
    first_given_as_written = list(dict.fromkeys(first_given + [g.code for g in prep.given[:1] if not g.is_initial]))
    # Given names and surnames share one name space in the date keys, so a
    # record with the two typed into each other's fields keeps its keys.
    name_codes = list(dict.fromkeys(given + surnames))
    initials_pair = "".join(sorted(prep.given[0].folded[:1] + units[0].folded[:1])) if prep.given and units else ""
    for dob in _dates_to_index(prep.dob):
        year, month, day = dob.year, dob.month, dob.day
        # Day and month sorted: a date typed with the two swapped keeps its keys.
        day_month = f"{min(month, day):02d}{max(month, day):02d}"
        # Two overlapping two-year windows: years one apart always share one.
        for window in (f"a{year // 2}", f"b{(year + 1) // 2}"):
            keys += [f"pb:{window}{day_month}:{code}" for code in name_codes]
            if len(main_surnames) >= 2:
                keys.append(f"pss:{window}:{main_surnames[0]}:{main_surnames[1]}")
        # Given name, all the surnames and the year: a date mistyped in its
        # day or month. All the surnames, because one alone is too common.
        if main_surnames:
            keys += [f"pgs:{year}:{g}:{'+'.join(main_surnames)}" for g in given]
        # The first given name, one of the first two surnames and the year: a
        # date entered as 1 January or the 1st of a month when only the year
        # or the month was known, with a surname dropped.
        # The two in either order: the given name and the surname typed into each other's fields as well. The given
        # name also as it sounds written, as a surname field reads it: a given name reads Robert as Roberto, the
        # formal name of its class.
        keys += [f"py:{year}:{min(g, s)}:{max(g, s)}" for g in first_given_as_written
                 for s in main_surnames_ordered[:2]]
        if initials_pair:
            # The initials of the first given name and the first surname, in either order, with the date: both
            # names mistyped past their sound (Mallorie Morridon for Mallory Morrison), or the fields exchanged,
            # the date entered right. Few share a birthday and two initials.
            keys += [f"pbi:{window}{day_month}:{initials_pair}" for window in (f"a{year // 2}", f"b{(year + 1) // 2}")]
            # One name with the other's initial and the year: one of the two names mistyped past its sound or
            # given as an initial, and the day or the month mistyped too (Rciardo Thompkins born the 23rd for
            # Ricardo born the 13th; T. Lubin for Tanisha).
            keys += [f"pyg:{year}:{g}:{units[0].folded[:1]}" for g in first_given[:1]]
            keys.append(f"pys:{year}:{prep.given[0].folded[:1]}:{units[0].code}")
            if dob.day != 1 and not is_placeholder(dob):
                # The initial with each surname, the day and the month: the given name mistyped past its sound and
                # a digit of the year wrong (Rboert Goins born 1970 for Robert, born 1979). Not for a date that
                # may stand for an unknown one: everyone entered so shares its day and month.
                keys += [f"pim:{day_month}:{prep.given[0].folded[:1]}:{code}" for code in main_surnames_ordered[:2]]
                # And the other way round, the first given name with the surname's initial: the surname mistyped
                # past its sound and the year too (Russell Sith born 2000 for Russell Smith, born 2005).
                keys += [f"pgm:{day_month}:{g}:{units[0].folded[:1]}" for g in first_given[:1]]
        # Day, month and the year's last digit with each name: the tens digit
        # (or the century) of the year mistyped, with a name entered otherwise.
        keys += [f"pyd:{year % 10}{day_month}:{code}" for code in name_codes]
        if prep.postal:
            keys.append(f"pzb:{prep.postal}:{dob.isoformat().replace('-', '')}")
    if main_surnames:
        keys += [f"pn:{g}:{'+'.join(main_surnames)}" for g in first_given]
    own_units = [u for u in units if not u.married][:2]
    if len(own_units) == 2:
        # The two surnames as one word: typed without the space between them
        # ("Gilguerrero"), as a record with that lone surname is indexed.
        keys += [f"pn:{g}:{phonetic(own_units[0].folded + own_units[1].folded)[0]}" for g in first_given]
    # Two names without the date, in either order: no date of birth on one
    # side with another part of the name entered otherwise (a nickname, a
    # dropped or married surname, the fields exchanged). A common pair holds
    # more records than a key is read for, and finds nothing by itself.
    # Every given name counts, the second too (an initial before it: "A. Drew"
    # for Anthony Drew).
    written = [g for g in prep.given if not g.is_initial][:2]
    own_given = list(dict.fromkeys(given + [phonetic(g.folded)[0] for g in written]))
    pairs = [(g, s) for g in own_given for s in main_surnames_ordered[:2]]
    pairs += [tuple(main_surnames_ordered[:2])] if len(main_surnames_ordered) >= 2 else []
    keys += _pair_keys(["+".join(sorted((a, b))) for a, b in pairs if a != b], prep.dob)
    # The two given names with each surname (a second surname dropped: José
    # Jorge Rodríguez, where José Rodríguez is too common to read), and the
    # initial of the first given name with the surnames (E. Flores Martínez
    # for Eduardo Flores Martínez). Read only where one record lacks a whole
    # date, as the pairs are.
    given_two = list(dict.fromkeys(phonetic(g.folded)[0] for g in written))
    triples = [f"{'+'.join(sorted(given_two))}/{s}" for s in main_surnames_ordered[:2]] if len(given_two) == 2 else []
    initial = prep.given[0].folded[:1] if prep.given else ""
    initials = [f"{initial}.{s}" for s in main_surnames_ordered[:2]] if initial else []
    if initial and len(main_surnames_ordered) >= 2:
        initials.append(f"{initial}.{'+'.join(sorted(main_surnames_ordered[:2]))}")
    # The first given name with the initials of the second and of the first surname, and the two initials with
    # the surname: one name mistyped past its sound (Kayla Lindsey Newmn for Newman, Kyla for Kayla, Todd D. Gll
    # for Gill) where no date joins the two records. A second given name, if only its initial, makes the few such
    # bearers; a record of one given name has no such key (José H. has thousands of bearers).
    middle = prep.given[1].folded[:1] if len(prep.given) >= 2 and not prep.given[0].is_initial else ""
    by_initials = []
    if middle and units:
        by_initials = [f"{g}/{middle}/{units[0].folded[:1]}" for g in first_given]
        by_initials.append(f"{initial}/{middle}/{units[0].code}")
    keys += _pair_keys(triples + initials + by_initials, prep.dob, by_day=False)
    if prep.given and prep.given[0].is_initial:
        # Only a record whose given name is an initial is indexed under "pi:",
        # which a record with the name written out reads (``reading_keys``).
        keys += [f"pi:{key}" for key in initials]
    if prep.postal:
        keys += [f"pzs:{prep.postal}:{code}" for code in surnames]
        if prep.house_number:
            keys.append(f"pza:{prep.postal}:{prep.house_number}")
    if prep.house_number and len(prep.street) >= 4 and prep.city:
        keys.append(f"pla:{prep.house_number}:{prep.street[:6]}:{prep.city[:3]}")
    return list(dict.fromkeys(k[:_MAX_KEY] for k in keys))


def _pair_keys(pairs: list[str], dob: date | None, by_day: bool = True) -> list[str]:
    """The keys of two names without the date: a record is indexed under them as ``reading_keys`` expects.

    Every record is indexed under ``ppd:`` (the pair), and one without a
    whole date of birth (none, a placeholder, the 1st of a month: the day
    is not known) under ``pp0:`` too; a check reads ``pp0:`` for a record
    with a whole date and ``ppd:`` for one without. So a record without a
    whole date meets every bearer of the pair, and two records with whole
    dates meet only through their dates' keys or ``ppm:`` (the pair, the
    day and the month: a year mistyped with a name entered otherwise): a
    common pair's hundreds of bearers born on other days, which the date
    rules out anyway, are never read. Without ``by_day``, no ``ppm:`` keys:
    names that meet a dated record's keys through its date anyway.
    """
    if dob is None or is_placeholder(dob) or dob.day == 1:
        return [f"{prefix}:{pair}" for pair in pairs for prefix in ("pp0", "ppd")]
    day_month = f"{min(dob.month, dob.day):02d}{max(dob.month, dob.day):02d}"
    return [f"ppd:{pair}" for pair in pairs] + ([f"ppm:{day_month}:{pair}" for pair in pairs] if by_day else [])


def reading_keys(keys: list[str]) -> list[str]:
    """The keys a check reads for a person record indexed under ``keys`` (``person_keys``).

    A record with a whole date of birth reads the pairs' ``pp0:`` keys
    (records without one) instead of ``ppd:``; a record without reads
    ``ppd:`` (every bearer), which holds ``pp0:``. An initial with the
    surnames (``E.FLORES``) is read so only by a record whose given name is
    an initial: one with the name written out reads it under ``pi:``, the
    few records that give only the initial, not every Eduardo and Elena
    Flores. The other keys are read as they are written.
    """
    if not any(k.startswith("pi:") for k in keys):
        keys = [f"pi:{k[4:]}" if k.startswith(("pp0:", "ppd:")) and _is_initial_key(k) else k for k in keys]
        keys = list(dict.fromkeys(keys))
    else:
        keys = [k for k in keys if not k.startswith("pi:")]
    if any(k.startswith("pp0:") for k in keys):
        return [k for k in keys if not k.startswith("pp0:")]
    return [f"pp0:{k[4:]}" if k.startswith("ppd:") else k for k in keys]


def _is_initial_key(key: str) -> bool:
    """A key of an initial with the surnames: "ppd:E.FLORES"."""
    return key[5:6] == "."


def _dates_to_index(dob: date | None) -> list[date]:
    """The date of birth, and a date before 1920 also a century later: a two-digit year read in the wrong century."""
    if dob is None or is_placeholder(dob):
        return [] if dob is None else [dob]
    if dob.year < OLDEST_PLAUSIBLE_YEAR:
        try:
            return [dob, dob.replace(year=dob.year + 100)]
        except ValueError:
            return [dob]
    return [dob]


def person_terms(p: PersonRecord) -> list[str]:
    """The terms whose frequencies the model reads: given-name words, surnames, the date of birth.

    A record counts once per term (``g:JOSE``, ``s:HERNANDEZ``, ``d:19800305``).
    """
    prep = p._prepared
    terms = [f"g:{g.folded}" for g in prep.given if not g.is_initial]
    terms += [f"s:{unit.folded}" for unit in prep.surnames]
    if prep.dob:
        terms.append(f"d:{prep.dob_text}")
    return list(dict.fromkeys(t[:_MAX_KEY] for t in terms))


# --- scoring -------------------------------------------------------------------

def _compare_all_names(a: PreparedPerson, b: PreparedPerson, frequencies: Frequencies) -> NameVerdict:
    """The best of the recorded names and aliases of each side."""
    best = compare_names(a.given, a.surnames, b.given, b.surnames, frequencies, a.given_words, b.given_words)
    if not a.alternatives and not b.alternatives:
        return best
    names_a = [(a.given, a.surnames, "")] + a.alternatives
    names_b = [(b.given, b.surnames, "")] + b.alternatives
    for ga, sa, alias_a in names_a:
        for gb, sb, alias_b in names_b:
            if not (alias_a or alias_b):
                continue
            verdict = compare_names(ga, sa, gb, sb, frequencies)
            if verdict.weight > best.weight:
                # Only the viewer's own alias is quoted; the other record's stays theirs.
                reason = (Reason("alias", N_("matched through your alias %(alias)s"), {"alias": alias_a}) if alias_a
                          else Reason("alias_other", N_("matched through an alias on the other record")))
                verdict.reasons.insert(0, reason)
                best = verdict
    return best


def _level(probability: float, names: NameVerdict, doc_state: str, dob_state: str, address: str,
           pa: PreparedPerson, pb: PreparedPerson) -> str | None:
    """The level a probability earns, after the rules that guard against namesakes and relatives.

    A document in common (or one character apart) lets the probability
    speak alone. Without one: dates of birth a parent's distance apart (15
    to 50 years) never alert; dates in conflict alert only with an address
    in common and given names that do not differ; given names that differ
    with nothing but the surnames and a date in common (siblings) do not
    alert, and with the whole date, the surnames and the home in common
    (twins) only where the records show how one person's given name came
    to differ or neither states a sex, and then only "possible"; nor do surnames that differ
    without the same house, nor a second given name or surname that
    differs without the same street; nor another date and another
    surname at one home (a relative). A match needs names that agree,
    corroborated by a date of birth (a street address without one leaves a
    father and a son of one name), given names that do not differ, not
    even in the second name (twins share a first one), and no conflict of
    sex or "Jr."; a given name found in another position with a surname
    left out is "possible" away from home (a sister born the same day), as
    is a date read near the other only at a parent's distance (the years'
    last digits the other way round). A given-name field holding only
    surnames (the given name never entered) is "possible".
    """
    level = ("match" if probability >= MATCH_PROBABILITY else
             "possible" if probability >= POSSIBLE_PROBABILITY else None)
    if level is None or doc_state in ("agree", "near"):
        return level
    given_differs = names.given == "differ"
    if dob_state == "far":
        return None  # parent and child: the decades between the dates tell them apart
    if dob_state == "differ" and not address:
        return None  # namesakes and relatives: the dates of birth tell them apart
    if dob_state == "differ" and names.given != "missing" and not _same_given_names(names, pa, pb):
        # Relatives at one address (a sister María Ana and a María, a son
        # called Tim): only the very same given names make a date entered
        # wrong likelier than another member of the household.
        return None
    if dob_state == "differ" and names.surnames in ("partial", "differ"):
        # Another date and another surname at one home: a relative (Robert
        # De Jesús Jr. Martínez and Robert De Jesús Jr. Carreón, seven years apart).
        return None
    if address not in ("house", "street") and _doubts(names, dob_state, pa, pb) >= 3:
        # Three repairs at once (the fields exchanged, a married name set aside,
        # a date a digit off) without the home: a common name read that freely
        # meets a namesake born in any year of the decade.
        return None
    if given_differs:
        # Twins, or one person whose given name was entered otherwise: surnames,
        # the whole date of birth and the home in common, another given name.
        # The given name is what tells twins apart, and it differs: nothing,
        # unless the records show how one person's given name came to differ
        # (a first name standing for the other's middle name, a surname in the
        # given-name field). One record silent on sex is no such sign: on
        # names at real frequencies, what it let through were twins. Records
        # of a source that states no one's sex (neither does) go to a
        # reviewer: there a given name typed past recognition is as common as
        # a twin (FEBRL4's flagged F1 falls to 0.9979 without them).
        # Never a match.
        if dob_state == "agree" and pa.dob.day != 1 and names.surnames == "agree" and address in ("house", "street") \
                and not (pa.sex and pb.sex and pa.sex != pb.sex) \
                and (not (pa.sex or pb.sex) or _given_entered_otherwise(names, pa, pb)):
            return "possible"
        return None  # siblings: another given name and less in common
    if names.surnames == "differ" and address != "house":
        if address == "street" and dob_state == "agree" and names.given == "agree":
            return "possible"  # a married name, or a surname entered wrong, on the same street
        return None  # a given name and a date of birth in common: at real frequencies, a coincidence
    if dob_state in ("missing", "placeholder", "month") and not address and _exchanged_in_part(names):
        # No whole date (none, or one entered from the year alone), and a name
        # that agrees only read backwards and only in part: met by chance.
        return None
    if "partial" in (names.given, names.surnames) and address not in ("house", "street"):
        return None  # a second given name or surname that differs: a namesake born the same day
    if names.surnames == "partial" and dob_state in ("missing", "placeholder", "month") \
            and _own_mothers_surname(pa, pb) and "other_surname_differs" in {r.code for r in names.reasons}:
        # At one home, no whole date, the second surname another: a father and the son who bears his given name
        # and first surname, and his own mother's after it (Joel León Almanza, Joel León Santiago).
        return None
    if pa.sex and pb.sex and pa.sex != pb.sex and names.given_kind not in _STRONG_GIVEN:
        return None  # another sex and given names that agree only in part: a twin
    if names.given == "missing" and names.surnames == "missing" or names.given_kind == "surnames_only":
        return "possible"  # no name to tell, or the given name never entered: a reviewer judges
    if (pa.sex and pb.sex and pa.sex != pb.sex) or _generation_conflict(pa, pb, dob_state) or given_differs:
        return "possible"
    if names.given_kind == "middle_initial":
        return "possible"  # known by the middle name, or a twin whose name begins with its letter: a reviewer judges
    if names.given_kind == "cross" and (address not in ("house", "street") or dob_state not in ("agree", "near")):
        # Only another of the given names agrees: a twin may bear it, and at
        # home, without a date to tell them apart, a brother or sister.
        return "possible"
    if dob_state == "differ" and not (names.given == names.surnames == "agree"
                                      and names.given_kind in _STRONG_GIVEN and address == "house"):
        return "possible"
    if names.given == "partial":
        # A second given name that differs (María José, María Gabriela): born the same day at one home, twin
        # sisters as often as one person entered twice. A reviewer judges.
        return "possible"
    names_agree = names.given in ("agree", "missing") and names.surnames in ("agree", "missing")
    if not names_agree and (dob_state != "agree" or address not in ("house", "street")):
        return "possible"
    if dob_state not in ("agree", "near"):
        # A name alone, or with a placeholder date, is never a match; nor at
        # one home: a father and a son of one name live there, and one record
        # in three of a "Jr." leaves the marker out.
        return "possible"
    if level == "match" and dob_state == "near" and abs(pa.dob.year - pb.dob.year) in PARENT_YEARS:
        # The years' last two digits the other way round (1994, 1949): one slip of two keys, or a mother and a
        # daughter of one name born on one day, a parent's distance apart. A reviewer judges.
        return "possible"
    if level == "match" and address not in ("house", "street") and _doubts(names, dob_state, pa, pb) >= 2:
        return "possible"  # several pieces of evidence read otherwise than written: a reviewer judges
    if level == "match" and names.given_kind in ("cross", "cross_prefix") and "one_surname" in \
            {r.code for r in names.reasons} and address not in ("house", "street"):
        # Lourdes for María de Lourdes and one surname left out: each a common way to enter one person, both at
        # once what a sister born the same day (María de Lourdes and Lourdes) shows.
        return "possible"
    if level == "match" and address not in ("house", "street") and _omissions_crossed(names, pa, pb):
        # Miguel Alejandro Ramírez and Miguel Ramírez Beltrán: each record holds a name the other lacks, as a
        # twin whose first given name is his brother's does. A reviewer judges.
        return "possible"
    if level == "match" and "second_given_slip" in {r.code for r in names.reasons}:
        return "possible"  # María Lisa for María Luisa: mistyped, or a twin sister's name
    if level == "match" and names.given_kind == "initial" and address not in ("house", "street") \
            and not _initial_then_same_names(names, pa, pb):
        # J. for John: a twin James, born the same day, has it too; not J. Álvaro for Jesús Álvaro, as a twin
        # does not share the second given name too.
        return "possible"
    return level


# A first given name that agrees only by its initial or as a typing error
# from another: a twin's or a sibling's name may do as much.
_WEAK_GIVEN = frozenset({"initial", "typo", "nickname_typo"})


def _doubts(names: NameVerdict, dob_state: str, pa: PreparedPerson, pb: PreparedPerson) -> int:
    """How many parts of the evidence agree only once repaired: a weak given name, names read otherwise, a near date.

    Each is common for one person entered twice; two or more at once, with
    nothing but the names and the date of birth, is as easily two persons
    (a twin J. for John, José Hernández García and a José García Hernández
    born a year apart), whatever the probability says of them as independent.
    A María or a José alone against María Fernanda is weak too: sisters and
    brothers share those first names.
    """
    codes = {r.code for r in names.reasons}
    weak_given = names.given_kind in _WEAK_GIVEN or _shared_first_name_alone(names, pa, pb)
    return weak_given + len(codes & _READ_OTHERWISE) + (dob_state == "near")


def _shared_first_name_alone(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """One record gives only María (José, Juan), the other a second given name after it: the names agree as far
    as one goes, as a sister's María Guadalupe does with María Fernanda. Not where that second name is read as a
    surname (José "Hernández" García)."""
    return (names.given_kind == "exact" and min(len(pa.given), len(pb.given)) == 1 < max(len(pa.given), len(pb.given))
            and pa.given[0].folded == pb.given[0].folded and pa.given[0].folded in DROPPED_FIRST_NAMES
            and not {r.code for r in names.reasons} & _READ_OTHERWISE)


def _omissions_crossed(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """One record gives more given names, the other more surnames: each holds a name the other lacks."""
    if "one_surname" not in {r.code for r in names.reasons} or len(pa.given) == len(pb.given):
        return False
    more_given = pa if len(pa.given) > len(pb.given) else pb
    other = pb if more_given is pa else pa
    return len(more_given.surnames) < len(other.surnames)


def _own_mothers_surname(pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """Two surnames on each record, the first alike and the second another: a father's and his son's."""
    return (len(pa.surnames) == len(pb.surnames) == 2 and pa.surnames[0].folded == pb.surnames[0].folded
            and pa.surnames[1].folded != pb.surnames[1].folded)


def _exchanged_in_part(names: NameVerdict) -> bool:
    """Names that agree only with the fields exchanged, and only one surname of the two."""
    codes = {r.code for r in names.reasons}
    return "name_fields_swapped" in codes and "one_surname" in codes


def _same_given_names(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """The same given names on both records, every one of them, written alike."""
    return (names.given == "agree" and names.given_kind == "exact" and len(pa.given) == len(pb.given)
            and not any(g.is_initial for g in pa.given + pb.given))


def _given_entered_otherwise(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """Given names that differ as one person's may: a first name standing for the other's middle initial.

    Ed for Patrick E. (one side's first given name has the initial of a
    middle name the other gives as an initial), or a surname typed in the
    given-name field. A middle name written out was read against the first
    name already (Dave for Mark David agrees): one that differs is another
    name, whatever its initial (María Juana, Aaron Michael). A twin's given
    name is simply another.
    """
    if any(r.code in ("surname_as_middle", "name_fields_swapped") for r in names.reasons):
        return True
    for x, y in ((pa.given, pb.given), (pb.given, pa.given)):
        if x and x[0].folded[:1] in {g.folded for g in y[1:] if g.is_initial}:
            return True
    return False


def _a_woman(pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """One record says a woman and neither says a man, and one of them carries a single surname.

    Where a married woman takes her husband's surname (the US), one record
    may hold it and the other her maiden name. A woman recorded with two
    surnames on both sides keeps them for life (Mexico): every one differing
    is another person. A record that states no sex says it by a given name
    one sex bears almost alone (``namesex``).
    """
    sexes = (pa.sex or sex_by_name(pa.given), pb.sex or sex_by_name(pb.given))
    return "F" in sexes and "M" not in sexes and min(len(pa.surnames), len(pb.surnames)) == 1


def _another_surname_same_woman(names: NameVerdict, dob_state: str, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """A woman under a married or maiden name: every surname differs, the given name and a whole date agree.

    The date may be entered otherwise (a digit, the century, day and month
    swapped) and the given name spelt as it sounds: the probability (with
    the lighter penalty a woman's surnames carry, and the lesser weight of
    a date near the other) says whether that is rare enough by chance; the
    pair is never a match.
    """
    if names.surnames != "differ" or names.given != "agree" or dob_state not in ("agree", "near") \
            or 1 in (pa.dob.day, pb.dob.day):
        return False
    # A given name and a date are all the evidence: a middle name on one
    # record only (Diane and Diane Rita) leaves even the given names in part.
    return (_a_woman(pa, pb) and names.given_kind in _MARRIED_GIVEN and len(pa.given) == len(pb.given)
            and not _a_surname_run_together_in_common(pa, pb))


def _a_surname_run_together_in_common(pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """A surname run together with another (Martinezlopez) that holds one of the other record's: one surname alike
    and one another, a namesake's, not every surname differing."""
    own = {u.folded for u in split_run_together(pa.surnames)}
    return any(u.folded in own for u in split_run_together(pb.surnames))


def _every_part_agrees(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """Every given name and surname of each record agrees, part for part, none missing on either side."""
    return (names.given == names.surnames == "agree" and names.given_kind == "exact"
            and len(pa.given) == len(pb.given) and len(pa.surnames) == len(pb.surnames))


def _same_name(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> list[Reason]:
    """"Your name ... agrees in full" where every given name and surname agrees as written: quoting the viewer's own."""
    if names.reasons or not _every_part_agrees(names, pa, pb):
        return []
    own = " ".join(n.raw for n in pa.given + pa.surnames)
    return [Reason("same_name", N_("your name %(a)s agrees in full"), {"a": own})]


def _names_alone_discount(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> float:
    """The bits names alone give up: fewer when the given name and the surnames agree in full, fewer still when
    a name of three parts or more is written alike, part for part."""
    full = names.given == names.surnames == "agree" and (names.given_kind in _FULL_NAME_KINDS
                                                        or _initial_then_same_names(names, pa, pb))
    if _every_part_agrees(names, pa, pb) and not {r.code for r in names.reasons} & _SPELT_OTHERWISE \
            and len(pa.given) + len(pa.surnames) >= 3 and not any(g.is_initial for g in pa.given + pb.given):
        return EXACT_NAME_ALONE_DISCOUNT
    return FULL_NAME_ALONE_DISCOUNT if full else NAMES_ALONE_DISCOUNT


def _initial_then_same_names(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """A first given name that agrees by its initial, and every other given name written alike on both records."""
    if names.given_kind != "initial" or len(pa.given) != len(pb.given) or len(pa.given) < 2:
        return False
    return all(x.folded == y.folded for x, y in zip(pa.given[1:], pb.given[1:])) \
        and not any(g.is_initial for g in pa.given[1:] + pb.given[1:])


def probability_of(weight: float, population: int) -> float:
    """The posterior probability of one person: prior odds PRIOR_MATCHES / population, times 2**weight."""
    bits = weight - math.log2(population / PRIOR_MATCHES)
    return 1.0 / (1.0 + 2.0 ** -max(min(bits, 60.0), -60.0))


def compare_persons(a: PersonRecord, b: PersonRecord, frequencies: Frequencies = PRIOR) -> MatchResult:
    """Score how likely two person records are one person, and say why, in ``a``'s terms.

    ``frequencies`` tells how common each name and date of birth is; without
    it the public data alone (``frequencies.PRIOR``) is assumed.
    """
    pa, pb, dropped_reasons, own_text = read_back_dropped_letters(a._prepared, b._prepared)
    doc_weight, doc_reasons, doc_state = compare_documents(pa, pb)
    dob_weight, dob_reasons, dob_state = compare_dob(pa, pb, frequencies)
    names = _compare_all_names(pa, pb, frequencies)
    address_weight, address_reasons, address_agrees = compare_address(pa, pb)
    weight = doc_weight + dob_weight + names.weight + address_weight
    # A name read back from the other record is quoted by the reason that says so, in the viewer's own text.
    reasons = (([] if dropped_reasons else _same_name(names, pa, pb)) + doc_reasons + dob_reasons + dropped_reasons
               + names.reasons + address_reasons)
    if pa.dob is not None and pb.dob is not None and dob_state == "missing":
        reasons.append(Reason("dob_placeholder", N_("a date of birth is a placeholder (such as 1900-01-01) and is "
                                                    "not counted")))
    # No whole date corroborates the names: none, one entered from the month alone, or from a year alone that
    # differs (1 January 1962 against 3 December 1960: no more than no date, and a little against).
    uncorroborated = dob_state in ("missing", "month") or dob_state == "placeholder" and dob_weight < 0
    if uncorroborated and doc_state != "agree" and not address_agrees and names.weight > 0:
        weight -= min(_names_alone_discount(names, pa, pb), names.weight)
        if pa.dob is None or pb.dob is None:
            reasons.append(Reason("names_alone", N_("no date of birth on one record: the names alone, weighed by "
                                                    "how common they are")))
    if (pa.dob is None or pb.dob is None) and address_agrees in ("house", "street") and doc_state != "agree":
        # Why a name at one home stops at "possible" (``_level``).
        reasons.append(Reason("home_without_dob", N_("no date of birth on one record: a relative of the same name "
                                                     "may live at this address")))
    if names.surnames == "differ" and _a_woman(pa, pb):
        weight += W_SURNAMES_DIFFER_WOMAN - W_SURNAME_DIFFER
    if a.known[2] and dob_state != "missing":
        reasons.append(Reason("dob_from_curp", N_("your record's date of birth is the one its CURP states")))
    if pa.sex and pb.sex:
        if pa.sex == pb.sex:
            weight += 1.0
        else:
            weight -= 5.0
            reasons.append(Reason("sex_differs", N_("recorded with different sex")))
    if pa.nationality and pb.nationality:
        weight += 0.5 if pa.nationality == pb.nationality else -1.0
    if pa.generation != pb.generation:
        weight += -10.0 if pa.generation and pb.generation else W_GENERATION_ONE_SIDE
        reasons.append(Reason("generation_differs", N_("the records differ in a generation marker (Jr., Sr., II)")))
    reasons = in_viewers_words(reasons, own_text)
    probability = probability_of(weight, frequencies.population)
    level = _level(probability, names, doc_state, dob_state, address_agrees, pa, pb)
    if level is None and probability >= POSSIBLE_PROBABILITY and _another_surname_same_woman(names, dob_state, pa, pb):
        level = "possible"  # a married name: a reviewer judges, never a match
    if level != "match" and probability >= MATCH_PROBABILITY:
        probability = CAPPED_PROBABILITY  # the rules, not the evidence, held it back
    return MatchResult(round(probability, 4), level, tuple(reasons))


def _generation_conflict(pa: PreparedPerson, pb: PreparedPerson, dob_state: str) -> bool:
    """Generation markers that tell two persons apart, or may: two that differ (Jr., Sr.), or one record's alone
    where the dates of birth do not settle it. A marker on one record with the same whole date on both is one
    person whose other record left it out, as agencies often do: a father and his son are not born the same day
    (a 1st of the month may be a date entered from the month alone)."""
    if pa.generation == pb.generation:
        return False
    return bool(pa.generation and pb.generation) or not (dob_state == "agree" and pa.dob.day != 1)


def could_alert(a: PersonRecord, b: PersonRecord) -> bool:
    """A cheap look before the full comparison: False when the dates of birth alone rule the pair out.

    Without a document on both sides, dates a parent's distance apart never
    alert, and dates in conflict alert only with a street in common (see
    ``_level``): such a pair, without a street on both sides, is not compared,
    and its names, the costly part, are never read. A common name pulls
    hundreds of candidates born in other years; this leaves them out.
    """
    if a.documents and b.documents:
        return True
    state = dob_state(a.known[0], b.known[0])
    if state == "far":
        return False
    return not (state == "differ" and not (_clean(a.line1) and _clean(b.line1)))


def compare_many(record: PersonRecord, candidates: Iterable[tuple[Any, PersonRecord]],
                 frequencies: Frequencies = PRIOR) -> list[tuple[Any, MatchResult]]:
    """Score one record against candidates, best first, keeping those with a level."""
    scored = [(key, compare_persons(record, other, frequencies)) for key, other in candidates
              if could_alert(record, other)]
    return sorted((s for s in scored if s[1].level), key=lambda s: s[1].score, reverse=True)
