"""Letters an export dropped: a name whose accented letters a system that stores only ASCII left out.

María José Núñez García arrives as "MARA JOS NEZ GARCA". Alone, each word
is another name (Mara) or a typing error; beside a record that kept its
accents, each is that record's word with exactly those letters gone. Such
words are read back as the other record's before the names are compared.
Only where one record writes no letter outside ASCII (an export that drops
them drops every one) and the other writes the letters it lacks.

Such a record needs keys too: without a whole date, or with a digit of it
wrong, every key holds a surname's sound, and "GONZLEZ" sounds like no
González. A word no list knows that the dropped letters, put back, make a
known name keys the record as that name as well (``completed_fields``).
"""
from __future__ import annotations

import copy
import re
from dataclasses import replace
from functools import lru_cache
from typing import Sequence, TypeVar

from coordinator.deconfliction.frequencies import known_name_share
from coordinator.deconfliction.names import GivenName, Surname
from coordinator.deconfliction.personfields import PreparedPerson
from coordinator.deconfliction.reasons import N_, Reason
from coordinator.deconfliction.spelling import fold

Word = TypeVar("Word", GivenName, Surname)


@lru_cache(maxsize=65536)  # read for every pair of an accented record and one in ASCII: names repeat (García, José)
def _letters_dropped(raw: str) -> str:
    """A word folded as a system that stores only ASCII leaves it: its other letters (á, ñ, ü) left out; "" for a
    word that has none, or too few letters left to read."""
    if raw.isascii():
        return ""
    plain = fold("".join(c for c in raw if c.isascii() or not c.isalpha()))
    return plain if len(plain) >= 2 and plain != fold(raw) else ""


def _read_back(words: Sequence[Word], accented: Sequence[Word]) -> tuple[list[Word], list[Word]]:
    """``words`` with each that is an accented word with those letters gone read as that word; the words so read,
    as they were. The word read back is the other record's, text and all: a difference of accents alone is no
    reason of its own, and the reason quotes the viewer's text (``read_back_dropped_letters``)."""
    dropped = {}
    for word in accented:
        plain = _letters_dropped(word.raw)
        if plain:
            dropped.setdefault(plain, word)
    if not dropped:
        return list(words), []
    read, changed = [], []
    for word in words:
        match = dropped.get(fold(word.raw))
        if match is None:
            read.append(word)
        else:
            read.append(replace(match, married=word.married) if isinstance(word, Surname) else match)
            changed.append(word)
    return read, changed


def read_back_dropped_letters(pa: PreparedPerson, pb: PreparedPerson) -> tuple[PreparedPerson, PreparedPerson,
                                                                               list[Reason], dict[str, str]]:
    """The two records with the words one's export stripped of accented letters read back as the other's; the
    reason, quoting ``pa``'s words (the viewer's); and, where ``pa``'s words were read back, the other record's
    text of each -> the viewer's, for the reasons that quote them (``in_viewers_words``)."""
    if pa.names_ascii == pb.names_ascii:
        return pa, pb, [], {}
    plain, accented = (pa, pb) if pa.names_ascii else (pb, pa)
    given, given_changed = _read_back(plain.given, accented.given)
    surnames, surnames_changed = _read_back(plain.surnames, accented.surnames)
    if not given_changed and not surnames_changed:
        return pa, pb, [], {}
    read = copy.copy(plain)
    read.given, read.surnames = given, surnames
    own_text: dict[str, str] = {}
    if plain is pa:
        quoted = [w.raw for w in given_changed + surnames_changed]
        own_text = {new.raw: old.raw for old, new in zip(pa.given + pa.surnames, given + surnames) if new is not old}
        pa = read
    else:
        wanted = {fold(w.raw) for w in given_changed + surnames_changed}
        quoted = [w.raw for w in pa.given + pa.surnames if _letters_dropped(w.raw) in wanted]
        pb = read
    reason = Reason("accents_dropped", N_("your name %(a)s agrees once the accented letters one system dropped are "
                                          "read back"), {"a": " ".join(quoted)})
    return pa, pb, [reason], own_text


def in_viewers_words(reasons: list[Reason], own_text: dict[str, str]) -> list[Reason]:
    """The reasons with each word read back from the other record quoted as the viewer typed it: a reason quotes
    the viewer's own text, never the other agency's spelling of it."""
    if not own_text:
        return reasons
    # Whole words only, the longest first: "de la Peña" as one, and no Ana inside Anabel.
    words = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(own_text, key=len, reverse=True))) + r")(?!\w)")
    return [replace(r, params={k: words.sub(lambda m: own_text[m.group(1)], str(v)) for k, v in r.params.items()})
            if r.params else r for r in reasons]


# The letters a Spanish name carries accented, as an export that drops them leaves them out: a vowel, or the N of Ñ.
_DROPPED = "AEIOUN"
# How much commoner a name must be than the known word it makes with a letter put back, for that word to be read as
# it in a record that shows an export dropped its letters: María is borne by hundreds of times as many as Mara.
COMMONER_RATIO = 20.0


@lru_cache(maxsize=65536)
def _put_back(folded: str) -> tuple[float, str]:
    """The commonest known name a word makes with one letter an export drops put back, and its share (0 for
    none). One letter: a name with two accented letters (Núñez) is rarer, and putting back two in every unknown
    word would cost a registration milliseconds."""
    longer = {folded[:i] + letter + folded[i:] for i in range(len(folded) + 1) for letter in _DROPPED}
    return max((known_name_share(word), word) for word in sorted(longer))


def completed(folded: str) -> str | None:
    """The known name a word no list knows makes with a letter an export drops put back (GONZLEZ: GONZALEZ; CAEDO:
    CANEDO), the commonest; None for a known name or one nothing makes."""
    if len(folded) < 2 or known_name_share(folded) > 0:
        return None
    share, name = _put_back(folded)
    return name if share > 0 else None


def commoner(folded: str) -> str | None:
    """The name a known word makes with a letter an export drops put back, where that name is borne by at least
    ``COMMONER_RATIO`` times as many (MARA: MARIA, JESS: JESUS); None otherwise."""
    own = known_name_share(folded)
    share, name = _put_back(folded)
    return name if own > 0 and share >= COMMONER_RATIO * own else None


def completed_fields(fields: dict[str, str | None], names: set[str]) -> dict[str, str] | None:
    """Name fields written without a letter outside ASCII, with each word read as a name (``names``, folded: not
    "NMI" for no middle initial) that no list knows read as the known name its dropped letters put back make
    (``completed``); None where no word is so read. Where one is, the record shows an export that dropped its
    letters, and a known word that is a far commoner name with one put back is read as that name too (MARA JOS:
    MARIA JOSE)."""
    texts = {name: text.split() for name, text in fields.items() if text and text.isascii()}
    read = {name: [(folded in names and completed(folded)) or w for w, folded in zip(words, map(fold, words))]
            for name, words in texts.items()}
    if all(read[name] == words for name, words in texts.items()):
        return None
    for name, words in read.items():
        # A word not read yet (the same as typed) that is a name of the record, read as a far commoner one.
        read[name] = [w if w != typed or fold(w) not in names else commoner(fold(w)) or w
                      for w, typed in zip(words, texts[name])]
    return {name: " ".join(words) for name, words in read.items() if words != texts[name]}
