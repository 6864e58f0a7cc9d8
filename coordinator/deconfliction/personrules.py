"""The rules that keep relatives and namesakes from a confident match, and weak evidence from an alert.

The probability ``persons.compare_persons`` states comes from an
independence model, which cannot see what relatives share together: a
surname and a home, a surname and a date (twins), a given name and a
surname (a father and his son). ``ruled_level`` takes the level the
probability earned and holds it back where the records show such a pair.
"""
from __future__ import annotations

from coordinator.deconfliction.names import split_run_together
from coordinator.deconfliction.namesex import sex_by_name
from coordinator.deconfliction.nameverdict import DROPPED_FIRST_NAMES, NameVerdict
from coordinator.deconfliction.personfields import PARENT_YEARS, PreparedPerson

_STRONG_GIVEN = frozenset({"exact"})
# How the given names of a woman under another surname may agree.
_MARRIED_GIVEN = _STRONG_GIVEN | {"nickname", "equivalent", "sound"}
# How names may agree only once read otherwise than they are written: with
# the fields exchanged, the surnames in the other order, a surname found in
# the given-name field, a married name set aside.
READ_OTHERWISE = frozenset({"name_fields_swapped", "surnames_swapped", "surname_as_middle", "married_name"})


def ruled_level(level: str | None, names: NameVerdict, doc_state: str, dob_state: str, address: str,
                pa: PreparedPerson, pb: PreparedPerson) -> str | None:
    """The level a probability earned (``level``), after the rules that guard against namesakes and relatives.

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
            and not initial_then_same_names(names, pa, pb):
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
    return weak_given + len(codes & READ_OTHERWISE) + (dob_state == "near")


def _shared_first_name_alone(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """One record gives only María (José, Juan), the other a second given name after it: the names agree as far
    as one goes, as a sister's María Guadalupe does with María Fernanda. Not where that second name is read as a
    surname (José "Hernández" García)."""
    return (names.given_kind == "exact" and min(len(pa.given), len(pb.given)) == 1 < max(len(pa.given), len(pb.given))
            and pa.given[0].folded == pb.given[0].folded and pa.given[0].folded in DROPPED_FIRST_NAMES
            and not {r.code for r in names.reasons} & READ_OTHERWISE)


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


def a_woman(pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """One record says a woman and neither says a man, and one of them carries a single surname.

    Where a married woman takes her husband's surname (the US), one record
    may hold it and the other her maiden name. A woman recorded with two
    surnames on both sides keeps them for life (Mexico): every one differing
    is another person. A record that states no sex says it by a given name
    one sex bears almost alone (``namesex``).
    """
    sexes = (pa.sex or sex_by_name(pa.given), pb.sex or sex_by_name(pb.given))
    return "F" in sexes and "M" not in sexes and min(len(pa.surnames), len(pb.surnames)) == 1


def another_surname_same_woman(names: NameVerdict, dob_state: str, pa: PreparedPerson, pb: PreparedPerson) -> bool:
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
    return (a_woman(pa, pb) and names.given_kind in _MARRIED_GIVEN and len(pa.given) == len(pb.given)
            and not _a_surname_run_together_in_common(pa, pb))


def _a_surname_run_together_in_common(pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """A surname run together with another (Martinezlopez) that holds one of the other record's: one surname alike
    and one another, a namesake's, not every surname differing."""
    own = {u.folded for u in split_run_together(pa.surnames)}
    return any(u.folded in own for u in split_run_together(pb.surnames))


def initial_then_same_names(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """A first given name that agrees by its initial, and every other given name written alike on both records."""
    if names.given_kind != "initial" or len(pa.given) != len(pb.given) or len(pa.given) < 2:
        return False
    return all(x.folded == y.folded for x, y in zip(pa.given[1:], pb.given[1:])) \
        and not any(g.is_initial for g in pa.given[1:] + pb.given[1:])



def _generation_conflict(pa: PreparedPerson, pb: PreparedPerson, dob_state: str) -> bool:
    """Generation markers that tell two persons apart, or may: two that differ (Jr., Sr.), or one record's alone
    where the dates of birth do not settle it. A marker on one record with the same whole date on both is one
    person whose other record left it out, as agencies often do: a father and his son are not born the same day
    (a 1st of the month may be a date entered from the month alone)."""
    if pa.generation == pb.generation:
        return False
    return bool(pa.generation and pb.generation) or not (dob_state == "agree" and pa.dob.day != 1)

