"""Parsing and Spanish-aware phonetics of person names.

Names arrive the way agents type them on either side of the border: with or
without accents, both surnames in one field or in two, "de la" particles,
hyphens, "Jr.", initials. This module turns a name into tokens that carry
their folded spelling, a phonetic code and, for given names, the nickname
roots, so that comparing two records is a matter of looking at prepared
values.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

import ftfy
from unidecode import unidecode

from coordinator.deconfliction.nicknames import name_classes, name_roots
from coordinator.deconfliction.reasons import N_

# Words that join a surname to what follows ("de la Cruz", "del Río") or two
# surnames ("García y López"), and that are dropped inside given names
# ("María de los Ángeles").
PARTICLES = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y", "E", "DA", "DI", "DOS", "VAN", "VON", "DER", "EL"})
# "del" mistyped, two letters exchanged or one dropped: no name is spelt so, and between two given names (María Dle
# Carmen) they are still the particle. Not so the slips of "los" and "las": Sol and Sal are names.
MISTYPED_PARTICLES = frozenset({"DLE", "EDL", "DL"})
# "Vda." (viuda, widow) between a woman's own surname and "de" and her late husband's: no surname of its own.
WIDOW = frozenset({"VDA", "VIUDA"})

# Glued particles ("Delacruz", "Delosantos"), longest first.
GLUED_PARTICLES = ("DELOS", "DELAS", "DELA", "DEL", "DE")

# Generation markers, which tell a father from his son of the same name.
GENERATIONS = {"JR": "JR", "JUNIOR": "JR", "SR": "SR", "SENIOR": "SR", "II": "II", "III": "III", "IV": "IV",
               "HIJO": "JR", "PADRE": "SR"}

# Forms of address typed before a given name ("Lic. José Luis", "Sra. María", "Mr. John"): no name of the
# person's. "Don" is left alone: it is a given name too.
TITLES = frozenset({"MR", "MRS", "MS", "MISS", "DR", "DRA", "LIC", "LICDA", "LICENCIADO", "LICENCIADA", "ING",
                    "INGENIERO", "ARQ", "PROF", "PROFA", "PROFR", "MTRO", "MTRA", "SR", "SRA", "SRTA", "SENOR",
                    "SENORA", "SENORITA", "SRITA", "DONA"})

# Degrees written after a surname ("Smith MD", "Ruiz PhD"): no surname of the person's.
DEGREES = frozenset({"MD", "PHD", "DDS", "DMD", "DVM", "ESQ", "CPA"})
# A form of address written for either sex ("Sr(a).", "Estimado(a)"): the marker in brackets is no name.
_EITHER_SEX = re.compile(r"\((?:a|as|o|os)\)", re.IGNORECASE)

# Surnames written with an abbreviated first word ("St. John", "Sta. María"), read as the word before another.
SURNAME_ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "STA": "SANTA", "STO": "SANTO"}

# The commonest Spanish surnames as Mexican registers shorten them ("Hdz.", "Glez.", "Mtz."), each standing for
# one surname only and none a surname of its own: read letter by letter, the surname differs from the one written
# out. The shorthand keeps its spelling (a typing error of it, "Hnds", is still one) and agrees with the surname
# it stands for. "Mdz" (Méndez or Meléndez) and "Gzz" (González or Garza) are left as typed.
SURNAME_SHORTHANDS = {
    short: full for full, shorts in {
        "HERNANDEZ": "HDZ HDEZ HERNZ HNDZ HRDZ", "GONZALEZ": "GLZ GLEZ GZLZ GONZ GNZLZ",
        "MARTINEZ": "MTZ MTNEZ MTNZ MRTZ MRTNZ", "RODRIGUEZ": "RDZ RGZ RGUEZ RODZ RDGZ RDGUEZ",
        "FERNANDEZ": "FDZ FDEZ FERNZ FNDZ", "GUTIERREZ": "GTZ GTRZ GUTZ GTRRZ", "SANCHEZ": "SCHZ SNCHZ SANCHZ SANCZ",
        "DOMINGUEZ": "DGZ DGUEZ DOMZ DMGZ", "VAZQUEZ": "VZQZ VAZQ VZQ VZQUEZ", "JIMENEZ": "JMZ JMNZ JIMZ",
        "RAMIREZ": "RMZ RMRZ RAMZ", "LOPEZ": "LPZ", "PEREZ": "PRZ", "GOMEZ": "GMZ", "CHAVEZ": "CHVZ",
        "GARCIA": "GCIA GRCIA GARC", "ALVAREZ": "ALVZ ALVRZ",
    }.items() for short in shorts.split()
}

# Given names as clerks abbreviate them on both sides of the border ("Ma.
# Guadalupe", "Fco. Javier", "Wm. Henry"). Only abbreviations that stand for
# one name: "J." stays an initial.
ABBREVIATIONS = {
    "MA": "MARIA", "MAR": "MARIA", "FCO": "FRANCISCO", "FRANCO": "FRANCISCO", "GPE": "GUADALUPE",
    "JSUS": "JESUS", "JS": "JESUS", "ANT": "ANTONIO", "ANTO": "ANTONIO", "FDO": "FERNANDO", "FERN": "FERNANDO",
    "GMO": "GUILLERMO", "MGL": "MIGUEL", "RAF": "RAFAEL", "ALEJ": "ALEJANDRO", "EDO": "EDUARDO",
    "RDO": "RICARDO", "RBTO": "ROBERTO", "ALB": "ALBERTO", "CONCEP": "CONCEPCION", "SOC": "SOCORRO",
    "WM": "WILLIAM", "CHAS": "CHARLES", "JAS": "JAMES", "THOS": "THOMAS", "ROBT": "ROBERT", "GEO": "GEORGE",
    "JNO": "JOHN", "EDW": "EDWARD", "BENJ": "BENJAMIN", "SAML": "SAMUEL", "DANL": "DANIEL", "JOS": "JOSEPH",
    "MICH": "MICHAEL", "ELIZ": "ELIZABETH", "MARG": "MARGARET", "CATH": "CATHERINE",
    # The common ones whose letters would fit another name too (Fca. Felicia, Fdco. Fidencio): what clerks mean.
    "FCA": "FRANCISCA", "FDCO": "FEDERICO", "STGO": "SANTIAGO", "AGST": "AGUSTIN",
}

# What is typed in a name field when the name is not known: "N/A", "X" or
# "XX" (as the CURP writes a surname a person lacks; "X." is an initial), "NMN" and "FNU" (US
# records: no middle name, first name unknown), "SIN DATO", "DESCONOCIDO".
# Such a field holds no name: read as one, "XX" would be a surname of its
# own that differs from the real one on another record.
NOT_ENTERED = frozenset({
    "NULL", "NONE", "NIL", "NN", "UNK", "UNKN", "UNKNOWN", "NMN", "NMI", "NFN", "NLN", "FNU", "LNU", "MNU",
    "NOTGIVEN", "NOTKNOWN", "NOTSTATED", "NOTPROVIDED", "NOTAVAILABLE", "NODATA",
    "SINDATO", "SINDATOS", "DESCONOCIDO", "DESCONOCIDA", "SEDESCONOCE", "NOAPLICA",
    "NOTIENE", "NOESPECIFICADO", "NOESPECIFICADA", "NOREGISTRADO", "SINNOMBRE", "SINAPELLIDO",
    "SINSEGUNDOAPELLIDO", "SINAPELLIDOMATERNO", "SINAPELLIDOPATERNO", "NOPROPORCIONADO", "NOPROPORCIONO",
})
# Two letters stand for "not known" only as abbreviations, with a slash or a
# dot ("N/A", "S/D", "N.E."): "Na" is a surname.
_ABBREVIATED = frozenset({"NA", "SD", "SN", "SA", "NE", "NI"})
_ONLY_X = re.compile(r"X+")
# Two letters without a vowel in a given-name field: two initials run together (JL for José Luis, TJ for Thomas
# James), unless they are an abbreviation (Wm., Js.), a title, a generation or a mark of a name not known.
_RUN_TOGETHER = re.compile("[B-DF-HJ-NP-TV-XZ]{2}")


def entered(field: str | None, may_lack: bool = False) -> str | None:
    """A name field as typed, or None where it holds only what is typed for a name not known ("N/A", "XX").

    In a field a person may lack (a middle name, a second surname: ``may_lack``) the abbreviations stand for
    "not known" without a slash or a dot too: a maternal surname "NA" is "no aplica", not the surname Na.
    """
    folded = fold(field)
    if folded == "X" and "." in field:
        return field  # "X.": the initial of Ximena or Xavier
    if folded in NOT_ENTERED or _ONLY_X.fullmatch(folded) or folded in _ABBREVIATED and (
            may_lack or any(c in field for c in "/.")):
        return None
    return field


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


_TOKEN = re.compile(r"[^\W\d_]+(?:['’`][^\W\d_]+)*")
# A given-name word with the dot that marks it shortened ("Guad."): ``read_shortened`` reads only such a word.
_GIVEN_TOKEN = re.compile(_TOKEN.pattern + r"\.?")
_NOT_LETTER = re.compile(r"[^A-Z]+")


def fold(text: str | None) -> str:
    """Upper-case ASCII letters only: accents, case, apostrophes and spaces dropped."""
    if not text:
        return ""
    return _fold(text)


@lru_cache(maxsize=65536)  # names repeat (García, José): each spelling is folded once
def _fold(text: str) -> str:
    return _NOT_LETTER.sub("", unidecode(readable(text)).upper())


def raw_tokens(text: str | None) -> list[str]:
    """Split a name field into words as typed: "de la Cruz-Peña" -> [de, la, Cruz, Peña]."""
    if not text:
        return []
    return _TOKEN.findall(readable(text))


# --- phonetics ---------------------------------------------------------------

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


def strip_glued_particle(word: str) -> str | None:
    """Return "CRUZ" for "DELACRUZ": the surname without a particle typed as one word."""
    for prefix in GLUED_PARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix):]
    return None


# --- prepared tokens ---------------------------------------------------------

@dataclass(frozen=True)
class GivenName:
    """One given name: as typed, folded, its sound code and its nickname roots and classes."""

    raw: str
    folded: str
    code: str
    roots: frozenset[str]
    classes: frozenset[str]

    @property
    def is_initial(self) -> bool:
        return len(self.folded) == 1


@dataclass(frozen=True)
class Surname:
    """One surname, particles included: "de la Cruz" is one surname whose core is CRUZ."""

    raw: str
    folded: str  # core, particles dropped: CRUZ
    glued: str  # as one word: DELACRUZ
    alt: str | None  # core of a glued particle: CRUZ for "Delacruz"
    code: str
    alt_code: str | None
    has_particle: bool
    married: bool = False  # "de Hernández" after a woman's own surname: her husband's
    expanded: str | None = None  # the surname a register's shorthand stands for: HERNANDEZ for "Hdz."
    # The other known surnames a letter lost on the way between systems may complete: GAMEZ for "G?mez" (GOMEZ).
    lost_readings: tuple[str, ...] = ()
    # Read in every comparison, many times: worked out once, as the surname itself is (``_surname``).
    _forms: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _spoken: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_forms", tuple(f for f in (self.folded, self.glued, self.alt) if f))
        object.__setattr__(self, "_spoken", tuple(dict.fromkeys(
            spoken(f) for f in (self.expanded, self.folded, self.alt) if f)))

    def forms(self) -> tuple[str, ...]:
        """The folded spellings under which this surname may appear."""
        return self._forms

    def codes(self) -> tuple[str, ...]:
        """The sound codes this surname is indexed under (a shorthand's own too: a typing error of it is in no
        table)."""
        codes = (self.code, self.alt_code) if self.alt_code and self.alt_code != self.code else (self.code,)
        return codes + (phonetic(self.folded)[0],) if self.expanded else codes

    def spoken_codes(self) -> tuple[tuple[str, str], ...]:
        """The codes two surnames are compared by (``spoken``), of each spelling, the main one (the surname a
        shorthand stands for, or as written) first: Moya and Mola share a sound code, not a sound."""
        return self._spoken


@lru_cache(maxsize=65536)
def given_name(raw: str) -> GivenName:
    """Prepare one given-name word, an abbreviation ("Ma.", "Fco.", "Guad.") read as the name it stands for."""
    folded = fold(raw)
    folded = ABBREVIATIONS.get(folded) or (read_shortened(folded) if raw.endswith(".") else folded)
    return GivenName(raw, folded, phonetic(folded)[0], name_roots(folded), name_classes(folded))


# Words that are no given name shortened: a form of address ("Srta." is no
# Sarita), a generation, a degree, what is typed for a name not known, a
# register's shorthand of a surname typed in the given-name field.
_NO_GIVEN_NAME = TITLES | frozenset(GENERATIONS) | DEGREES | NOT_ENTERED | frozenset(SURNAME_SHORTHANDS)

# A given-name word that no list knows, shortened as clerks shorten names,
# stands for the name it shortens where one name holds at least this share
# of those it could stand for: "Guad." is Guadalupe and "Ign." Ignacio, but
# "Alfo." may be Alfonso or Alfredo and stays as typed.
SHORTENED_DOMINANT = 0.8
_MIN_SHORTENED = 3
_VOWELS = frozenset("AEIOU")


@lru_cache(maxsize=65536)
def read_shortened(folded: str) -> str:
    """The given name a word typed shortened (with a dot: "Guad.") stands for, or the word itself.

    Two ways of shortening: cut short ("Guad." for Guadalupe, "Salv." for
    Salvador), or contracted to the first letter, a consonant or two and the
    last letter ("Mnl." for Manuel, "Vte." for Vicente, "Rdgo." for
    Rodrigo), which is written with at most one vowel after the first
    letter: a word with more is a name mistyped, read as such by the
    comparison. A word a list knows (a name, a surname, a nickname, a
    register's shorthand of a surname, a form of address) is what it says.
    Without the dot a word a letter short is as often a name of its own
    that the lists lack (Jami, Alexi) or a slip (Erni for Erin):
    ``given_name`` asks only of a word typed with one.
    """
    from coordinator.deconfliction.frequencies import given_names_by_initial, known_name_share

    if len(folded) < _MIN_SHORTENED or folded in _NO_GIVEN_NAME or name_roots(folded) or known_name_share(folded):
        return folded
    contracted = sum(ch in _VOWELS for ch in folded[1:]) <= 1
    readings = [(share, name) for name, share in given_names_by_initial().get(folded[0], ())
                if len(name) > len(folded) and (name.startswith(folded) or contracted and _contracts(folded, name))]
    if not readings:
        return folded
    share, name = max(readings)
    return name if share >= SHORTENED_DOMINANT * sum(s for s, _ in readings) else folded


def _contracts(short: str, name: str) -> bool:
    """``short`` is ``name`` contracted: its first and last letters, and the letters between in order."""
    if short[-1] != name[-1]:
        return False
    rest = iter(name[1:-1])
    return all(ch in rest for ch in short[1:-1])


@lru_cache(maxsize=65536)
def _surname(raw: str, folded: str, glued: str, has_particle: bool, married: bool = False,
             lost_readings: tuple[str, ...] = ()) -> Surname:
    alt = None if has_particle else strip_glued_particle(folded)
    expanded = None if has_particle else SURNAME_SHORTHANDS.get(folded)
    # A shorthand sounds as the surname it stands for: every key of the surname's sound is written under that.
    return Surname(
        raw=raw, folded=folded, glued=glued, alt=alt, code=phonetic(expanded or folded)[0],
        alt_code=phonetic(alt)[0] if alt else None, has_particle=has_particle, married=married, expanded=expanded,
        lost_readings=lost_readings,
    )


_MIN_PART = 4


@lru_cache(maxsize=65536)
def _split_point(folded: str) -> int:
    """Where a word that no list knows as a surname splits into two that it does ("GARCIAHERNANDEZ"); 0 if nowhere."""
    from coordinator.deconfliction.frequencies import known_name_share  # it folds names with this module

    if len(folded) < 2 * _MIN_PART or known_name_share(folded, "s"):
        return 0
    best, best_share = 0, 0.0
    for i in range(_MIN_PART, len(folded) - _MIN_PART + 1):
        share = min(known_name_share(folded[:i], "s"), known_name_share(folded[i:], "s"))
        if share > best_share:
            best, best_share = i, share
    return best


def split_run_together(units: list[Surname]) -> list[Surname]:
    """The surnames, a lone one that is two known surnames run together ("Garciahernandez") read as the two.

    Only a record's single own surname (a married name beside it aside) is
    split: two surnames typed into one field without a space.
    """
    own = [k for k, u in enumerate(units) if not u.married]
    if len(own) != 1 or units[own[0]].has_particle:
        return units
    unit = units[own[0]]
    at = _split_point(unit.folded)
    if not at:
        return units
    parts = [_surname(part, part, part, False) for part in (unit.folded[:at], unit.folded[at:])]
    return units[:own[0]] + parts + units[own[0] + 1:]


def parse_given(*fields: str | None) -> tuple[list[GivenName], str | None]:
    """Split given-name fields into names, dropping particles and noting "Jr."/"Sr."."""
    names, generation, _ = read_given(*fields)
    return names, generation


def given_words(*fields: str | None) -> tuple[str, ...]:
    """The words of given-name fields as typed, particles kept ("Ruiz de Lizarraga"): what a reading of the fields
    exchanged parses as surnames, where "de" marks a married name. A form of address before them and a
    generation marker are left out, as ``parse_given`` leaves them."""
    return read_given(*fields)[2]


def read_given(*fields: str | None) -> tuple[list[GivenName], str | None, tuple[str, ...]]:
    """``parse_given`` and ``given_words`` of the same fields, read in one pass."""
    names: list[GivenName] = []
    generation = None
    words = [word for field in fields for word in _GIVEN_TOKEN.findall(readable(_EITHER_SEX.sub("", field or "")))]
    while len(words) > 1 and fold(words[0]) in TITLES:
        words = words[1:]
    typed = []
    for k, word in enumerate(words):
        folded = fold(word)
        if folded and folded not in GENERATIONS:
            typed.append(word)
        # A lone letter that joins two names ("María E Isabel") is none:
        # first or last, it is an initial ("E. Flores", "Patrick E").
        if not folded or folded in PARTICLES and not (len(folded) == 1 and (not names or k == len(words) - 1)):
            continue
        if folded in MISTYPED_PARTICLES and names and k < len(words) - 1:
            continue
        if folded in GENERATIONS and names:
            generation = GENERATIONS[folded]
            continue
        if _two_initials(folded):
            names.extend(given_name(letter) for letter in folded)
            continue
        names.append(given_name(word))
    return names, generation, tuple(typed)


def _two_initials(folded: str) -> bool:
    """Two letters without a vowel that stand for two given names, not for one name or a marker."""
    return bool(_RUN_TOGETHER.fullmatch(folded)) and not (
        folded in ABBREVIATIONS or folded in TITLES or folded in GENERATIONS or folded in NOT_ENTERED)


# Prefixes of Irish and Scottish surnames that a system without the apostrophe leaves apart ("O BRIEN", "Mc Donald").
_PREFIXES = {"O": "'", "MC": ""}


def _glue_prefixes(words: list[str]) -> list[str]:
    """The words of a surname field with "O Brien" and "Mc Donald" read as the one word they stand for."""
    glued: list[str] = []
    k = 0
    while k < len(words):
        prefix = fold(words[k])
        after = fold(words[k + 1]) if k + 1 < len(words) else ""
        if prefix in _PREFIXES and after and after not in PARTICLES and after not in GENERATIONS:
            glued.append(words[k] + _PREFIXES[prefix] + words[k + 1])
            k += 2
        else:
            glued.append(words[k])
            k += 1
    return glued


def parse_surnames(*fields: str | None) -> tuple[list[Surname], str | None]:
    """Split surname fields into surnames, keeping "de la" with the name it belongs to."""
    units: list[Surname] = []
    generation = None
    for field in fields:
        pending: list[str] = []
        units_before = len(units)
        lost = lost_letter_readings(field)
        words = _glue_prefixes(raw_tokens(field))
        for k, word in enumerate(words):
            folded = fold(word)
            if not folded:
                continue
            if folded in GENERATIONS and (units or pending):
                generation = GENERATIONS[folded]
                continue
            if folded in DEGREES and units and k == len(words) - 1:
                continue
            if folded in WIDOW and units and not pending and k + 1 < len(words) and fold(words[k + 1]) == "DE":
                continue  # "López Vda. de Hernández": a widow's married name follows
            if folded in PARTICLES:
                if folded not in ("Y", "E"):
                    pending.append(word)
                continue
            folded = SURNAME_ABBREVIATIONS.get(folded, folded) if k + 1 < len(words) else folded
            raw = " ".join(pending + [word])
            glued = "".join(fold(w) for w in pending) + folded
            # "López de Hernández": a lone "de" after a surname marks a married name, as does one before a
            # surname that has its own particle ("de Del Ángel", "de de la Cruz").
            particles = [fold(w) for w in pending]
            married = bool(units) and particles[:1] == ["DE"] and (len(particles) == 1 or particles[1] in ("DE", "DEL"))
            units.append(_surname(raw, folded, glued, bool(pending), married, lost.get(folded, ())))
            pending = []
        if pending and len(units) == units_before:
            # A field holding nothing but particles: Los, Van, De are surnames of their own.
            *particles, last = pending
            units.append(_surname(" ".join(pending), fold(last), "".join(fold(w) for w in pending), bool(particles)))
    return units, generation


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
        known = known or s > 0 or _split_point(word) > 0  # "CANULRAMIREZ": two surnames run together
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
