"""What a record is found by: its words and identifiers, folded as the deconfliction engine folds them.

Plain Python over values (no Flask, no database). A record gives weighted
terms; a query gives, for each of its words, the terms that word may meet,
and for the query as a whole the identifiers it may be (a plate, a phone in
any format, a serial, a case number). The folding is the engine's own:
``spelling.fold`` and the Spanish sound code for words, nickname roots for
given names, ``normalise_*`` for identifiers — one normalisation, so what
deconfliction calls the same a search calls the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from ..deconfliction.names import ABBREVIATIONS, PARTICLES
from ..deconfliction.nicknames import name_roots
from ..deconfliction.normalise import (
    ffl_identity_key, normalise_email, normalise_phone, normalise_serial, normalise_vin, plate_number,
)
from ..deconfliction.phonetics import phonetic
from ..deconfliction.spelling import fold, readable, repair_encoding
from ..deconfliction.text import compact, normalise_text

MAX_TERM = 120
# How much a term says: an identifier names one thing; a word as written more than one that sounds alike.
IDENTIFIER, WORD, NICKNAME, SOUND = 8, 3, 2, 1
# Fields read as words, per subject kind (identifiers are read apart, below).
WORD_FIELDS = {
    "person": ("first_name", "middle_name", "last_name", "second_last_name"),
    "firearm": ("make", "model", "caliber", "serial_number"),
    "vehicle": ("make", "model", "plate", "vin"),
    # A phone or an e-mail address is found whole (its identifier), not by its fragments ("662", "com").
    "phone": (),
    "email": (),
    "address": ("line1", "city", "state", "postal_code"),
    "dealer": ("name", "license_number"),
    "business": ("name", "registration_number"),
    "gun_show": ("name", "venue", "city", "state"),
}
GIVEN_FIELDS = ("first_name", "middle_name")
# The countries a phone number typed without its country code is read in: the agencies' own.
PHONE_REGIONS = ("US", "MX")


@dataclass(frozen=True)
class Query:
    """A search as terms: identifiers the whole text may be, and the terms each word may meet."""

    identifiers: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.identifiers and not self.words


def _cut(term: str) -> str:
    return term[:MAX_TERM]


def words_of(text: object) -> list[str]:
    """Folded words of a text: accents and case dropped, particles ("de", "la") left out."""
    return [] if text is None else _folded_words(repair_encoding(str(text)))


def _folded_words(text: str) -> list[str]:
    return [word for word in normalise_text(text).split() if word not in PARTICLES]


def _word_terms(word: str) -> dict[str, int]:
    """A folded word as written and as it sounds (letters only: a code in a word is no name)."""
    terms = {_cut("w:" + word): WORD}
    if word.isalpha() and len(word) >= 3:
        terms[_cut("s:" + phonetic(word)[0])] = SOUND
    return terms


def _given_terms(word: str) -> dict[str, int]:
    """A given name also stands for the formal names it is a nickname of (Chuy: Jesús; Pepe: José)."""
    folded = ABBREVIATIONS.get(fold(word), fold(word))
    return {_cut("n:" + root): NICKNAME for root in name_roots(folded) | ({folded} if folded else set())}


def _merge(into: dict[str, int], terms: Mapping[str, int]) -> None:
    for term, weight in terms.items():
        if weight > into.get(term, 0):
            into[term] = weight


def text_terms(*texts: object) -> dict[str, int]:
    """The word terms of free texts (a title, a venue, an address)."""
    terms: dict[str, int] = {}
    for text in texts:
        for word in words_of(text):
            _merge(terms, _word_terms(word))
    return terms


def _identifier(tag: str, value: str | None) -> dict[str, int]:
    return {_cut(f"i:{tag}:{value}"): IDENTIFIER} if value else {}


def case_number_key(number: object) -> str | None:
    """A case number with its separators dropped: "ATF-2026-0001" and "atf 2026 0001" are one."""
    return compact(number) or None


def case_terms(number: str, title: str) -> dict[str, int]:
    """What a case is found by: its number (whole, and its parts) and the words of its title."""
    terms = text_terms(number, title)
    _merge(terms, _identifier("cn", case_number_key(number)))
    return terms


def operation_terms(title: str, venue: str | None, address: str | None) -> dict[str, int]:
    """What an operation is found by: its title, venue and address."""
    return text_terms(title, venue, address)


def _name_words(text: object) -> list[str]:
    """The words of a name as the matcher reads it (``spelling.readable``): a scan's digits as letters ("GARC1A"),
    soft hyphens and invisible characters mended."""
    return _folded_words(readable(str(text))) if text else []  # readable repairs the encoding too


def _person_names(data: Mapping[str, object]) -> tuple[list[str], list[str]]:
    """Given names and all name words (aliases included: an alias's first word is a given name)."""
    given = [w for field in GIVEN_FIELDS for w in _name_words(data.get(field))]
    words = [w for field in WORD_FIELDS["person"] for w in _name_words(data.get(field))]
    for alias in data.get("aliases") or []:
        alias_words = _name_words(alias)
        given += alias_words[:1]
        words += alias_words
    return given, words


def subject_terms(kind: str, data: Mapping[str, object], region: str) -> dict[str, int]:
    """What a subject record is found by; ``region`` reads its national phone numbers (the agency's country)."""
    terms: dict[str, int] = {}
    if kind == "person":
        given, words = _person_names(data)
        for word in words:
            _merge(terms, _word_terms(word))
        for word in given:
            _merge(terms, _given_terms(word))
        for document in data.get("documents") or []:
            number = document.get("number") if isinstance(document, Mapping) else None
            _merge(terms, _identifier("id", compact(number) or None))
        return terms
    _merge(terms, text_terms(*(data.get(field) for field in WORD_FIELDS.get(kind, ()))))
    if kind == "firearm":
        _merge(terms, _identifier("sn", normalise_serial(data.get("serial_number"))))
    elif kind == "vehicle":
        _merge(terms, _identifier("pl", plate_number(data.get("plate"))))
        _merge(terms, _identifier("vin", normalise_vin(data.get("vin"))[0]))
    elif kind == "phone":
        _merge(terms, _identifier("ph", normalise_phone(data.get("number"), region)))
    elif kind == "email":
        _merge(terms, _identifier("em", normalise_email(data.get("address"))))
    elif kind == "dealer":
        _merge(terms, _identifier("ffl", ffl_identity_key(data.get("license_number"))))
    elif kind == "business":
        _merge(terms, _identifier("id", compact(data.get("registration_number")) or None))
    return terms


def query_terms(text: str, region: str) -> Query:
    """The terms a search text may meet: each word (as written, as it sounds, as a nickname) and the whole as an identifier."""
    text = (text or "").strip()
    identifiers: dict[str, int] = {}
    if text:
        for tag, value in (("sn", normalise_serial(text)), ("pl", plate_number(text)),
                           ("vin", normalise_vin(text)[0]), ("em", normalise_email(text)),
                           ("ffl", ffl_identity_key(text)), ("id", compact(text) or None),
                           ("cn", case_number_key(text))):
            _merge(identifiers, _identifier(tag, value))
        for phone_region in dict.fromkeys((region, *PHONE_REGIONS)):
            _merge(identifiers, _identifier("ph", normalise_phone(text, phone_region)))
    words = []
    for word in dict.fromkeys(words_of(text)):
        terms = _word_terms(word)
        _merge(terms, _given_terms(word) if word.isalpha() else {})
        words.append(tuple(sorted(terms)))
    return Query(tuple(sorted(identifiers)), tuple(words[:8]))


def all_terms(query: Query) -> Iterable[str]:
    """Every term of a query, once."""
    return dict.fromkeys([*query.identifiers, *(t for group in query.words for t in group)])
