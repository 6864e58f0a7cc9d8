"""Spelling variations of the binational generator: Spanish sound-alike spellings and typing errors."""
from __future__ import annotations

import random
import string
import unicodedata


def strip_accents(text: str | None) -> str | None:
    """The text without its accents (ñ becomes n)."""
    if text is None:
        return None
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _swap_letters(rng: random.Random, word: str, pairs: tuple[tuple[str, str], ...]) -> str | None:
    """Apply one applicable spelling substitution among ``pairs`` to a word."""
    for old, new in rng.sample(pairs, len(pairs)):
        index = word.lower().find(old)
        if index >= 0:
            replacement = new.capitalize() if word[index].isupper() else new
            return word[:index] + replacement + word[index + len(old):]
    return None


def spelling(rng: random.Random, word: str, kind: str) -> str | None:
    """A sound-alike Spanish spelling of a name, or None if the rule does not apply to it."""
    bare = strip_accents(word) or ""
    low = bare.lower()
    if kind == "spelling_b_v":
        return _swap_letters(rng, word, (("v", "b"), ("b", "v")))
    if kind == "spelling_s_z":
        if "z" in low:
            return _swap_letters(rng, word, (("z", "s"),))
        if "ce" in low or "ci" in low:
            return _swap_letters(rng, word, (("ce", "se"), ("ci", "si")))
        return word[:-1] + "z" if low.endswith("s") and len(low) > 3 else None
    if kind == "spelling_ll_y":
        if "ll" in low:
            return _swap_letters(rng, word, (("ll", "y"),))
        index = next((i for i in range(1, len(low) - 1) if low[i] == "y" and low[i + 1] in "aeiou"), -1)
        return word[:index] + "ll" + word[index + 1:] if index > 0 else None
    if kind == "spelling_x_j":
        if low[0] in "xj":
            return ("J" if low[0] == "x" else "X") + word[1:]
        return _swap_letters(rng, word, (("x", "j"),)) if "x" in low[1:] else None
    if kind == "spelling_silent_h":
        if low[0] == "h" and len(low) > 3:
            return word[1].upper() + word[2:]
        if low[0] in "aeiou":
            return "H" + word[0].lower() + word[1:]
        return None
    raise ValueError(kind)


def typo(rng: random.Random, word: str) -> str:
    """One typing error: a letter changed, dropped, added or two swapped."""
    i = rng.randrange(len(word))
    letter = rng.choice(string.ascii_lowercase)
    edit = rng.choice(("sub", "del", "ins", "swap"))
    if edit == "swap" and i < len(word) - 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if edit == "del" and len(word) > 4:
        return word[:i] + word[i + 1:]
    if edit == "ins":
        return word[:i] + letter + word[i:]
    new = word[:i] + letter + word[i + 1:]
    return new if new.lower() != word.lower() else word[:i] + word[i] * 2 + word[i + 1:]
