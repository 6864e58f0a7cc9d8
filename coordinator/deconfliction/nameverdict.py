"""What a comparison of names returns, and the weights it is made of.

A verdict holds a weight (the log-odds, in bits, that the names belong to
one person rather than two: log2(m/u)), the reasons in words, and a state
per part ("agree", "partial", "differ", "missing") that the scorer uses for
its rules. An agreement weighs by how common the name is: the kind's weight
is the evidence for a name that one record in 64 carries, and a rarer name
adds log2(64 x its share's inverse), a commoner one takes away (``rarity``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from coordinator.deconfliction.reasons import Reason


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
# Both surnames agreeing only in the other order (Salas Cervantes, Cervantes
# Salas): the other order is another family's name, as common as the first,
# so u stays that of both surnames while m is that of a slip as rare as the
# maternal surname entered alone.
W_SURNAMES_SWAPPED = -3.0
W_CROSS = -2.5  # a given name that agrees in another position: the first one of a side was dropped
DROPPED_FIRST_NAMES = frozenset({"MARIA", "JOSE", "JUAN", "MA"})
U_TYPICAL = 1 / 64  # the share of records carrying a name whose agreement weighs the kind's weight
RARITY_MIN, RARITY_MAX = -4.0, 7.0
BY_FREQUENCY = frozenset({"exact", "nickname", "equivalent", "sound", "particle", "shorthand"})
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


def add_reason(verdict: NameVerdict, reason: Reason | None) -> None:
    if reason is not None:
        verdict.reasons.append(reason)
