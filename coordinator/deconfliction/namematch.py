"""Compare the names of two person records: given names, surnames and aliases.

Each comparison returns a weight (roughly the log-odds, in bits, that the
names belong to one person rather than two), the reasons in words, and a
state per part ("agree", "partial", "differ", "missing") that the scorer
uses for its rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations

from jellyfish import damerau_levenshtein_distance as _distance
from jellyfish import jaro_winkler_similarity as _jaro_winkler

from coordinator.deconfliction.names import GivenName, Surname, parse_given, parse_surnames, phonetic, sound_rules
from coordinator.deconfliction.nicknames import display_name, forms_of, name_roots, relation
from coordinator.deconfliction.reasons import N_, Reason

# Weights of one agreeing given name or surname, by how it agrees.
W_EXACT = 6.0
W_NICKNAME = 5.0
W_SOUND = 5.0
W_PARTICLE = 5.5
W_TYPO = 3.5
W_INITIAL = 2.0
W_GIVEN_DIFFER = -3.5
W_SECOND_GIVEN_DIFFER = -3.0
W_SURNAME_DIFFER = -4.5
W_OTHER_SURNAME_DIFFER = -3.0
W_SECOND_SURNAME = 0.8  # a second agreeing surname counts this fraction of its weight


@dataclass
class NameVerdict:
    """The outcome of comparing two names."""

    weight: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    given: str = "missing"
    surnames: str = "missing"
    given_kind: str = ""  # how the first given names agree: "exact", "nickname", "typo", "cross", ...


def _is_typo(a: str, b: str) -> bool:
    longest = max(len(a), len(b))
    if longest < 4:
        return False
    distance = _distance(a, b)
    return distance == 1 or (distance == 2 and longest >= 8) or _jaro_winkler(a, b) >= 0.93


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
    code_a, code_b = phonetic(a)[0], phonetic(b)[0]
    if code_a == code_b:
        return "sound", W_SOUND, ""
    known_a, known_b = bool(name_roots(a)), bool(name_roots(b))
    if known_a and known_b:
        return "", 0.0, ""  # two names that both exist (María, Marta) are not a typing error
    if _is_typo(a, b) or _is_typo(code_a, code_b):
        return "typo", W_TYPO, ""
    # A mistyped nickname: "Chabxela" for Chabela, a form of Isabel.
    for typed, other, known in ((a, b, known_a), (b, a, known_b)):
        if known:
            continue
        for form in forms_of(other):
            if form != other and len(form) >= 4 and _is_typo(typed, form):
                return "nickname_typo", W_TYPO - 0.5, form
    return "", 0.0, ""


def _sound_reason(a_raw: str, b_raw: str, a: str, b: str) -> Reason:
    rules, spanish = sound_rules(a, b)
    if spanish:
        return Reason("sounds_alike", N_("%(a)s and %(b)s sound alike in Spanish (%(rules)s)"),
                      {"a": a_raw, "b": b_raw, "rules": rules})
    return Reason("spelling", N_("%(a)s and %(b)s are spelled differently but sound alike (%(rules)s)"),
                  {"a": a_raw, "b": b_raw, "rules": rules})


def _given_reason(x: GivenName, y: GivenName, kind: str, detail: str) -> Reason | None:
    names = {"a": x.raw, "b": y.raw}
    if kind == "exact":
        if x.raw.casefold() != y.raw.casefold() and not (x.raw.isascii() and y.raw.isascii()):
            return Reason("accents", N_("names agree once accents are dropped (%(a)s / %(b)s)"), names)
        return None
    if kind == "nickname":
        if detail == x.folded:
            return Reason("nickname", N_("%(nick)s is a nickname of %(name)s"), {"nick": y.raw, "name": x.raw})
        if detail == y.folded:
            return Reason("nickname", N_("%(nick)s is a nickname of %(name)s"), {"nick": x.raw, "name": y.raw})
        return Reason("nickname", N_("%(a)s and %(b)s are both forms of %(name)s"),
                      {**names, "name": display_name(detail)})
    if kind == "equivalent":
        return Reason("name_equivalent", N_("%(a)s and %(b)s are the same name in Spanish and English"), names)
    if kind == "sound":
        return _sound_reason(x.raw, y.raw, x.folded, y.folded)
    if kind == "typo":
        return Reason("typo", N_("%(a)s and %(b)s differ by a typing error"), names)
    if kind == "nickname_typo":
        return Reason("nickname_typo", N_("%(a)s and %(b)s agree if %(form)s, a nickname, was mistyped"),
                      {**names, "form": display_name(detail)})
    if kind == "initial":
        return Reason("initial", N_("the initial %(a)s agrees with %(b)s"),
                      names if len(x.folded) == 1 else {"a": y.raw, "b": x.raw})
    return None


def compare_given(ga: list[GivenName], gb: list[GivenName]) -> NameVerdict:
    """Compare two lists of given names, allowing a dropped or a swapped second name."""
    verdict = NameVerdict()
    if not ga or not gb:
        return verdict
    kind, weight, detail = _word_relation(ga[0].folded, gb[0].folded)
    if kind:
        verdict.given, verdict.weight, verdict.given_kind = "agree", weight, kind
        _add(verdict, _given_reason(ga[0], gb[0], kind, detail))
        if len(ga) > 1 and len(gb) > 1:
            kind2, weight2, detail2 = _word_relation(ga[1].folded, gb[1].folded)
            if kind2:
                verdict.weight += min(weight2, 1.5)
                _add(verdict, _given_reason(ga[1], gb[1], kind2, detail2))
            else:
                verdict.weight += W_SECOND_GIVEN_DIFFER
                verdict.given = "partial"
                verdict.reasons.append(Reason("second_given_differs", N_("second given names differ (%(a)s / %(b)s)"),
                                              {"a": ga[1].raw, "b": gb[1].raw}))
        elif len(ga) != len(gb):
            verdict.reasons.append(Reason("second_given_missing", N_("a second given name is missing on one side")))
        return verdict
    best: tuple[float, int, int, str, str] | None = None
    for i, j in ((0, 1), (1, 0), (1, 1)):
        if i < len(ga) and j < len(gb):
            kind, weight, detail = _word_relation(ga[i].folded, gb[j].folded)
            if kind and kind != "initial" and (best is None or weight > best[0]):
                best = (weight, i, j, kind, detail)
    if best:
        weight, i, j, kind, detail = best
        verdict.given, verdict.weight, verdict.given_kind = "agree", weight - 1.5, "cross"
        _add(verdict, _given_reason(ga[i], gb[j], kind, detail))
        if len(ga) > 1 and len(gb) > 1:
            if i != j and _word_relation(ga[j].folded, gb[i].folded)[0]:
                verdict.reasons.append(Reason("given_swapped", N_("given names match in swapped order")))
            else:
                verdict.given, verdict.weight = "partial", verdict.weight + W_SECOND_GIVEN_DIFFER
                verdict.reasons.append(Reason("other_given_differs", N_("one given name agrees but the other differs")))
        elif i != j:
            verdict.reasons.append(Reason("first_given_missing", N_("the first given name is missing on one side")))
        return verdict
    joined_a, joined_b = "".join(g.folded for g in ga), "".join(g.folded for g in gb)
    if joined_a == joined_b or _is_typo(joined_a, joined_b):
        verdict.given, verdict.weight = "agree", W_EXACT if joined_a == joined_b else W_TYPO
        verdict.given_kind = "joined"
        verdict.reasons.append(Reason("given_spacing", N_("given names agree once spacing is ignored")))
        return verdict
    verdict.given, verdict.weight = "differ", W_GIVEN_DIFFER
    verdict.reasons.append(Reason("given_differs", N_("given names differ (%(a)s / %(b)s)"),
                                  {"a": ga[0].raw, "b": gb[0].raw}))
    return verdict


def _add(verdict: NameVerdict, reason: Reason | None) -> None:
    if reason is not None:
        verdict.reasons.append(reason)


@lru_cache(maxsize=262144)
def _surname_relation(x: Surname, y: Surname) -> tuple[str, float]:
    if x.folded == y.folded:
        return ("exact", W_EXACT) if x.glued == y.glued else ("particle", W_PARTICLE)
    if set(x.forms()) & set(y.forms()):
        return "particle", W_PARTICLE
    if set(x.codes()) & set(y.codes()):
        return "sound", W_SOUND
    if _is_typo(x.folded, y.folded) or _is_typo(x.glued, y.glued) or _is_typo(x.code, y.code):
        return "typo", W_TYPO
    return "", 0.0


def _surname_reason(x: Surname, y: Surname, kind: str) -> Reason | None:
    names = {"a": x.raw, "b": y.raw}
    if kind == "exact":
        if x.raw.casefold() != y.raw.casefold() and not (x.raw.isascii() and y.raw.isascii()):
            return Reason("accents", N_("names agree once accents are dropped (%(a)s / %(b)s)"), names)
        return None
    if kind == "particle":
        return Reason("particle", N_("surnames agree apart from a particle such as \"de la\" (%(a)s / %(b)s)"), names)
    if kind == "sound":
        return _sound_reason(x.raw, y.raw, x.folded, y.folded)
    return Reason("typo", N_("%(a)s and %(b)s differ by a typing error"), names)


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


def compare_surnames(sa: list[Surname], sb: list[Surname], ga: list[GivenName], gb: list[GivenName]
                     ) -> tuple[NameVerdict, set[int], set[int]]:
    """Compare two lists of surnames; also looks for a surname typed as a middle name.

    Returns the verdict and the indexes of given names of each side that
    turned out to be surnames, so the given-name comparison can skip them.
    """
    verdict = NameVerdict()
    used_a: set[int] = set()
    used_b: set[int] = set()
    if not sa or not sb:
        return verdict, used_a, used_b
    pairs = _best_alignment(sa, sb)
    weights = [p[3] for p in pairs]
    for i, j, kind, _ in pairs:
        _add(verdict, _surname_reason(sa[i], sb[j], kind))
    # A surname of one side typed as the other side's middle name.
    for own, other_given, used in ((sa, gb, used_b), (sb, ga, used_a)):
        matched = {p[0] for p in pairs} if own is sa else {p[1] for p in pairs}
        for k, unit in enumerate(own):
            if k in matched:
                continue
            for g in range(1, len(other_given)):
                word = other_given[g]
                if g not in used and (word.folded in unit.forms() or word.code in unit.codes()):
                    used.add(g)
                    matched.add(k)
                    weights.append(W_SOUND)
                    verdict.reasons.append(Reason("surname_as_middle", N_("the surname %(name)s was recorded as a middle name"),
                                                  {"name": unit.raw}))
                    break
    unmatched_a = len(sa) - len(pairs) - len(used_b)
    unmatched_b = len(sb) - len(pairs) - len(used_a)
    if not weights:
        joined_a, joined_b = "".join(u.folded for u in sa), "".join(u.folded for u in sb)
        if joined_a == joined_b or _is_typo(joined_a, joined_b):
            verdict.surnames, verdict.weight = "agree", W_EXACT if joined_a == joined_b else W_TYPO
            verdict.reasons.append(Reason("surname_spacing", N_("surnames agree once spacing is ignored")))
            return verdict, used_a, used_b
        verdict.surnames, verdict.weight = "differ", W_SURNAME_DIFFER
        verdict.reasons.append(Reason("surnames_differ", N_("surnames differ (%(a)s / %(b)s)"),
                                      {"a": " ".join(u.raw for u in sa), "b": " ".join(u.raw for u in sb)}))
        return verdict, used_a, used_b
    weights.sort(reverse=True)
    verdict.weight = weights[0] + W_SECOND_SURNAME * sum(weights[1:3])
    verdict.surnames = "agree"
    if len(pairs) >= 2 and sorted(pairs, key=lambda p: p[0])[0][1] > sorted(pairs, key=lambda p: p[0])[1][1]:
        verdict.weight -= 0.5
        verdict.reasons.append(Reason("surnames_swapped", N_("surnames match in swapped order")))
    if unmatched_a > 0 and unmatched_b > 0:
        verdict.weight += W_OTHER_SURNAME_DIFFER
        verdict.surnames = "partial"
        verdict.reasons.append(Reason("other_surname_differs", N_("one surname agrees but the other differs")))
    elif (unmatched_a > 0 or unmatched_b > 0) and len(pairs) == 1 and not (used_a or used_b):
        i, j = pairs[0][0], pairs[0][1]
        longer_index = i if len(sa) > len(sb) else j
        if longer_index >= 1:
            verdict.reasons.append(Reason("maternal_only", N_("only the maternal surname was recorded on one side")))
        else:
            verdict.reasons.append(Reason("one_surname", N_("only one surname was recorded on one side")))
    elif unmatched_a > 0 or unmatched_b > 0:
        verdict.reasons.append(Reason("surname_missing", N_("a surname is missing on one side")))
    return verdict, used_a, used_b


def compare_names(ga: list[GivenName], sa: list[Surname], gb: list[GivenName], sb: list[Surname]) -> NameVerdict:
    """Compare full names; if they disagree, also try one side's given name and surname swapped."""
    verdict = _compare_in_order(ga, sa, gb, sb)
    if (verdict.given != "agree" or verdict.surnames != "agree") and gb and sb:
        swapped_given, _ = parse_given(" ".join(u.raw for u in sb))
        swapped_surnames, _ = parse_surnames(" ".join(g.raw for g in gb))
        swapped = _compare_in_order(ga, sa, swapped_given, swapped_surnames)
        if swapped.given == "agree" and swapped.surnames == "agree" and swapped.weight - 2.0 > verdict.weight:
            swapped.weight -= 2.0
            swapped.reasons.insert(0, Reason("name_fields_swapped", N_("given name and surname are swapped")))
            return swapped
    return verdict


def _compare_in_order(ga: list[GivenName], sa: list[Surname], gb: list[GivenName], sb: list[Surname]) -> NameVerdict:
    """Surnames first, then the given names left over once middle-name surnames are set aside."""
    surnames, used_a, used_b = compare_surnames(sa, sb, ga, gb)
    if used_a:
        ga = [g for k, g in enumerate(ga) if k not in used_a]
    if used_b:
        gb = [g for k, g in enumerate(gb) if k not in used_b]
    given = compare_given(ga, gb)
    return NameVerdict(given.weight + surnames.weight, given.reasons + surnames.reasons, given.given, surnames.surnames,
                       given.given_kind)
