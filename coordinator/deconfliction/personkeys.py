"""The blocking keys of a person record, and the terms whose frequencies the model reads.

``person_keys`` gives the keys under which a record is indexed;
``reading_keys`` the keys a check of it reads. A record sharing none of
them with another is never compared with it.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from coordinator.deconfliction.droppedletters import completed_fields
from coordinator.deconfliction.frequencies import given_pair_term, is_placeholder
from coordinator.deconfliction.names import GivenName, Surname, split_run_together
from coordinator.deconfliction.personfields import OLDEST_PLAUSIBLE_YEAR
from coordinator.deconfliction.phonetics import phonetic

if TYPE_CHECKING:
    from coordinator.deconfliction.persons import PersonRecord

_MAX_KEY = 190


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
    """The terms whose frequencies the model reads: given-name words, the first two together, surnames, the date
    of birth.

    A record counts once per term (``g:JOSE``, ``gg:JOSE+LUIS``, ``s:HERNANDEZ``, ``d:19800305``).
    """
    prep = p._prepared
    terms = [f"g:{g.folded}" for g in prep.given if not g.is_initial]
    if len(prep.given) >= 2 and not (prep.given[0].is_initial or prep.given[1].is_initial):
        # As ``givenmatch`` reads them: the first two given names, neither an initial.
        terms.append(given_pair_term(prep.given[0].folded, prep.given[1].folded))
    terms += [f"s:{unit.folded}" for unit in prep.surnames]
    if prep.dob:
        terms.append(f"d:{prep.dob_text}")
    return list(dict.fromkeys(t[:_MAX_KEY] for t in terms))

