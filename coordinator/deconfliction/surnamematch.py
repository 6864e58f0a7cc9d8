"""Compare the surnames of two person records.

Each record's surnames (one or two, a married name beside them) are
aligned with the other's: agreeing as written, with or without a
particle, by sound, as a shorthand or through a slip, in either order, run
together, or the maternal surname alone. Reasons quote the viewer's
surnames only.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import permutations

from jellyfish import damerau_levenshtein_distance as _distance
from jellyfish import jaro_winkler_similarity as _jaro_winkler

from coordinator.deconfliction.frequencies import known_name_share
from coordinator.deconfliction.names import GivenName, Surname
from coordinator.deconfliction.nameverdict import (
    BY_FREQUENCY, NameVerdict, REAL_NAME_SHARE, REAL_SURNAME_RATIO, TYPO_SIMILARITY, W_EXACT, W_INITIAL,
    W_MATERNAL_ONLY, W_OTHER_SURNAME_DIFFER, W_PARTICLE, W_SECOND_SURNAME, W_SOUND, W_SURNAME_DIFFER,
    W_SURNAMES_SWAPPED, W_TYPO, add_reason, rarity,
)
from coordinator.deconfliction.phonetics import readings_agree
from coordinator.deconfliction.reasons import N_, Reason
from coordinator.deconfliction.typos import (
    codes_a_typo_apart, inner_transposition, is_typo, joined_typo, neighbouring_key, turned_round,
)


@lru_cache(maxsize=262144)
def _surname_relation(x: Surname, y: Surname) -> tuple[str, float]:
    if len(x.folded) == 1 or len(y.folded) == 1:  # "Michael B." for Michael Bon: an initial
        return ("initial", W_INITIAL) if x.folded[:1] == y.folded[:1] else ("", 0.0)
    if x.folded == y.folded:
        return ("exact", W_EXACT) if x.glued == y.glued else ("particle", W_PARTICLE)
    if x.expanded and x.expanded == y.folded or y.expanded and y.expanded == x.folded:
        return "shorthand", W_EXACT  # "Hdz." and Hernández: weighed as the surname written out is
    if y.folded in x.lost_readings or x.folded in y.lost_readings:
        return "exact", W_EXACT  # "G?mez" and Gámez: the letter lost read as the other record has it
    if set(x.forms()) & set(y.forms()):
        return "particle", W_PARTICLE
    if any(readings_agree(p, q) for p in x.spoken_codes() for q in y.spoken_codes()):
        return "sound", W_SOUND
    # A register's shorthand is read as the surname it stands for: the public lists hold shorthands and slips of
    # common surnames as names of their own (Lpz, Lopz), and two of them are no two families.
    a, b = x.expanded or x.folded, y.expanded or y.folded
    if _two_real_surnames(a, b) and not inner_transposition(a, b):
        return "", 0.0  # two surnames that both exist (Hernández, Fernández) are not a typing error
    # As written and, for a shorthand, as the surname it stands for: the same pair is tried once.
    if any(is_typo(p, q) for p, q in {(x.folded, y.folded), (a, b), (x.glued, y.glued)}) \
            or codes_a_typo_apart(x.spoken_codes()[0], y.spoken_codes()[0]) \
            or len(a) == len(b) == 3 and (turned_round(a, b) or neighbouring_key(a, b)):
        # Three letters, as for a given name: two turned round (Pza for Paz) or the key beside the right one
        # (Kin for Kim) are a slip; two surnames that both exist stopped above.
        return "typo", W_TYPO
    return "", 0.0


def _two_real_surnames(a: str, b: str) -> bool:
    """Two surnames the public lists both hold for one person in REAL_NAME_SHARE or more, the rarer at least
    REAL_SURNAME_RATIO as common as the other or unlike it beyond a slip: each a family's name (Fernández,
    Hernández; Johnston, Johnson; Garza, García; Calvillo, Castillo).

    A common surname's slips are in the lists too, borne by a hundredth as many: a letter dropped or changed
    (Hernadez, Rodrigez), or a spelling as close as Rodriges. Those stay typing errors; a name two letters or
    more from a commoner one and no closer than such a spelling is no slip of it, however few bear it.
    """
    share_a, share_b = known_name_share(a, "s"), known_name_share(b, "s")
    if min(share_a, share_b) < REAL_NAME_SHARE:
        return False
    return (min(share_a, share_b) >= REAL_SURNAME_RATIO * max(share_a, share_b)
            or _distance(a, b) >= 2 and _jaro_winkler(a, b) < TYPO_SIMILARITY)


def _surname_reason(x: Surname, y: Surname, kind: str) -> Reason | None:
    """Why the viewer's surname ``x`` agrees, quoting ``x`` alone."""
    mine = {"a": x.raw}
    if kind == "exact":
        if x.raw.casefold() != y.raw.casefold() and not (x.raw.isascii() and y.raw.isascii()):
            return Reason("accents", N_("your name %(a)s agrees once accents and special letters are set aside"), mine)
        return None
    if kind == "particle":
        return Reason("particle", N_("your surname %(a)s agrees allowing for particles such as \"de la\" and "
                                     "spacing"), mine)
    if kind == "sound":
        return Reason("sounds_alike", N_("your name %(a)s agrees with a spelling that sounds alike"), mine)
    if kind == "shorthand":
        if x.expanded:
            return Reason("surname_shorthand", N_("your surname %(a)s agrees as the abbreviation of a surname written "
                                                  "out"), mine)
        return Reason("surname_shorthand", N_("your surname %(a)s agrees with an abbreviation of it"), mine)
    if kind == "initial":
        if len(x.folded) == 1:
            return Reason("initial", N_("your initial %(a)s agrees with a full name"), mine)
        return Reason("initial", N_("your name %(a)s agrees with an initial"), mine)
    return Reason("typo", N_("your name %(a)s agrees but for a typing error"), mine)


def _best_alignment(sa: list[Surname], sb: list[Surname]) -> list[tuple[int, int, str, float]]:
    """The pairs of agreeing surnames with the greatest weight, in order if tied."""
    matrix = [[_surname_relation(x, y) for y in sb] for x in sa]
    best: list[tuple[int, int, str, float]] = []
    best_weight = 0.0
    if len(sa) <= len(sb):
        orders = (list(zip(range(len(sa)), p)) for p in permutations(range(len(sb)), len(sa)))
    else:
        orders = (list(zip(p, range(len(sb)))) for p in permutations(range(len(sa)), len(sb)))
    for order in orders:
        pairs = [(i, j, *matrix[i][j]) for i, j in order if matrix[i][j][0]]
        weight = sum(p[3] for p in pairs)
        if weight > best_weight + 1e-9:
            best, best_weight = pairs, weight
    return best


def compare_surnames(sa: list[Surname], sb: list[Surname], ga: list[GivenName], gb: list[GivenName],
                     frequencies=None) -> tuple[NameVerdict, set[int], set[int]]:
    """Compare two lists of surnames; also looks for a surname typed as a middle name.

    Returns the verdict and the indexes of given names of each side that
    turned out to be surnames, so the given-name comparison can skip them.
    A married name ("de Hernández" after a woman's own surname) left
    unmatched is no disagreement: one agency may know her by her maiden name.
    """
    verdict = NameVerdict()
    used_a: set[int] = set()
    used_b: set[int] = set()
    if not sa or not sb:
        return verdict, used_a, used_b
    pairs = _best_alignment(sa, sb)
    weights = []
    for i, j, kind, weight in pairs:
        if kind in BY_FREQUENCY:
            weight += rarity(frequencies, "s", sa[i].folded, sb[j].folded)
        weights.append(weight)
        add_reason(verdict, _surname_reason(sa[i], sb[j], kind))
    # A surname of one side typed as the other side's middle name.
    as_middle: list[str] = []  # the viewer's names quoted for each surname so found
    found: list[set[int]] = []  # per side, the surnames that agree in place or as the other's middle name
    for own, other_given, used in ((sa, gb, used_b), (sb, ga, used_a)):
        matched = {p[0] for p in pairs} if own is sa else {p[1] for p in pairs}
        found.append(matched)
        for k, unit in enumerate(own):
            if k in matched:
                continue
            for g in range(1, len(other_given)):
                word = other_given[g]
                if g not in used and (word.folded in unit.forms() or word.code in unit.codes()):
                    used.add(g)
                    matched.add(k)
                    weights.append(W_SOUND + rarity(frequencies, "s", unit.folded))
                    name = unit.raw if own is sa else word.raw
                    as_middle.append(name)
                    verdict.reasons.append(Reason("surname_as_middle", N_("your name %(name)s agrees with a name "
                                                                          "recorded in another field"), {"name": name}))
                    break
    matched_a = {p[0] for p in pairs}
    # A married name left over is set aside; one found among the other's given names is counted there.
    married_a = sum(1 for k, u in enumerate(sa) if k not in found[0] and u.married)
    married_b = sum(1 for k, u in enumerate(sb) if k not in found[1] and u.married)
    unmatched_a = len(sa) - len(pairs) - len(used_b) - married_a
    unmatched_b = len(sb) - len(pairs) - len(used_a) - married_b
    joined = "" if pairs else joined_agree(sa, sb)
    if joined:
        # Two surnames run together on one side ("Martinezperez"), a married name beside them set aside (and
        # one of them also typed among the other's given names: the given names still skip it).
        verdict = NameVerdict(surnames="agree", weight=W_EXACT if joined == "exact" else W_TYPO)
        verdict.reasons.append(Reason("surname_spacing", N_("your surnames %(a)s agree once spacing is ignored"),
                                      {"a": " ".join(u.raw for u in sa)}))
        return verdict, used_a, used_b
    if not weights:
        verdict.surnames, verdict.weight = "differ", W_SURNAME_DIFFER
        verdict.reasons.append(Reason("surnames_differ", N_("your surnames %(a)s differ"),
                                      {"a": " ".join(u.raw for u in sa)}))
        return verdict, used_a, used_b
    weights.sort(reverse=True)
    verdict.weight = weights[0] + W_SECOND_SURNAME * sum(weights[1:3])
    verdict.surnames = "agree"
    if len(pairs) >= 2 and sorted(pairs, key=lambda p: p[0])[0][1] > sorted(pairs, key=lambda p: p[0])[1][1]:
        verdict.weight += W_SURNAMES_SWAPPED
        verdict.reasons.append(Reason("surnames_swapped", N_("your surnames %(a)s agree in either order"),
                                      {"a": " ".join(sa[p[0]].raw for p in sorted(pairs))}))
    own_unmatched = [u.raw for k, u in enumerate(sa) if k not in matched_a and not u.married]
    if unmatched_a > 0 and unmatched_b > 0 and pairs:
        verdict.weight += W_OTHER_SURNAME_DIFFER
        verdict.surnames = "partial"
        verdict.reasons.append(Reason("other_surname_differs", N_("your surname %(a)s agrees; %(b)s differs"),
                                      {"a": sa[pairs[0][0]].raw, "b": " ".join(own_unmatched)}))
    elif unmatched_a > 0 and unmatched_b > 0 and as_middle:
        # Only a surname found among the other record's given names agrees; every surname in its place
        # differs (Juan Moreno Gutiérrez, Juan Gutiérrez Aranda Vela): a given name a namesake may bear.
        verdict.weight += W_OTHER_SURNAME_DIFFER
        verdict.surnames = "partial"
        verdict.reasons.append(Reason("other_surname_differs", N_("your surname %(a)s agrees; %(b)s differs"), {
            "a": as_middle[0], "b": " ".join(u.raw for k, u in enumerate(sa) if k not in found[0] and not u.married)}))
    elif len(pairs) == 1 and len(weights) == 1 and (unmatched_a > 0 or unmatched_b > 0):
        if _maternal_only(sa, sb, pairs[0]):
            verdict.weight += W_MATERNAL_ONLY
        if len(sa) > 1:
            verdict.reasons.append(Reason("one_surname", N_("only your surname %(a)s agrees"), {"a": sa[pairs[0][0]].raw}))
        else:
            verdict.reasons.append(Reason("one_surname", N_("your surname %(a)s agrees with one of two"),
                                          {"a": sa[pairs[0][0]].raw}))
    if married_a or married_b:
        verdict.reasons.append(Reason("married_name", N_("a married name (\"de\" and a husband's surname) is set "
                                                         "aside")))
    return verdict, used_a, used_b


def joined_agree(sa: list[Surname], sb: list[Surname]) -> str:
    """"exact" or "typo" where the surnames of the two sides, run together, agree; "" where they do not."""
    joined_a = "".join(u.folded for u in sa if not u.married) or "".join(u.folded for u in sa)
    joined_b = "".join(u.folded for u in sb if not u.married) or "".join(u.folded for u in sb)
    return "exact" if joined_a == joined_b else "typo" if joined_typo(joined_a, joined_b) else ""


def _maternal_only(sa: list[Surname], sb: list[Surname], pair: tuple) -> bool:
    """One side's single surname (married names aside) agrees with the other's second of two, and only with it."""
    i, j = pair[0], pair[1]
    own_a = [u for u in sa if not u.married]
    own_b = [u for u in sb if not u.married]
    return ((len(own_a) == 1 and len(own_b) == 2 and sb[j] is own_b[1])
            or (len(own_b) == 1 and len(own_a) == 2 and sa[i] is own_a[1]))
