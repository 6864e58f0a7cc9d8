"""Spanish-aware sound codes of names: spellings that sound alike share a code.

``phonetic`` is the code a name is indexed by, with the spelling rules that
fired (Ximénez, Jiménez, Himenes); ``spoken`` the two codes names are
compared by, the LL read as the Y's sound and as a double L (Yamilet,
Llamilet).
"""
from __future__ import annotations

import re
from functools import lru_cache

from coordinator.deconfliction.reasons import N_


# (rule id, pattern, replacement), applied in order to a folded word. The ids
# that fire on each spelling tell which sound rule made two spellings agree.
_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("", re.compile(r"^MC"), "MAC"),
    ("ph", re.compile(r"PH"), "F"),
    ("x", re.compile(r"^X(?=[AEIOU])"), "J"),
    ("", re.compile(r"CHR"), "KR"),
    ("", re.compile(r"CH"), "1"),
    ("h", re.compile(r"H"), ""),
    ("qu", re.compile(r"QU(?=[EI])"), "K"),
    ("ge", re.compile(r"G(?=[EI])"), "J"),
    ("gu", re.compile(r"GU(?=[EI])"), "G"),
    ("z", re.compile(r"Z"), "S"),
    ("ce", re.compile(r"C(?=[EI])"), "S"),
    ("c", re.compile(r"C|Q"), "K"),
    ("", re.compile(r"X"), "KS"),
    ("ll", re.compile(r"LL"), "L"),
    ("y", re.compile(r"(?:^|(?<=[AEIOU]))Y(?=[AEIOU])"), "L"),
    ("yi", re.compile(r"Y"), "I"),
    ("v", re.compile(r"V"), "B"),
    ("dbl", re.compile(r"([A-Z1])\1+"), r"\1"),
)

# How a rule reads in a reason: "names sound alike in Spanish (b/v)".
_RULE_LABELS = {
    "ph": "ph/f", "x": "x/j", "h": N_("silent h"), "qu": "qu/k", "ge": "g/j", "gu": "gu/g",
    "z": "s/z", "ce": "c/s", "c": "c/k", "ll": "ll/y", "y": "ll/y", "yi": "i/y",
    "v": "b/v", "dbl": N_("double letters"),
}
_SPANISH_RULES = frozenset({"x", "h", "qu", "ge", "gu", "z", "ce", "ll", "y", "yi", "v"})


# The sound code reads LL and a Y before a vowel as L, so that blocking finds a double L typed single (Guilermo).
# Comparing two names, a Y is not an L (Lori and Yoly, Luis and Yuis, Moya and Mola), and an LL is either: the Y
# it sounds as in Spanish (Guillermo, Guiyermo) or a double L (Nayelli, Phillips). Two readings, each with the Y
# kept apart: the LL as the Y's sound ("2"), and the LL as a double L.
_AS_Y = tuple((rule_id, pattern, "2" if rule_id in ("ll", "y") else replacement)
              for rule_id, pattern, replacement in _RULES if rule_id != "dbl")
_AS_L = tuple((rule_id, pattern, "2" if rule_id == "y" else replacement)
              for rule_id, pattern, replacement in _RULES if rule_id not in ("ll", "dbl"))
_DOUBLE = re.compile(r"([A-Z12])\1+")


@lru_cache(maxsize=65536)
def spoken(word: str) -> tuple[str, str]:
    """The two sound codes two names are compared by (``phonetic`` is what they are indexed by): with the LL read
    as the Y's sound, and as a double L. Two names sound alike where either reading is the same for both."""
    codes = []
    for rules in (_AS_Y, _AS_L):
        code = word
        for _rule_id, pattern, replacement in rules:
            code = pattern.sub(replacement, code)
        codes.append(_DOUBLE.sub(r"\1", code))
    return codes[0], codes[1]


def sound_alike(a: str, b: str) -> bool:
    """Whether two folded words sound alike by either reading of their LL (``spoken``)."""
    return readings_agree(spoken(a), spoken(b))


def readings_agree(x: tuple[str, str], y: tuple[str, str]) -> bool:
    """Whether two words' codes (``spoken``) agree read the same way: the LL as a Y on both, or as a double L."""
    return x[0] == y[0] or x[1] == y[1]


@lru_cache(maxsize=65536)
def phonetic(word: str) -> tuple[str, frozenset[str]]:
    """Return the Spanish-aware sound code of a folded word and the ids of the rules that fired."""
    fired = set()
    code = word
    for rule_id, pattern, replacement in _RULES:
        new = pattern.sub(replacement, code)
        if new != code:
            if rule_id:
                fired.add(rule_id)
            code = new
    return code, frozenset(fired)


def sound_rules(a: str, b: str) -> tuple[str, bool]:
    """Name the spelling rules that separate two folded words of equal sound code.

    Returns the labels joined ("b/v, silent h") and whether they are rules of
    Spanish spelling rather than plain doubled letters.
    """
    rules_a, rules_b = phonetic(a)[1], phonetic(b)[1]
    differing = rules_a ^ rules_b
    if "ll" in differing and "y" not in differing:
        differing = (differing - {"ll"}) | {"dbl"}
    labels = sorted({_RULE_LABELS[r] for r in differing})
    return ", ".join(labels), bool(differing & _SPANISH_RULES)
