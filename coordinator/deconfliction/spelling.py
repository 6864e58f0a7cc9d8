"""Names as text: folded to plain letters, and mended where a system mangled them.

A name reaches the matcher as its system stored it: read through the wrong
encoding ("PEÃ‘A", "G¢mez"), with a character the system could not store
("PE?A"), with an accented letter dropped outright, with digits for letters
or invisible characters. ``mend`` and ``readable`` undo what can be
undone; ``fold`` reduces a name to upper-case ASCII letters for comparing.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

import ftfy
from unidecode import unidecode


# Text that went through the wrong encoding: UTF-8 read as Windows-1252 or
# Latin-1 ("PEÃ‘A" for PEÑA, "JosÃ©" for José), and a character a system
# could not store, left as "?" or U+FFFD ("PE?A"): in a Spanish name most
# often an Ñ.
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00ff\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u0192]")
_LOST = re.compile(r"(?<=[^\W\d_])(?:\?(?=[^\W\d_])|\ufffd)")


def _redecode(text: str) -> str | None:
    """The text as the UTF-8 it was before it was read as Windows-1252 or Latin-1; None if it was not."""
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None


# What no name holds but text passed through another encoding does: a character outside the Latin letters (a
# box-drawing "├" of a DOS code page, Mac Roman's "√", the "ƒ" and "€" of UTF-8 read as Windows-1252 twice), a
# control character of Latin-1, an HTML entity left in by a web form.
_OTHER_ENCODING = re.compile("[^\x00-\x7f\u00c0-\u024f]|&#?[A-Za-z0-9]+;")


# A word of a DOS code page (850, 437) read as Windows-1252: its ñ, Ñ, á... are bytes shown as ¤ ¥ ¢ ¡ £ ‚,
# signs no name holds beside letters ("PE¥A", "G¢mez"). The word is read back whole from the code page.
_LETTER, _DOS_SIGN = "[^\\W\\d_]", "[\u00a1-\u00a5\u201a]"
_DOS_WORD = re.compile(f"(?:{_LETTER}|{_DOS_SIGN})*(?:{_LETTER}{_DOS_SIGN}|{_DOS_SIGN}{_LETTER})"
                       f"(?:{_LETTER}|{_DOS_SIGN})*")


def _from_dos(match: re.Match) -> str:
    word = match.group(0)
    if "Ã" in word or "Â" in word:
        return word  # UTF-8 read as Windows-1252 ("MÃ¡rquez"): mended below
    try:
        return word.encode("cp1252").decode("cp850")
    except UnicodeError:
        return word


# Letters written as escapes: a web address's ("N%C3%91EZ", a field copied out of a link or a log) and a program's
# (N\xd1EZ, N\u00d1EZ), of the letter or of its UTF-8 bytes. No name holds a % or a backslash.
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+|(?:\\x[0-9A-Fa-f]{2})+|\\u[0-9A-Fa-f]{4}")


def _unescaped(match: re.Match[str]) -> str:
    escaped = match.group(0)
    if escaped.startswith("\\u"):
        return chr(int(escaped[2:], 16))
    data = bytes.fromhex(escaped.replace("%", "").replace("\\x", ""))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def repair_encoding(text: str) -> str:
    """Undo text read in the wrong encoding (once or twice over, from Windows-1252, Latin-1, DOS and Mac code pages,
    HTML entities: ftfy; a DOS word's ñ read as "¤"), and read a lost letter inside a word as Ñ."""
    if _OTHER_ENCODING.search(text):
        text = _DOS_WORD.sub(_from_dos, text)
        text = ftfy.fix_text(text)
    if _MOJIBAKE.search(text):
        whole = _redecode(text)
        # A field whose mojibake a later typing error broke somewhere
        # ("MartÃ­nez LÃp³ez") has its other letters mended one by one.
        text = whole if whole is not None else _MOJIBAKE.sub(lambda m: _redecode(m.group(0)) or m.group(0), text)
    if "?" in text or "\ufffd" in text:
        text = _LOST.sub("Ñ", text)
    return text

# A word with a letter lost ("L?pez", "Adri?n", "Mu?oz"), and what the letter most often was in a name.
# A lost first letter too ("?lvarez", "?scar": Álvarez and Óscar begin with an accented capital); a question mark
# standing alone is no letter of a name.
_LOST_WORD = re.compile(r"[^\W\d_]+(?:[?\ufffd][^\W\d_]*)+|(?<![^\W\d_])[?\ufffd][^\W\d_]+(?:[?\ufffd][^\W\d_]*)*"
                        r"|[^\W\d_]+\u00a0[^\W\d_]+")
_LOST_LETTERS = "ÑÁÉÍÓÚ"
_MAX_LOST = 2


def _lower_at(word: str, i: int) -> bool:
    """Whether a letter read into ``word`` at ``i`` is lower case: as the letter after it is ("G?mez", "L?PEZ"),
    or at the end as the one before ("Jos?"); a word's first letter is a capital."""
    if i == 0:
        return False
    after = next((c for c in word[i + 1:] if c.isalpha()), "")
    return after.islower() if after else word[i - 1].islower()


def _known_completion(word: str) -> str:
    """The word with its lost letters read as the known name they complete ("López" for "L?pez"), or as it was."""
    completions = _completions(word)
    return completions[0][0] if completions else word


def _completions(word: str) -> list[tuple[str, float]]:
    """Each known name the word's lost letters complete, with its share, the commonest first (first found on a
    tie); none past ``_MAX_LOST`` letters lost."""
    lost = [i for i, c in enumerate(word) if c in "?\ufffd\u00a0"]
    if len(lost) > _MAX_LOST:
        return []
    from coordinator.deconfliction.frequencies import known_name_share  # it folds names with this module

    found: list[tuple[str, float]] = []
    # A no-break space inside a word is the "á" of a DOS code page ("Ju\u00a0rez"), where that makes a known name;
    # elsewhere it stays a space between two words.
    for letters in product(*("Á" if word[i] == "\u00a0" else _LOST_LETTERS for i in lost)):
        chars = list(word)
        for i, letter in zip(lost, letters):
            chars[i] = letter.lower() if _lower_at(word, i) else letter
        candidate = "".join(chars)
        share = known_name_share(_NOT_LETTER.sub("", unidecode(candidate).upper()))
        if share > 0:
            found.append((candidate, share))
    return sorted(found, key=lambda c: -c[1])


def lost_letter_readings(text: str | None) -> dict[str, tuple[str, ...]]:
    """For each word of ``text`` with a letter lost that completes more than one known name ("G?mez": Gómez,
    Gámez), the name it is read as (folded) -> the others it may be as well (folded)."""
    if not text or ("?" not in text and "\ufffd" not in text):
        return {}
    readings: dict[str, tuple[str, ...]] = {}
    for match in _LOST_WORD.finditer(text):
        names = list(dict.fromkeys(fold(candidate) for candidate, _ in _completions(match.group(0))))
        if len(names) > 1:
            readings[names[0]] = tuple(names[1:])
    return readings


# Mojibake whose "Ã" lost its tilde to a later accent stripping: "LA³PEZ" for LÃ³PEZ, López.
_STRIPPED_MOJIBAKE = re.compile("[Aa](?=[\u00a0-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u0192])")


# Characters that show nothing: a zero-width space or joiner, a byte-order mark, pasted in with a name from a
# document or a web page; inside a word they would split it. A soft hyphen (U+00AD) is dropped only once the
# encoding is repaired: it is the second byte of "í" read as Windows-1252 ("LÃ\u00ada" for Lía).
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")
# The dot of an abbreviation before its ordinal letter, as the Real Academia writes it ("M.ª" for María): the
# abbreviation is one word ("Mª"), not an initial and an "a".
_DOT_BEFORE_ORDINAL = re.compile(r"(?<=[^\W\d_])\.(?=[ªº])")
_SOFT_HYPHEN_OR_MARK = re.compile("[\u00ad\u0300-\u036f]")
# A word with a soft hyphen among its letters: pasted in with the name, or the half of an "í" left when the "Ã"
# before it was lost or stripped of its tilde ("Mar\u00ada", "La\u00ada" for LÃ\u00ada).
_WORD_WITH_SOFT_HYPHEN = re.compile("(?:[^\\W\\d_]|\u00ad)*\u00ad(?:[^\\W\\d_]|\u00ad)*")
_LOST_I = re.compile("[Aa]?\u00ad")


# An Ñ typed where a keyboard or a system has none as an N and a tilde after it ("PEN~A").
_N_TILDE = re.compile("(?<=[^\\W\\d_])([Nn])~(?=[^\\W\\d_])")
# A word of letters with a digit among them ("J0SÉ", "GARC1A", "5ANCHEZ"): a scanned document read by machine,
# or a zero typed for an O. Not a number with its ordinal ("3rd", "1º").
_WORD_WITH_DIGITS = re.compile(r"[^\W_]*(?:[^\W\d_]\d|\d[^\W\d_])[^\W_]*")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|[ºªoa])", re.IGNORECASE)
_LOOK_ALIKE = str.maketrans("013456789", "OIEASGTBG")
_DIGIT = re.compile(r"\d")
# A generation written as an ordinal ("Smith 2nd", "3rd"): the same marker as II, III.
_GENERATION_ORDINAL = re.compile(r"\b([234])\s*(?:nd|rd|th)\b\.?", re.IGNORECASE)
_ROMAN = {"2": "II", "3": "III", "4": "IV"}


def mend(text: str) -> str:
    """A name's text with what ``repair_encoding`` cannot see mended first: invisible characters dropped, accents
    composed (an "á" sent as "a" and a combining accent, as some systems and copied documents do, is one letter),
    an "N~" read as Ñ, a stripped "Ã", lost letters; before all, letters written as escapes (their digits are no
    letters that look like them)."""
    if "%" in text or "\\" in text:
        text = _ESCAPES.sub(_unescaped, text)
    text = unicodedata.normalize("NFC", _DOT_BEFORE_ORDINAL.sub("", _INVISIBLE.sub("", text)))
    if "~" in text:
        text = _N_TILDE.sub(lambda m: "Ñ" if m.group(1) == "N" else "ñ", text)
    if _DIGIT.search(text):
        text = _GENERATION_ORDINAL.sub(lambda m: _ROMAN[m.group(1)], text)
        text = _WORD_WITH_DIGITS.sub(_letters_for_digits, text)
    if "\u00ad" in text:
        text = _WORD_WITH_SOFT_HYPHEN.sub(_soft_hyphen_read, text)
    if "Ã\ufffd" in text or "Ã?" in text:
        # Á, Í, Ï, Ð, Ý in UTF-8 read as Windows-1252: "Ã" and a byte that code page does not define, left as
        # U+FFFD or "?" ("RODRÃ\ufffdGUEZ", "Ã\ufffdLVAREZ"). One lost capital: read as the one that makes a name.
        text = text.replace("Ã\ufffd", "\ufffd").replace("Ã?", "?")
    return complete_lost_letters(_STRIPPED_MOJIBAKE.sub("Ã", text))


def _letters_for_digits(match: re.Match[str]) -> str:
    """A word's digits as the letters they look like; a 1 as the I or the L that makes a known name ("1OPEZ")."""
    word = match.group(0)
    if _ORDINAL.fullmatch(word):
        return word
    read = word.translate(_LOOK_ALIKE)
    if "1" in word:
        with_l = word.translate(_LOOK_ALIKE | {ord("1"): "L"})
        if _best_known_share(with_l) > _best_known_share(read):
            read = with_l
    if sum(c.islower() for c in word) > sum(c.isupper() for c in word):
        read = "".join(r.lower() if c.isdigit() else r for c, r in zip(word, read))  # "Garc1a": "Garcia"
    return read


def _soft_hyphen_read(match: re.Match[str]) -> str:
    """A word's soft hyphens as nothing, or as the "í" whose first half was lost, whichever makes a known name."""
    word = match.group(0)
    if "Ã\u00ad" in word or not word.strip("\u00ad"):
        return word  # a whole mangled "í" (``repair_encoding`` reads it), or no word at all
    dropped = word.replace("\u00ad", "")
    accented = _LOST_I.sub("Í" if word.isupper() else "í", word)
    return accented if _best_known_share(accented) > _best_known_share(dropped) else dropped


def _best_known_share(word: str) -> float:
    from coordinator.deconfliction.frequencies import known_name_share  # it folds names with this module

    folded = _fold(word)
    return max(known_name_share(folded, p) for p in "gs")


def readable(text: str) -> str:
    """A name's text as it was meant: mended, its encoding repaired, soft hyphens and accents left over that no
    letter takes ("ñ̃") dropped."""
    return _SOFT_HYPHEN_OR_MARK.sub("", repair_encoding(mend(text)))


def complete_lost_letters(text: str) -> str:
    """Read each letter a system could not store ("?", U+FFFD) as the one that makes a known name.

    Accented vowels are lost more often than Ñ (López, Martínez, Jesús); a
    word that no completion makes a known name is left to ``repair_encoding``.
    """
    if "?" not in text and "\ufffd" not in text and "\u00a0" not in text:
        return text
    return _LOST_WORD.sub(lambda m: _known_completion(m.group(0)), text)


_NOT_LETTER = re.compile(r"[^A-Z]+")


def fold(text: str | None) -> str:
    """Upper-case ASCII letters only: accents, case, apostrophes and spaces dropped."""
    if not text:
        return ""
    return _fold(text)


@lru_cache(maxsize=65536)  # names repeat (García, José): each spelling is folded once
def _fold(text: str) -> str:
    return _NOT_LETTER.sub("", unidecode(readable(text)).upper())
