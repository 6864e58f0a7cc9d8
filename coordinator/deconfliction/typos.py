"""Typing slips: two spellings of one word that differ as a hand or a scanner makes them differ.

A letter changed, dropped or added, two turned round, the key beside the
right one, letters a scan reads as another ("rn" for m); for given names
and surnames alike.
"""
from __future__ import annotations

from jellyfish import damerau_levenshtein_distance as _distance
from jellyfish import jaro_winkler_similarity as _jaro_winkler

from coordinator.deconfliction.nameverdict import TYPO_SIMILARITY


# Letters a scan's text recognition reads as one other: "rn" for m, "cl" for d, "vv" for w.
_SCAN_READINGS = (("RN", "M"), ("CL", "D"), ("VV", "W"))


def _as_scanned(word: str) -> str:
    for read, letter in _SCAN_READINGS:
        word = word.replace(read, letter)
    return word


def is_typo(a: str, b: str) -> bool:
    longest = max(len(a), len(b))
    if longest < 4:
        return False
    distance = _distance(a, b)
    return distance == 1 or (distance == 2 and longest >= 8) or _jaro_winkler(a, b) >= TYPO_SIMILARITY \
        or distance == 2 and _distance(_as_scanned(a), _as_scanned(b)) <= 1


def codes_a_typo_apart(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two words whose sound codes (``phonetics.spoken``), read the same way, are a slip apart."""
    return any(is_typo(x, y) for x, y in zip(a, b))


def joined_typo(a: str, b: str) -> bool:
    """Two names run together that differ by a typing error: by edits alone, as two long strings with
    the same first surname are alike by any similarity measure ("MARTINEZLOPEZ", "MARTINEZPEREZ")."""
    return min(len(a), len(b)) >= 4 and _distance(a, b) <= (2 if max(len(a), len(b)) >= 10 else 1)


def inner_transposition(a: str, b: str) -> bool:
    """Two letters inside the name typed the other way round: Micheal for Michael, a slip however many people
    bear the slip as their name. At the first or the last letter it may be another name (Elias, Elisa)."""
    return len(a) >= 5 and a[0] == b[0] and a[-1] == b[-1] and turned_round(a, b)


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


def neighbouring_key(a: str, b: str) -> bool:
    """One letter struck on the key beside the right one, all the others the same: Anz for Ana."""
    if len(a) != len(b):
        return False
    at = [k for k in range(len(a)) if a[k] != b[k]]
    return len(at) == 1 and b[at[0]] in _KEYS_AROUND.get(a[at[0]], ())


def turned_round(a: str, b: str) -> bool:
    """The same letters but two side by side, typed the other way round."""
    if len(a) != len(b):
        return False
    at = [k for k in range(len(a)) if a[k] != b[k]]
    return len(at) == 2 and at[1] == at[0] + 1 and a[at[0]] == b[at[1]] and a[at[1]] == b[at[0]]
