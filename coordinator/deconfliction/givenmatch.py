"""Compare the given names of two person records.

Given names agree as written, as a nickname or an equivalent of another
language (Pepe, José; Bill, William), as they sound, by an initial, or
through a slip; in another position (a first name dropped), run together
or cut short. Reasons quote the viewer's names only.
"""
from __future__ import annotations

from functools import lru_cache

from coordinator.deconfliction.frequencies import known_name_share, second_given_bits
from coordinator.deconfliction.names import GLUED_PARTICLES, GivenName
from coordinator.deconfliction.nameverdict import (
    BY_FREQUENCY, DROPPED_FIRST_NAMES, NameVerdict, REAL_NAME_SHARE, W_CROSS, W_EXACT, W_GIVEN_DIFFER, W_INITIAL,
    W_NICKNAME, W_SECOND_GIVEN, W_SECOND_GIVEN_DIFFER, W_SOUND, W_TYPO, add_reason, rarity,
)
from coordinator.deconfliction.nicknames import compound_names, forms_of, name_roots, relation
from coordinator.deconfliction.phonetics import phonetic, sound_alike, spoken
from coordinator.deconfliction.reasons import N_, Reason
from coordinator.deconfliction.spelling import fold
from coordinator.deconfliction.typos import (
    codes_a_typo_apart, inner_transposition, is_typo, neighbouring_key, turned_round,
)


@lru_cache(maxsize=262144)
def word_relation(a: str, b: str) -> tuple[str, float, str]:
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
    if (known_a and known_b or _real_given_name(a) and _real_given_name(b)) and not inner_transposition(a, b):
        return "", 0.0, ""  # two names that both exist (María, Marta; Mayra) are not a typing error
    if is_typo(a, b) or codes_a_typo_apart(spoken(a), spoken(b)) \
            or len(a) == 3 and (turned_round(a, b) or neighbouring_key(a, b)):
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
                    and (is_typo(typed, form) or sound_alike(typed, form)):
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
    if kind not in BY_FREQUENCY:
        return weight
    return weight + rarity(frequencies, "g", x.folded, y.folded, detail if kind == "nickname" else "")


def _second_given_weight(ga: list[GivenName], gb: list[GivenName], first_kind: str, kind: str, weight: float,
                         detail: str, frequencies) -> float:
    """A second given name that agrees after a first one that does: half its own weight, as given names run in
    pairs (José Luis); both written alike, what the counts say of the two borne together
    (``frequencies.second_given_bits``: Juan Juventino is far rarer than Juan, José Luis not much), never more than
    its own weight."""
    own = _given_weight(ga[1], gb[1], kind, weight, detail, frequencies)
    if frequencies is None or first_kind != "exact" or kind != "exact" or ga[1].is_initial:
        return W_SECOND_GIVEN * own
    return min(second_given_bits(frequencies, ga[0].folded, ga[1].folded), own)


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
    kind, weight, detail = word_relation(ga[0].folded, gb[0].folded)
    if kind:
        weight = _given_weight(ga[0], gb[0], kind, weight, detail, frequencies)
        verdict.given, verdict.weight, verdict.given_kind = "agree", weight, kind
        add_reason(verdict, _given_reason(ga[0], gb[0], kind, detail))
        if len(ga) > 1 and len(gb) > 1:
            kind2, weight2, detail2 = word_relation(ga[1].folded, gb[1].folded)
            if not kind2 and is_typo(ga[1].folded, gb[1].folded):
                # Two second names that both exist, a slip apart (Dana Lia, Dana Lisa): one person's mistyped
                # as often as a sister's, who shares the first. Counted for nothing; a reviewer judges.
                verdict.reasons.append(Reason("second_given_slip", N_("your second given name %(a)s agrees but "
                                                                     "for a typing error, or is another name"),
                                              {"a": ga[1].raw}))
            elif kind2:
                if kind2 in BY_FREQUENCY:
                    verdict.weight += _second_given_weight(ga, gb, kind, kind2, weight2, detail2, frequencies)
                else:
                    verdict.weight += min(weight2, 1.5)
                add_reason(verdict, _given_reason(ga[1], gb[1], kind2, detail2))
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
            kind, weight, detail = word_relation(ga[i].folded, gb[j].folded)
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
        add_reason(verdict, _given_reason(ga[i], gb[j], kind, detail))
        if len(ga) > 1 and len(gb) > 1:
            if i != j and word_relation(ga[j].folded, gb[i].folded)[0]:
                verdict.reasons.append(Reason("given_swapped", N_("your given names %(a)s agree in either order"),
                                              {"a": " ".join(g.raw for g in ga)}))
            elif i == j == 1 and is_typo(ga[0].folded, gb[0].folded):
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


def by_middle_initial(ga: list[GivenName], gb: list[GivenName]) -> NameVerdict | None:
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
    kind, weight, detail = word_relation(short[1].folded, long_[2].folded)
    if not kind:
        return False
    verdict.weight += W_SECOND_GIVEN * _given_weight(short[1], long_[2], kind, weight, detail, frequencies) \
        if kind in BY_FREQUENCY else min(weight, 1.5)
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
                 if word_relation(full[0].folded, first)[0] not in ("", "initial")]
        if not pairs:
            continue
        first = pairs[0][0]
        agreeing = [second for _, second in pairs if word_relation(full[1].folded, second)[0] not in ("", "initial")]
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
    if joined_a != joined_b and (exact or not is_typo(joined_a, joined_b)):
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
        if after and (after == rest or is_typo(after, rest)):
            return first + particle + rest
    return joined
