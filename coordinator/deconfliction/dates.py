"""Dates of birth as other systems write them: read into a date, or left out rather than guessed.

The API takes ISO dates; records that reach the matcher otherwise (imports,
a peer's export, a list typed by hand) carry what their system printed: a
time after the date, dots or dashes, the day first as Mexico writes it or
the month first as the US does, the month in words in English or Spanish,
the year alone or a two-digit year.
"""
from __future__ import annotations

import re
from datetime import date

from unidecode import unidecode

from coordinator.deconfliction.personfields import dob_two_digit_year

# The months' names in English and Spanish ("setiembre" as some write septiembre): a word is a month when it is
# one of them or its first three letters or more ("Sept.", "dic"), and nothing else ("aprox" is no April).
_MONTH_NAMES = {name: number for number, names in enumerate(
    (("JANUARY", "ENERO"), ("FEBRUARY", "FEBRERO"), ("MARCH", "MARZO"), ("APRIL", "ABRIL"), ("MAY", "MAYO"),
     ("JUNE", "JUNIO"), ("JULY", "JULIO"), ("AUGUST", "AGOSTO"), ("SEPTEMBER", "SEPTIEMBRE", "SETIEMBRE"),
     ("OCTOBER", "OCTUBRE"), ("NOVEMBER", "NOVIEMBRE"), ("DECEMBER", "DICIEMBRE")), start=1) for name in names}
# Words a date written out carries beside its parts: "19 de julio de 1985", "July 19th", "1er de julio", "1o."; and
# those that give a year as approximate ("aprox. 1985", "ca. 1985"): the year alone, as a form stores it.
_FILLERS = frozenset({"DE", "DEL", "OF", "THE", "ST", "ND", "RD", "TH", "EL", "ER", "RO", "O",
                      "APROX", "APPROX", "CA", "CIRCA", "ABOUT", "APROXIMADAMENTE", "APPROXIMATELY"})
_TOKENS = re.compile(r"[A-Z]+|\d+")
_ISO_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]")
# A time after a date written otherwise ("19/07/1985 00:00", "07/19/1985 12:00:00 AM"), as spreadsheets export it.
_TIME_AFTER = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AP]\.?M\.?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?\s*$",
                         re.IGNORECASE)


def _month(word: str) -> int | None:
    """The month a word names, or None."""
    if len(word) < 3:
        return None
    for name, number in _MONTH_NAMES.items():
        if name.startswith(word):
            return number
    return None


def read_date(text: str) -> date | None:
    """The date ``text`` writes, None where it writes none (or two readings would be a guess)."""
    timed = _ISO_WITH_TIME.match(text)
    text = timed.group(1) if timed else _TIME_AFTER.sub("", text)
    tokens = _TOKENS.findall(unidecode(text).upper())
    words = [t for t in tokens if t.isalpha() and t not in _FILLERS]
    numbers = [t for t in tokens if t.isdigit()]
    month = _month(words[0]) if len(words) == 1 else None
    if len(words) > 1 or not numbers or words and month is None:
        return None
    try:
        if month is not None:
            return _with_month_named(month, numbers)
        return _all_numbers(numbers)
    except ValueError:
        return None  # no such day (30 February)


def _with_month_named(month: int, numbers: list[str]) -> date | None:
    """The month in words: the other numbers are the day and the year, the year the four-digit one or the last."""
    if len(numbers) == 1:
        # The year alone beside the month: four digits, or two that no day can be ("jul-85").
        year = numbers[0]
        return date(_year(year), month, 1) if len(year) == 4 or len(year) == 2 and int(year) > 31 else None
    if len(numbers) != 2:
        return None
    day, year = (numbers[1], numbers[0]) if len(numbers[0]) == 4 else numbers
    return _dated(_year(year), month, int(day))


def _all_numbers(numbers: list[str]) -> date | None:
    """Digits alone: the year first (ISO, the day and month swapped where the month cannot be one, or a two-digit
    year as in "85-07-19"), or the year last with the day first as Mexico writes it, the month first where the
    day cannot be a month (the US's "07/19/1985")."""
    if len(numbers) == 1 and len(numbers[0]) == 4:
        return date(int(numbers[0]), 1, 1)  # the year alone, kept as the placeholder a form would store
    if len(numbers) == 1 and len(numbers[0]) == 8:
        # Eight digits: the year first ("19850719") where it can be a year with a month and a day after it,
        # otherwise the day first, as the other numbers are read ("19071985").
        digits = numbers[0]
        if 1800 <= int(digits[:4]) and 1 <= int(digits[4:6]) <= 12 and 1 <= int(digits[6:]) <= 31:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        numbers = [digits[:2], digits[2:4], digits[4:]]
    if len(numbers) == 2 and 4 in (len(numbers[0]), len(numbers[1])):
        year, month = numbers if len(numbers[0]) == 4 else reversed(numbers)
        return _dated(int(year), int(month), 0)  # the month and the year ("1985-07", "07/1985")
    if len(numbers) != 3:
        return None
    first, second, third = (int(n) for n in numbers)
    if len(numbers[0]) == 4 or len(numbers[2]) <= 2 and third <= 31:
        year = _year(numbers[0])
        return _dated(year, second, third) if second <= 12 else _dated(year, third, second)
    year = _year(numbers[2])
    return _dated(year, second, first) if second <= 12 else _dated(year, first, second)


def _dated(year: int, month: int, day: int) -> date:
    """The date, a zero for a day or a month not known ("00/07/1985", "00/00/1985") read as the placeholder a form
    stores for a date known only so far: the 1st of the month, 1 January."""
    if month == 0:
        return date(year, 1, 1)
    return date(year, month, day or 1)


def _year(text: str) -> int:
    if len(text) not in (2, 4):
        raise ValueError(text)
    return int(text) if len(text) == 4 else dob_two_digit_year(int(text))
