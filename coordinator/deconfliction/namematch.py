"""Compare the names of two person records as a whole: given names and surnames, in order or read otherwise.

The given names (``givenmatch``) and the surnames (``surnamematch``) are
compared in order; where they disagree, with the fields read otherwise: a
given-name field holding the surnames, the surnames typed as given names,
a surname as a middle name. The best reading is the verdict
(``nameverdict``).

Reasons speak to the owner of the first record, in its own terms: they
quote its names only, never the other record's spelling or structure.
"""
from __future__ import annotations

from functools import lru_cache

from coordinator.deconfliction.givenmatch import by_middle_initial, compare_given, word_relation
from coordinator.deconfliction.names import GivenName, Surname, parse_given, parse_surnames
from coordinator.deconfliction.nameverdict import NameVerdict
from coordinator.deconfliction.reasons import N_, Reason
from coordinator.deconfliction.surnamematch import compare_surnames, joined_agree


def compare_names(ga: list[GivenName], sa: list[Surname], gb: list[GivenName], sb: list[Surname],
                  frequencies=None, words_a: tuple[str, ...] = (), words_b: tuple[str, ...] = ()) -> NameVerdict:
    """Compare full names; if they disagree, also try one side's given name and surname swapped.

    ``words_a`` and ``words_b`` are the given-name fields' words as typed, particles kept (``names.given_words``):
    read as surnames, "Ruiz de Lizarraga" is a maiden and a married name.
    """
    verdict = _compare_in_order(ga, sa, gb, sb, frequencies)
    if verdict.given == "agree" and verdict.surnames == "agree" or not (ga and sa and gb and sb):
        return verdict
    # The fields exchanged on either record: a nickname or a spelling may
    # then agree only one way round ("Henry" "Jon" for Jonathan Henry).
    readings = []
    either = _EitherRole(frequencies) if frequencies is not None else None
    raw = {False: (words_b or tuple(g.raw for g in gb), tuple(u.raw for u in sb)),
           True: (words_a or tuple(g.raw for g in ga), tuple(u.raw for u in sa))}
    for swap_a, how in _READINGS:
        other_given, other_surnames = raw[swap_a]
        if how == "rest" and len(other_surnames) < 2 or how == "first" and len(other_given) < 2 \
                or how == "middle" and len(other_given) < 3:
            continue
        # The whole name exchanged; the given names with the first surname field alone ("Pérez" "Juan Carlos"
        # "López"), the second surname left in its place; or the first name field with the first surname field,
        # a middle name left in its place ("Salinas" "Patricia" "Ana" "Meza"); or a first name field of both
        # surnames with the surname field, the middle name left in its place ("Ávalos Ríos" "Gustavo" "Juan").
        # Lists of this comparison's own, as the readings are shared by every candidate of the record.
        given_part = other_given[:1] if how == "first" else other_given[:-1] if how == "middle" else other_given
        surname_part = other_surnames if how in ("whole", "middle") else other_surnames[:1] if how == "first" \
            else other_surnames[:-1]
        swapped_given, swapped_surnames = (list(part) for part in _exchanged(given_part, surname_part))
        if how == "rest":
            swapped_surnames.append((sa if swap_a else sb)[-1])
        elif how == "first":
            swapped_given += (ga if swap_a else gb)[1:]
            swapped_surnames += (sa if swap_a else sb)[1:]
        elif how == "middle":
            swapped_given += (ga if swap_a else gb)[-1:]
        if how != "whole" and _left_over_on_both(swapped_given, swapped_surnames, *((gb, sb) if swap_a else (ga, sa))):
            # Read in part, a name of each record that the other cannot account for: Ana Patricia Salinas Meza
            # read as Salinas, Ana Patricia Meza against "Salinas" "María" "Ana" "Meza" leaves Patricia and María
            # both unread. Another person's names, not one person's moved.
            continue
        first_a, first_b = (swapped_given, gb) if swap_a else (ga, swapped_given)
        if not (first_a and first_b and word_relation(first_a[0].folded, first_b[0].folded)[0]):
            # Read so, the first given names must agree with each other (``_agree_exchanged``), and no
            # repair of the rest makes them: most candidates of a common name stop here, the costly part unread.
            continue
        swapped = (_compare_in_order(swapped_given, swapped_surnames, gb, sb, either) if swap_a
                   else _compare_in_order(ga, sa, swapped_given, swapped_surnames, either))
        # Read backwards and only in part (a surname of two left over), the names need one repair more: of two
        # readings as good otherwise (a middle name moved among the surnames, or not), the whole one is the one.
        if _agree_exchanged(swapped):
            swapped.weight -= 2.0 + (1.0 if any(r.code == "one_surname" for r in swapped.reasons) else 0.0)
            readings.append(swapped)
    # Of two readings that weigh the same ("Atencio" "C." for Cindy Atencio: the initial for her given name, or
    # for her surname), the one whose given names agree the less surely: so either record may be read first.
    swapped = max(readings, key=lambda v: (round(v.weight, 6), v.given_kind in _LOOSE_GIVEN), default=None)
    if swapped is None or swapped.weight <= verdict.weight:
        return verdict
    swapped.reasons.insert(0, Reason("name_fields_swapped", N_("your given name and surname agree with the two fields "
                                                               "exchanged")))
    return swapped


def _left_over_on_both(given: list, surnames: list, other_given: list, other_surnames: list) -> bool:
    """More given names or surnames on each record than the other has of them."""
    return ((len(given) > len(other_given) or len(surnames) > len(other_surnames))
            and (len(other_given) > len(given) or len(other_surnames) > len(surnames)))


# The readings of one record's fields exchanged (which record, and how much of it), in order.
_READINGS = tuple((swap, how) for how in ("whole", "rest", "first", "middle") for swap in (False, True))


# First given names that agree only by an initial or a slip.
_LOOSE_GIVEN = frozenset({"initial", "typo", "nickname_typo"})


class _EitherRole:
    """Frequencies for names read with the fields exchanged: a name as common as it is in either field.

    Which record has the fields the right way round is not known. Aligned
    with the other record, Cárdenas is read as a given name and Diana as a
    surname, which almost nobody bears: weighed so, a common name would
    count as a rare one.
    """

    def __init__(self, frequencies) -> None:  # type: ignore[no-untyped-def]
        self._frequencies = frequencies

    @property
    def population(self) -> int:
        return self._frequencies.population

    def share(self, term: str) -> float:
        kind, _, name = term.partition(":")
        if kind not in ("g", "s"):
            return self._frequencies.share(term)
        return max(self._frequencies.share(f"g:{name}"), self._frequencies.share(f"s:{name}"))


@lru_cache(maxsize=65536)
def _exchanged(given: tuple[str, ...], surnames: tuple[str, ...]) -> tuple[tuple[GivenName, ...],
                                                                          tuple[Surname, ...]]:
    """One record's names read with its fields exchanged: its surnames as given names, its given names as surnames."""
    swapped_given, _ = parse_given(" ".join(surnames))
    swapped_surnames, _ = parse_surnames(" ".join(given))
    return tuple(swapped_given), tuple(swapped_surnames)


def _agree_exchanged(verdict: NameVerdict) -> bool:
    """Names that agree with the fields exchanged, the first given name with the first, nothing set aside.

    Read both ways round, a given name in another position or past a stray
    letter, given names that agree only run together, or a surname found
    among the given names agree by chance too often to count.
    """
    return (verdict.given == verdict.surnames == "agree"
            and verdict.given_kind not in ("cross", "cross_prefix", "joined", "stray_letter")
            and not any(r.code == "surname_as_middle" for r in verdict.reasons))


def _compare_in_order(ga: list[GivenName], sa: list[Surname], gb: list[GivenName], sb: list[Surname],
                      frequencies=None) -> NameVerdict:
    """Surnames first, then the given names left over once middle-name surnames are set aside."""
    ga, gb = _without_own_surnames(ga, sa), _without_own_surnames(gb, sb)
    surnames, used_a, used_b = compare_surnames(sa, sb, ga, gb, frequencies)
    if used_a:
        ga = [g for k, g in enumerate(ga) if k not in used_a]
    if used_b:
        gb = [g for k, g in enumerate(gb) if k not in used_b]
    given = compare_given(ga, gb, frequencies)
    if given.given == "differ" and surnames.surnames == "agree" and not any(len(u.folded) == 1 for u in sa + sb):
        # Only where the surnames agree as written out: a surname's initial (a middle initial in the surname
        # field) meets a given name of that letter as readily.
        given = by_middle_initial(ga, gb) or given
    if given.given == "differ" and (_surnames_for_given(ga, sa, sb) or _surnames_for_given(gb, sb, sa)):
        # The given-name field holds surnames ("Pérez Toxqui" "Pérez" for Ana Pérez Toxqui): the given name
        # was never entered, which says nothing either way.
        given = NameVerdict(given_kind="surnames_only", reasons=[Reason(
            "surnames_in_given_field", N_("a given-name field holds only surnames: the given names are not compared"))])
    return NameVerdict(given.weight + surnames.weight, given.reasons + surnames.reasons, given.given, surnames.surnames,
                       given.given_kind)


def _surnames_for_given(given: list[GivenName], own: list[Surname], other: list[Surname]) -> bool:
    """A given-name field holding surnames where the given name should be: every word of it a surname of
    either record, and every surname of its own record one of the other's (its surname field is no given name
    typed there: "Guerrero Ulloa" "José" is José Guerrero Ulloa, and another given name than Miguel's)."""
    def forms(units: list[Surname]) -> set[str]:
        return {f for unit in units for f in unit.forms()} | {p for unit in units for p in unit.folded.split("-")}
    theirs = forms(other)
    either = forms(own) | theirs
    return bool(given and own) and all(g.folded in either for g in given) \
        and (all(set(unit.forms()) & theirs for unit in own) or bool(joined_agree(own, other)))


def _without_own_surnames(given: list[GivenName], surnames: list[Surname]) -> list[GivenName]:
    """The given names without a later one that repeats the record's own surname ("Laura Villa" + "Villa").

    A surname typed into the middle-name field as well as its own is no
    second given name: compared as one, it would differ from the other
    record's and hold back a pair that agrees.
    """
    if len(given) < 2 or not surnames:
        return given
    own = {form for unit in surnames for form in unit.forms()}
    kept = given[:1] + [g for g in given[1:] if g.folded not in own]
    return kept if len(kept) < len(given) else given
