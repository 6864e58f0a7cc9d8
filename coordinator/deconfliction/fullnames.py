"""A whole name typed into one field: which words are the surnames and which the given names.

Case systems print a person "HERNANDEZ GARCIA, JOSE LUIS"; Mexican
documents and lists print the surnames first without a comma. The comma,
and the public lists of given names and surnames, tell where the surnames
end (``whole_name_ordered``).
"""
from __future__ import annotations

from coordinator.deconfliction.names import (
    GENERATIONS, GivenName, PARTICLES, Surname, TITLES, parse_given, parse_surnames, raw_tokens, split_point,
)
from coordinator.deconfliction.nicknames import name_roots
from coordinator.deconfliction.spelling import fold


def whole_name_ordered(first: str | None, middle: str | None, last: str | None,
                       second: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """The name fields, with a whole name typed into one of them read into its parts.

    - Many case systems print a person as "HERNANDEZ GARCIA, JOSE LUIS"; pasted
      into the given-name field (or the surname field) with the other fields
      empty, the words before the comma are the surnames. A comma with the
      other fields filled, or with nothing on one side of it, is left as typed.
    - Mexican documents and lists print the name surnames first without a comma
      ("HERNANDEZ GARCIA JOSE LUIS"). In the given-name field alone, such a name
      is read surnames first where the words say so (``_surnames_first``).
    """
    if not second and bool(first) != bool(last):
        whole = first or last
        if whole.count(",") == 1:
            surnames, given = (part.strip() for part in whole.split(","))
            if surnames and given:
                return given, middle, surnames, None
        elif first:
            split = _surnames_first(first)
            if split:
                return split[1], middle, split[0], None
    return first, middle, last, second


# A word is read as a surname, or as a given name, where the public lists give it ten times the share as one that
# they give it as the other: Cruz and Hernández are surnames, José and Michael given names; Martín and Santiago either.
_ONE_KIND_RATIO = 10
_MOST_SURNAMES = 3


def _surnames_first(text: str) -> tuple[str, str] | None:
    """A whole name written surnames first ("HERNANDEZ GARCIA JOSE LUIS") as its surnames and its given names, or
    None.

    The surnames are the leading words that are no given name (a surname, or a name no list knows, as rare
    surnames are), at least one of them a surname the lists know (or two run together); the word after them is
    a given name or an initial, and the rest are given names whatever they are (Juan Pérez, Darryl Thomas). A
    name that begins with a given name, or with a word that is either (Martín, James), is left as typed, as is
    one whose leading words no list knows (a rare given name: "XIADANI GUADALUPE").
    """
    from coordinator.deconfliction.frequencies import known_name_share  # it folds names with this module

    words = raw_tokens(text)
    while len(words) > 1 and fold(words[0]) in TITLES:
        words = words[1:]  # "Lic. Hernández José": the form of address is no name
    folded = [fold(w) for w in words]
    shares = [(known_name_share(f, "g"), known_name_share(f, "s")) for f in folded]
    given_from, surnames, known, all_known = 0, 0, False, True
    for k, ((g, s), word) in enumerate(zip(shares, folded)):
        if word in PARTICLES:
            given_from += 1
            continue
        after_particle = k and folded[k - 1] in PARTICLES  # the O of "De la O", the Santos of "De los Santos"
        if not after_particle and (len(word) == 1 or s < _ONE_KIND_RATIO * g) or surnames == _MOST_SURNAMES:
            break  # an initial ("A."), or a word that may be a given name
        if not after_particle and s == 0 and (name_roots(word) or g == 0 and surnames >= 2 and all_known):
            break  # a nickname (Pepe), or after two known surnames a word no list knows: a rare given name
        given_from, surnames = given_from + 1, surnames + 1
        known = known or s > 0 or split_point(word) > 0  # "CANULRAMIREZ": two surnames run together
        all_known = all_known and s > 0
    if not known or given_from == len(words) or folded[given_from] in PARTICLES:
        return None
    if not _begins_the_given_names(folded[given_from], shares[given_from], surnames >= 2 and all_known):
        return None  # the first word after the surnames is no given name either
    return " ".join(words[:given_from]), " ".join(words[given_from:])


def _begins_the_given_names(word: str, shares: tuple[float, float], two_known_surnames: bool) -> bool:
    """The first word after the surnames is a given name: an initial, a nickname (Pepe), a word the lists give
    ten times the share as a given name as a surname; after two surnames the lists know, a word they give more
    often as a given name (Valentín) or do not know at all (a rare given name)."""
    g, s = shares
    if len(word) == 1 or g > _ONE_KIND_RATIO * s or s == 0 and name_roots(word):
        return True
    return two_known_surnames and g >= s


def split_full_name(text: str | None) -> tuple[list[GivenName], list[Surname]]:
    """Read a one-line name (an alias): the first word is a given name, the rest surnames."""
    words = [w for w in raw_tokens(text) if fold(w) and fold(w) not in GENERATIONS]
    while words and fold(words[0]) in PARTICLES or len(words) > 1 and fold(words[0]) in TITLES:
        words = words[1:]
    if not words:
        return [], []
    given, _ = parse_given(words[0])
    surnames, _ = parse_surnames(" ".join(words[1:]))
    return given, surnames
