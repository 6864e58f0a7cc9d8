"""Compare the names of two person records: given names, surnames and aliases.

Each comparison returns a weight (the log-odds, in bits, that the names
belong to one person rather than two: log2(m/u)), the reasons in words, and
a state per part ("agree", "partial", "differ", "missing") that the scorer
uses for its rules. An agreement weighs by how common the name is: the
kind's weight is the evidence for a name that one record in 64 carries,
and a rarer name adds log2(64 x its share's inverse), a commoner one takes
away.

Reasons speak to the owner of the first record, in its own terms: they
quote its names only, never the other record's spelling or structure.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations

from jellyfish import damerau_levenshtein_distance as _distance
from jellyfish import jaro_winkler_similarity as _jaro_winkler

from coordinator.deconfliction.frequencies import known_name_share
from coordinator.deconfliction.names import (
    GLUED_PARTICLES, GivenName, Surname, fold, parse_given, parse_surnames, phonetic, readings_agree, sound_alike,
    spoken,
)
from coordinator.deconfliction.nicknames import compound_names, forms_of, name_roots, relation
from coordinator.deconfliction.reasons import N_, Reason

# Weights of one agreeing given name or surname, by how it agrees.
W_EXACT = 6.0
W_NICKNAME = 5.0
W_SOUND = 5.0
W_PARTICLE = 5.5
W_TYPO = 3.5
W_INITIAL = 2.0
W_GIVEN_DIFFER = -5.0
W_SECOND_GIVEN_DIFFER = -3.0
W_SURNAME_DIFFER = -7.0
W_OTHER_SURNAME_DIFFER = -5.5
W_SECOND_SURNAME = 0.9  # a second agreeing surname counts this fraction of its weight (families share both)
W_SECOND_GIVEN = 0.5  # and a second given name this fraction (given names run in pairs: José Luis)
# One surname on a record, agreeing only with the other record's second
# (maternal) surname: a person recorded under one surname is mostly
# recorded under the first, so the other's paternal surname is unaccounted
# for; m is a fraction of a dropped maternal surname's.
W_MATERNAL_ONLY = -3.0
W_CROSS = -2.5  # a given name that agrees in another position: the first one of a side was dropped
DROPPED_FIRST_NAMES = frozenset({"MARIA", "JOSE", "JUAN", "MA"})
U_TYPICAL = 1 / 64  # the share of records carrying a name whose agreement weighs the kind's weight
RARITY_MIN, RARITY_MAX = -4.0, 7.0
_BY_FREQUENCY = frozenset({"exact", "nickname", "equivalent", "sound", "particle", "shorthand"})
# A given name this common in the public lists (one person in 10,000) is a
# name of its own: another such name one letter away (Mayra for María) is
# a sister's or a namesake's, not a typing error. Rarer spellings in the
# lists (Jesica, Jonathon) are the slips themselves.
REAL_NAME_SHARE = 1e-4
# A surname as common as this fraction of another one letter away is a family's name of its own (Fernández and
# Hernández, 0.06), where a slip of a common surname is borne by about a hundredth as many (Hernadez, 0.008).
REAL_SURNAME_RATIO = 0.05
TYPO_SIMILARITY = 0.93  # Jaro-Winkler from which two spellings are one mistyped


def rarity(frequencies, prefix: str, *names: str) -> float:
    """Bits an agreement gains (a rare name) or loses (a common one): log2(U_TYPICAL / share).

    The share is the largest of the names' (the commoner spelling decides).
    """
    if frequencies is None:
        return 0.0
    share = max(frequencies.share(f"{prefix}:{name}") for name in names if name)
    return max(min(math.log2(U_TYPICAL / max(share, 1e-9)), RARITY_MAX), RARITY_MIN)


@dataclass
class NameVerdict:
    """The outcome of comparing two names."""

    weight: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    given: str = "missing"
    surnames: str = "missing"
    given_kind: str = ""  # how the first given names agree: "exact", "nickname", "typo", "cross", ...


# Letters a scan's text recognition reads as one other: "rn" for m, "cl" for d, "vv" for w.
_SCAN_READINGS = (("RN", "M"), ("CL", "D"), ("VV", "W"))


def _as_scanned(word: str) -> str:
    for read, letter in _SCAN_READINGS:
        word = word.replace(read, letter)
    return word


def _is_typo(a: str, b: str) -> bool:
    longest = max(len(a), len(b))
    if longest < 4:
        return False
    distance = _distance(a, b)
    return distance == 1 or (distance == 2 and longest >= 8) or _jaro_winkler(a, b) >= TYPO_SIMILARITY \
        or distance == 2 and _distance(_as_scanned(a), _as_scanned(b)) <= 1


def _codes_a_typo_apart(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two words whose sound codes (``names.spoken``), read the same way, are a slip apart."""
    return any(_is_typo(x, y) for x, y in zip(a, b))


def _joined_typo(a: str, b: str) -> bool:
    """Two names run together that differ by a typing error: by edits alone, as two long strings with
    the same first surname are alike by any similarity measure ("MARTINEZLOPEZ", "MARTINEZPEREZ")."""
    return min(len(a), len(b)) >= 4 and _distance(a, b) <= (2 if max(len(a), len(b)) >= 10 else 1)


@lru_cache(maxsize=262144)
def _word_relation(a: str, b: str) -> tuple[str, float, str]:
    """How two folded given names relate: (kind, weight, detail) or ("", 0, "")."""
    if a == b:
        return "exact", W_EXACT, ""
    if len(a) == 1 or len(b) == 1:
        return ("initial", W_INITIAL, "") if a[0] == b[0] else ("", 0.0, "")
    nick = relation(a, b)
    if nick:
        return nick[0], W_NICKNAME, nick[1]
    if sound_alike(a, b) or _y_for_j(a, b) or _y_for_j(b, a):
        return "sound", W_SOUND, ""
    known_a, known_b = bool(name_roots(a)), bool(name_roots(b))
    spelt = _diminutive_spelt_otherwise(a, b, known_a) or _diminutive_spelt_otherwise(b, a, known_b)
    if spelt:
        return "nickname", W_NICKNAME, spelt
    if (known_a and known_b or _real_given_name(a) and _real_given_name(b)) and not _inner_transposition(a, b):
        return "", 0.0, ""  # two names that both exist (María, Marta; Mayra) are not a typing error
    if _is_typo(a, b) or _codes_a_typo_apart(spoken(a), spoken(b)) \
            or len(a) == 3 and (_turned_round(a, b) or _neighbouring_key(a, b)):
        # Three letters are too few for an edit to be a slip, but two turned round are (Aan for Ana), and so is
        # the key beside the right one (Anz, Aba); two names that both exist stopped above.
        return "typo", W_TYPO, ""
    # A mistyped nickname: "Chabxela" for Chabela, a form of Isabel.
    for typed, other, known in ((a, b, known_a), (b, a, known_b)):
        if known:
            continue
        for form in forms_of(other):
            # Mistyped, or spelt as it sounds: "Coke" for Coque, a form of Jorge. Not a nickname of two names
            # ("MARIACARMEN" is María Carmen run together, not Maricarmen mistyped).
            if form != other and len(form) >= 4 and not compound_names(form) \
                    and (_is_typo(typed, form) or sound_alike(typed, form)):
                return "nickname_typo", W_TYPO - 0.5, form
    return "", 0.0, ""


def _y_for_j(a: str, b: str) -> bool:
    """An initial J written as the Y Spanish sounds it with: Yessica, Yoselin, Yanet for Jessica, Joselin, Janet.

    The phonetic code reads an initial Y as the Spanish LL and J as the Spanish J; here the Y stands for the
    English (or Hebrew) J, so the codes never meet.
    """
    return (len(a) >= 4 and a[0] == "Y" and b[:1] == "J" and a[1] in "AEIOU"
            and phonetic("J" + a[1:])[0] == phonetic(b)[0])


_DIMINUTIVE_ENDINGS = ("IE", "EY", "EE", "Y", "I")


def _diminutive_stem(folded: str) -> str:
    """A diminutive without its ending, however it is spelt (BECKIE, BECKY, BECKI: BECK); "" if it has none.

    Four letters are left at least: MARIE and MARY are two names.
    """
    for ending in _DIMINUTIVE_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 4:
            return folded[:-len(ending)]
    return ""


def _diminutive_spelt_otherwise(typed: str, other: str, known: bool) -> str:
    """The formal name ``other`` stands for when ``typed``, in no table, is one of its diminutives with the ending
    spelt another way (Beckie for Becky, a form of Rebecca; Sammie for Sammy); "" otherwise."""
    stem = "" if known else _diminutive_stem(typed)
    if not stem:
        return ""
    for form in forms_of(other):
        # A diminutive of the table, not a formal name (Marie is no spelling of Mary).
        if form not in name_roots(form) and _diminutive_stem(form) == stem:
            found = relation(form, other)
            if found and found[0] == "nickname":
                return found[1]
    return ""


def _inner_transposition(a: str, b: str) -> bool:
    """Two letters inside the name typed the other way round: Micheal for Michael, a slip however many people
    bear the slip as their name. At the first or the last letter it may be another name (Elias, Elisa)."""
    return len(a) >= 5 and a[0] == b[0] and a[-1] == b[-1] and _turned_round(a, b)


# The letters around each on a keyboard (QWERTY, as US and Mexican keyboards lay them; Ñ beside L).
_KEYBOARD_ROWS = ("QWERTYUIOP", "ASDFGHJKLÑ", "ZXCVBNM")


def _keys_around() -> dict[str, set[str]]:
    """Each key's neighbours: the keys beside it, and the two above and the two below that touch it (a row
    sits half a key to the right of the one above it)."""
    around: dict[str, set[str]] = {}
    for r, row in enumerate(_KEYBOARD_ROWS):
        for c, key in enumerate(row):
            touching = ((r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c))
            around[key] = {_KEYBOARD_ROWS[rr][cc] for rr, cc in touching
                           if 0 <= rr < len(_KEYBOARD_ROWS) and 0 <= cc < len(_KEYBOARD_ROWS[rr])}
    return around


_KEYS_AROUND = _keys_around()


def _neighbouring_key(a: str, b: str) -> bool:
    """One letter struck on the key beside the right one, all the others the same: Anz for Ana."""
    if len(a) != len(b):
        return False
    at = [k for k in range(len(a)) if a[k] != b[k]]
    return len(at) == 1 and b[at[0]] in _KEYS_AROUND.get(a[at[0]], ())


def _turned_round(a: str, b: str) -> bool:
    """The same letters but two side by side, typed the other way round."""
    if len(a) != len(b):
        return False
    at = [k for k in range(len(a)) if a[k] != b[k]]
    return len(at) == 2 and at[1] == at[0] + 1 and a[at[0]] == b[at[1]] and a[at[1]] == b[at[0]]


def _real_given_name(folded: str) -> bool:
    """A given name the public lists hold for one person in REAL_NAME_SHARE or more: a name of its own, not a slip."""
    return known_name_share(folded, "g") >= REAL_NAME_SHARE


def _given_reason(x: GivenName, y: GivenName, kind: str, detail: str) -> Reason | None:
    """Why the viewer's given name ``x`` agrees, quoting ``x`` alone."""
    mine = {"a": x.raw}
    if kind == "exact":
        if _abbreviated(x) != _abbreviated(y):
            if _abbreviated(x):
                return Reason("abbreviation", N_("your name %(a)s agrees read as the name it abbreviates"), mine)
            return Reason("abbreviation", N_("your name %(a)s agrees with an abbreviation of it"), mine)
        if x.raw.casefold() != y.raw.casefold() and not (x.raw.isascii() and y.raw.isascii()):
            return Reason("accents", N_("your name %(a)s agrees once accents and special letters are set aside"), mine)
        return None
    if kind == "nickname":
        if detail == y.folded and x.folded != detail:
            return Reason("nickname", N_("your name %(a)s agrees as a nickname of the name on the other record"), mine)
        if detail == x.folded:
            return Reason("nickname", N_("your name %(a)s agrees with a nickname of it"), mine)
        return Reason("nickname", N_("your name %(a)s and the name on the other record are forms of one name"), mine)
    if kind == "equivalent":
        return Reason("name_equivalent", N_("your name %(a)s agrees with its equivalent in Spanish or English"), mine)
    if kind == "sound":
        return Reason("sounds_alike", N_("your name %(a)s agrees with a spelling that sounds alike"), mine)
    if kind == "typo":
        return Reason("typo", N_("your name %(a)s agrees but for a typing error"), mine)
    if kind == "nickname_typo":
        return Reason("nickname_typo", N_("your name %(a)s agrees with a mistyped nickname of it"), mine)
    if kind == "initial":
        if len(x.folded) == 1:
            return Reason("initial", N_("your initial %(a)s agrees with a full name"), mine)
        return Reason("initial", N_("your name %(a)s agrees with an initial"), mine)
    return None


def _abbreviated(name: GivenName) -> bool:
    """A given name typed shortened and read as the name it stands for ("Fco.", "Guad.")."""
    return fold(name.raw) != name.folded


def _given_weight(x: GivenName, y: GivenName, kind: str, weight: float, detail: str, frequencies) -> float:
    """The kind's weight, adjusted by how common the name (or the formal name of a nickname) is."""
    if kind not in _BY_FREQUENCY:
        return weight
    return weight + rarity(frequencies, "g", x.folded, y.folded, detail if kind == "nickname" else "")


def compare_given(ga: list[GivenName], gb: list[GivenName], frequencies=None) -> NameVerdict:
    """Compare two lists of given names, allowing a dropped or a swapped second name."""
    verdict = NameVerdict()
    if not ga or not gb:
        return verdict
    compound = _compound_verdict(ga, gb, frequencies)
    if compound is not None:
        return compound
    if len(ga) > 1 and len(gb) > 1 and [g.folded for g in ga] != [g.folded for g in gb]:
        # "An aWendy" for Ana Wendy: every letter in its place, a space moved. Read word by word, An and Ana
        # agree and the second names differ.
        moved = _joined_verdict(ga, gb, exact=True)
        if moved is not None:
            return moved
    kind, weight, detail = _word_relation(ga[0].folded, gb[0].folded)
    if kind:
        weight = _given_weight(ga[0], gb[0], kind, weight, detail, frequencies)
        verdict.given, verdict.weight, verdict.given_kind = "agree", weight, kind
        _add(verdict, _given_reason(ga[0], gb[0], kind, detail))
        if len(ga) > 1 and len(gb) > 1:
            kind2, weight2, detail2 = _word_relation(ga[1].folded, gb[1].folded)
            if not kind2 and _is_typo(ga[1].folded, gb[1].folded):
                # Two second names that both exist, a slip apart (Dana Lia, Dana Lisa): one person's mistyped
                # as often as a sister's, who shares the first. Counted for nothing; a reviewer judges.
                verdict.reasons.append(Reason("second_given_slip", N_("your second given name %(a)s agrees but "
                                                                     "for a typing error, or is another name"),
                                              {"a": ga[1].raw}))
            elif kind2:
                if kind2 in _BY_FREQUENCY:
                    verdict.weight += W_SECOND_GIVEN * _given_weight(ga[1], gb[1], kind2, weight2, detail2, frequencies)
                else:
                    verdict.weight += min(weight2, 1.5)
                _add(verdict, _given_reason(ga[1], gb[1], kind2, detail2))
            elif _cut_short(ga, gb):
                verdict.weight += min(W_INITIAL, 1.5)
                verdict.reasons.append(Reason("given_cut_short", N_("your second given name %(a)s agrees as far as "
                                                                    "one record gives it"), {"a": ga[1].raw}))
            elif not _one_left_out(verdict, ga, gb, frequencies):
                verdict.weight += W_SECOND_GIVEN_DIFFER
                verdict.given = "partial"
                verdict.reasons.append(Reason("second_given_differs", N_("your second given name %(a)s differs"),
                                              {"a": ga[1].raw}))
        return verdict
    shifted = _after_a_stray_letter(ga, gb, frequencies)
    if shifted is not None:
        return shifted
    best: tuple[float, int, int, str, str] | None = None
    for i, j in ((0, 1), (1, 0), (1, 1)):
        if i < len(ga) and j < len(gb):
            kind, weight, detail = _word_relation(ga[i].folded, gb[j].folded)
            if kind and kind != "initial":
                weight = _given_weight(ga[i], gb[j], kind, weight, detail, frequencies)
                if best is None or weight > best[0]:
                    best = (weight, i, j, kind, detail)
    if best:
        weight, i, j, kind, detail = best
        # "María Guadalupe" known as Guadalupe: a first name that Mexicans
        # often drop is no sign of a different person; another one may be
        # a twin's or a sibling's.
        dropped = ga[0] if i == 1 else gb[0] if j == 1 else None
        prefix = dropped is not None and dropped.folded in DROPPED_FIRST_NAMES
        verdict.given, verdict.weight = "agree", weight + W_CROSS
        verdict.given_kind = "cross_prefix" if prefix else "cross"
        _add(verdict, _given_reason(ga[i], gb[j], kind, detail))
        if len(ga) > 1 and len(gb) > 1:
            if i != j and _word_relation(ga[j].folded, gb[i].folded)[0]:
                verdict.reasons.append(Reason("given_swapped", N_("your given names %(a)s agree in either order"),
                                              {"a": " ".join(g.raw for g in ga)}))
            elif i == j == 1 and _is_typo(ga[0].folded, gb[0].folded):
                # Joss Juan for José Juan: two first names that both exist, a slip apart, the second alike. One
                # person's mistyped as often as a twin brother's; read as the second name agreeing, a reviewer judges.
                verdict.given_kind = "cross"
                verdict.reasons.append(Reason("first_given_slip", N_("your given name %(a)s agrees but for a typing "
                                                                    "error, or is another name"), {"a": ga[0].raw}))
            else:
                verdict.given, verdict.weight = "partial", verdict.weight + W_SECOND_GIVEN_DIFFER
                verdict.reasons.append(Reason("other_given_differs", N_("your given name %(a)s agrees; %(b)s differs"),
                                              {"a": ga[i].raw, "b": ga[1 - i].raw}))
        elif len(ga) > 1:
            verdict.reasons.append(Reason("given_partly", N_("only your given name %(a)s agrees"), {"a": ga[i].raw}))
        else:
            verdict.reasons.append(Reason("given_partly", N_("your given name %(a)s agrees with a name in another "
                                                             "position"), {"a": ga[i].raw}))
        return verdict
    # Only where the spacing differs: one name on each side was compared above (Elias and Elisa are two).
    joined = _joined_verdict(ga, gb, exact=False) if len(ga) + len(gb) > 2 else None
    if joined is not None:
        return joined
    verdict.given, verdict.weight = "differ", W_GIVEN_DIFFER
    verdict.reasons.append(Reason("given_differs", N_("your given name %(a)s differs"), {"a": ga[0].raw}))
    return verdict


def _by_middle_initial(ga: list[GivenName], gb: list[GivenName]) -> NameVerdict | None:
    """Jen against Nydia J.: one record's only given name begins with the letter the other gives, and no more,
    for its second. Someone known by the middle name, written in full on one record and as an initial on the
    other; a sister born the same day would have to bear a name of that letter too. And the same both ways
    round: Edgar D. against Daniel E."""
    as_middle = N_("your given name %(a)s may be the middle name the other record gives only by its initial")
    for one, two, own in ((ga, gb, True), (gb, ga, False)):
        if len(one) == 1 and len(two) == 2 and two[1].is_initial and not one[0].is_initial \
                and not two[0].is_initial and one[0].folded[:1] == two[1].folded[:1]:
            reason = (Reason("by_middle_initial", as_middle, {"a": one[0].raw}) if own else
                      Reason("by_middle_initial", N_("your middle initial %(a)s may stand for the given name the other "
                                                     "record gives"), {"a": two[1].raw}))
            return NameVerdict(W_INITIAL + W_CROSS, [reason], "agree", given_kind="middle_initial")
    if len(ga) == len(gb) == 2 and ga[1].is_initial and gb[1].is_initial and not ga[0].is_initial \
            and not gb[0].is_initial and ga[0].folded[:1] == gb[1].folded and gb[0].folded[:1] == ga[1].folded:
        # Edgar D. against Daniel E.: each record's first given name is the other's second, given by its initial.
        reason = Reason("by_middle_initial", as_middle, {"a": ga[0].raw})
        return NameVerdict(2 * W_INITIAL + W_CROSS, [reason], "agree", given_kind="middle_initial")
    return None


def _cut_short(ga: list[GivenName], gb: list[GivenName]) -> bool:
    """The second given names, one the start of the other and the last of its record: a field cut short.

    A system that keeps so many characters of the given-name field cuts its
    last name short ("JOSÉ LU" for José Luis, "Ana Do" for Ana Dora). Two
    letters at least: one is an initial, read as such.
    """
    for x, y in ((ga, gb), (gb, ga)):
        cut, whole = x[1].folded, y[1].folded
        if len(x) == 2 and 2 <= len(cut) < len(whole) and whole.startswith(cut):
            return True
    return False


def _one_left_out(verdict: NameVerdict, ga: list[GivenName], gb: list[GivenName], frequencies) -> bool:
    """The last given name of a record of two agreeing with the other record's third: one left out between them.

    A first name of two words (María Eugenia, Miguel Ángel) entered as its
    initial or its first word, the middle name after it: "M. Delia" and
    "María Eugenia Delia", "J. P." and "José Emilio Patricio". Counted as a
    second given name that agrees (into ``verdict``); the reason quotes the
    viewer's own names only. False where the lists are not so, or the names
    do not agree.
    """
    if sorted((len(ga), len(gb))) != [2, 3]:
        return False
    short, long_ = (ga, gb) if len(ga) == 2 else (gb, ga)
    kind, weight, detail = _word_relation(short[1].folded, long_[2].folded)
    if not kind:
        return False
    verdict.weight += W_SECOND_GIVEN * _given_weight(short[1], long_[2], kind, weight, detail, frequencies) \
        if kind in _BY_FREQUENCY else min(weight, 1.5)
    if short is ga:
        reason = Reason("given_left_out", N_("your given names %(a)s agree; the other record has one more between "
                                             "them"), {"a": " ".join(g.raw for g in ga)})
    else:
        reason = Reason("given_left_out", N_("your given names agree but for %(a)s, which the other record leaves "
                                             "out"), {"a": ga[1].raw})
    verdict.reasons.append(reason)
    return True


def _compound_verdict(ga: list[GivenName], gb: list[GivenName], frequencies) -> NameVerdict | None:
    """A lone nickname of two given names (Marijo for María José) against two given names or more, or None.

    The nickname says both names: the first agreeing and the second another
    (María Gabriela) is a twin's or a sister's name, as María José against
    María Gabriela is.
    """
    for nick, full in ((ga, gb), (gb, ga)):
        if len(nick) != 1 or len(full) < 2 or full[1].is_initial:
            continue
        pairs = [(first, second) for first, second in compound_names(nick[0].folded)
                 if _word_relation(full[0].folded, first)[0] not in ("", "initial")]
        if not pairs:
            continue
        first = pairs[0][0]
        agreeing = [second for _, second in pairs if _word_relation(full[1].folded, second)[0] not in ("", "initial")]
        verdict = NameVerdict(given="agree", given_kind="nickname",
                              weight=W_NICKNAME + rarity(frequencies, "g", full[0].folded, first))
        mine = ga[0].raw if nick is ga else " ".join(g.raw for g in ga[:2])
        if agreeing:
            verdict.weight += W_SECOND_GIVEN * (W_NICKNAME + rarity(frequencies, "g", full[1].folded, agreeing[0]))
            message = (N_("your name %(a)s agrees as a nickname of the name on the other record") if nick is ga else
                       N_("your name %(a)s agrees with a nickname of it"))
            verdict.reasons.append(Reason("nickname", message, {"a": mine}))
        else:
            verdict.given, verdict.weight = "partial", verdict.weight + W_SECOND_GIVEN_DIFFER
            verdict.reasons.append(
                Reason("second_given_differs", N_("your nickname %(a)s stands for two given names, and the second "
                                                  "differs"), {"a": mine}) if nick is ga else
                Reason("second_given_differs", N_("your second given name %(a)s differs"), {"a": ga[1].raw}))
        return verdict
    return None


def _joined_verdict(ga: list[GivenName], gb: list[GivenName], exact: bool) -> NameVerdict | None:
    """The given names agreeing as one word each (only letter for letter if ``exact``), or None."""
    joined_a, joined_b = _run_together(ga, gb), _run_together(gb, ga)
    if joined_a != joined_b and (exact or not _is_typo(joined_a, joined_b)):
        return None
    verdict = NameVerdict()
    verdict.given, verdict.weight = "agree", W_EXACT if joined_a == joined_b else W_TYPO
    verdict.given_kind = "joined"
    verdict.reasons.append(Reason("given_spacing", N_("your given names %(a)s agree once spacing is ignored"),
                                  {"a": " ".join(g.raw for g in ga)}))
    return verdict


def _after_a_stray_letter(ga: list[GivenName], gb: list[GivenName], frequencies) -> NameVerdict | None:
    """The given names compared past a lone letter before them that agrees with nothing on the other record.

    "C. Norma Gladys" (C. for "ciudadana", as Mexican documents address a
    person) against Norma Gladys: the names after the letter agree from the
    first. A name in another position (``W_CROSS``); where two given names
    or more follow the letter and are the other record's, written alike,
    nothing else ("stray_letter"): a sister born the same day does not bear
    them all.
    """
    for x in (ga, gb):
        if len(x) > 1 and len(x[0].folded) == 1 and not x[1].is_initial:
            rest, other = (ga[1:], gb) if x is ga else (gb[1:], ga)
            # Compared in the viewer's order, as every reason quotes the viewer's names.
            verdict = compare_given(rest, other, frequencies) if x is ga else compare_given(other, rest, frequencies)
            if verdict.given == "agree" and verdict.given_kind not in ("cross", "cross_prefix", "joined"):
                verdict.weight += W_CROSS
                whole = len(rest) >= 2 and [r.folded for r in rest] == [o.folded for o in other]
                verdict.given_kind = "stray_letter" if whole else "cross"
                verdict.reasons.append(Reason("given_partly", N_("your given name %(a)s agrees with a name in "
                                                                 "another position"),
                                              {"a": (ga[1] if x is ga else ga[0]).raw}))
                return verdict
    return None


def _add(verdict: NameVerdict, reason: Reason | None) -> None:
    if reason is not None:
        verdict.reasons.append(reason)


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
    if _two_real_surnames(a, b) and not _inner_transposition(a, b):
        return "", 0.0  # two surnames that both exist (Hernández, Fernández) are not a typing error
    # As written and, for a shorthand, as the surname it stands for: the same pair is tried once.
    if any(_is_typo(p, q) for p, q in {(x.folded, y.folded), (a, b), (x.glued, y.glued)}) \
            or _codes_a_typo_apart(x.spoken_codes()[0], y.spoken_codes()[0]) \
            or len(a) == len(b) == 3 and (_turned_round(a, b) or _neighbouring_key(a, b)):
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
        if kind in _BY_FREQUENCY:
            weight += rarity(frequencies, "s", sa[i].folded, sb[j].folded)
        weights.append(weight)
        _add(verdict, _surname_reason(sa[i], sb[j], kind))
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
    matched_b = {p[1] for p in pairs}
    # A married name left over is set aside; one found among the other's given names is counted there.
    married_a = sum(1 for k, u in enumerate(sa) if k not in found[0] and u.married)
    married_b = sum(1 for k, u in enumerate(sb) if k not in found[1] and u.married)
    unmatched_a = len(sa) - len(pairs) - len(used_b) - married_a
    unmatched_b = len(sb) - len(pairs) - len(used_a) - married_b
    joined = "" if pairs else _joined_agree(sa, sb)
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
        verdict.weight -= 0.5
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


def _joined_agree(sa: list[Surname], sb: list[Surname]) -> str:
    """"exact" or "typo" where the surnames of the two sides, run together, agree; "" where they do not."""
    joined_a = "".join(u.folded for u in sa if not u.married) or "".join(u.folded for u in sa)
    joined_b = "".join(u.folded for u in sb if not u.married) or "".join(u.folded for u in sb)
    return "exact" if joined_a == joined_b else "typo" if _joined_typo(joined_a, joined_b) else ""


def _maternal_only(sa: list[Surname], sb: list[Surname], pair: tuple) -> bool:
    """One side's single surname (married names aside) agrees with the other's second of two, and only with it."""
    i, j = pair[0], pair[1]
    own_a = [u for u in sa if not u.married]
    own_b = [u for u in sb if not u.married]
    return ((len(own_a) == 1 and len(own_b) == 2 and sb[j] is own_b[1])
            or (len(own_b) == 1 and len(own_a) == 2 and sa[i] is own_a[1]))


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
        if not (first_a and first_b and _word_relation(first_a[0].folded, first_b[0].folded)[0]):
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


def _run_together(given: list[GivenName], other: list[GivenName]) -> str:
    """The given names as one word, as the other side's single word has them: with the particle it holds between
    the first two ("MARIA" "CARMEN" as MARIADELCARMEN), if it holds one there. Reading the names sets particles
    aside ("María del Carmen", "María de los Ángeles"); run together, they are part of the one word."""
    joined = "".join(g.folded for g in given)
    if len(given) < 2 or len(other) != 1:
        return joined
    word, first, rest = other[0].folded, given[0].folded, "".join(g.folded for g in given[1:])
    for particle in GLUED_PARTICLES:  # longest first: "DEL" before "DE"
        after = word[len(first + particle):] if word.startswith(first + particle) else ""
        if after and (after == rest or _is_typo(after, rest)):
            return first + particle + rest
    return joined


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
        given = _by_middle_initial(ga, gb) or given
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
        and (all(set(unit.forms()) & theirs for unit in own) or bool(_joined_agree(own, other)))


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
