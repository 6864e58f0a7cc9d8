"""How often one slip in a name still lets a pair meet and be flagged: ``python -m benchmarks.slips``.

Records of the real-frequency generator (``benchmarks.realnames_data``,
``--records`` of them with a date of birth) each get one slip in the given
name or in the first surname, the date kept: a neighbouring key struck, a
letter read by a scan as others ("rn" for m, "cl" for d), a spelling as
heard (v for b, ll for y), the field cut short by a letter or two, a vowel
dropped, a letter doubled. Each pair is counted as met (a key in common)
and flagged (``match`` or ``possible``) or not, per slip and field; slips
that leave the name as it was, or fit nothing in it, are not counted.
``--list N`` prints N of the pairs left unflagged for each. The slips are
drawn by this file, not by the realnames generator: a second look at
typing, with the same names. A second table does the same with one slip in
the date of birth, the names kept: the year's tens digit struck beside the
right one or anywhere else, another digit, day and month swapped, the
century, the year's last two digits transposed, a day off, the year or the
month known alone; a pair the service's cheap look (``could_alert``) rules
out counts as not flagged. A third does the first's slips again on a record
entered without its date of birth, against the record that has it: only
keys without the date can join them, and only a name rare enough is
flagged by itself.
"""
from __future__ import annotations

import argparse
import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import Callable

from benchmarks.common import frequencies_of
from benchmarks.realnames_data import build
from coordinator.deconfliction.personkeys import person_keys, reading_keys
from coordinator.deconfliction.persons import PersonRecord, compare_persons, could_alert

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_SCANNED = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("w", "vv"))
_HEARD = (("v", "b"), ("b", "v"), ("z", "s"), ("s", "z"), ("ll", "y"), ("y", "ll"), ("ce", "se"), ("ci", "si"),
          ("ge", "je"), ("gi", "ji"), ("qu", "k"), ("ph", "f"), ("th", "t"), ("ck", "k"))


def _beside(letter: str) -> str:
    """The keys beside a letter on a QWERTY keyboard (its row, and the rows above and below)."""
    for r, row in enumerate(_ROWS):
        if letter in row:
            c = row.index(letter)
            near = [row[k] for k in (c - 1, c + 1) if 0 <= k < len(row)]
            near += [_ROWS[r - 1][k] for k in (c, c + 1) if r > 0 and k < len(_ROWS[r - 1])]
            near += [_ROWS[r + 1][k] for k in (c - 1, c) if r < 2 and 0 <= k < len(_ROWS[r + 1])]
            return "".join(near)
    return ""


def neighbouring_key(rng: random.Random, word: str) -> str | None:
    at = [i for i, ch in enumerate(word) if i and _beside(ch.lower())]
    if not at:
        return None
    i = rng.choice(at)
    struck = rng.choice(_beside(word[i].lower()))
    return word[:i] + (struck.upper() if word[i].isupper() else struck) + word[i + 1:]


def _replacing(pairs: tuple[tuple[str, str], ...]) -> Callable[[random.Random, str], str | None]:
    def slip(rng: random.Random, word: str) -> str | None:
        lower = word.lower()
        fits = [(a, b) for a, b in pairs if a in lower[1:]]
        if not fits:
            return None
        a, b = rng.choice(fits)
        i = lower.index(a, 1)
        return word[:i] + (b.upper() if word[i].isupper() else b) + word[i + len(a):]
    return slip


def cut_short(rng: random.Random, word: str) -> str | None:
    return word[:-rng.randint(1, 2)] if len(word) > 6 else None


def vowel_dropped(rng: random.Random, word: str) -> str | None:
    at = [i for i, ch in enumerate(word) if ch.lower() in "aeiou" and 0 < i < len(word) - 1]
    if not at:
        return None
    i = rng.choice(at)
    return word[:i] + word[i + 1:]


def letter_doubled(rng: random.Random, word: str) -> str | None:
    i = rng.randrange(1, len(word)) if len(word) > 1 else 0
    return word[:i] + word[i] + word[i:] if word else None


SLIPS: dict[str, Callable[[random.Random, str], str | None]] = {
    "neighbouring key": neighbouring_key, "scan": _replacing(_SCANNED), "as heard": _replacing(_HEARD),
    "cut short": cut_short, "vowel dropped": vowel_dropped, "letter doubled": letter_doubled}


def _dated(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _tens(rng: random.Random, born: date, beside: bool) -> date | None:
    tens = born.year // 10 % 10
    digits = [d for d in ((tens - 1, tens + 1) if beside else range(10)) if 0 <= d <= 9 and d != tens]
    return _dated(born.year + (rng.choice(digits) - tens) * 10, born.month, born.day)


def other_digit(rng: random.Random, born: date) -> date | None:
    """One digit of the day, the month or the year's last digit replaced by another."""
    text = born.strftime("%Y%m%d")
    i = rng.choice((3, 4, 5, 6, 7))
    typed = text[:i] + rng.choice([d for d in "0123456789" if d != text[i]]) + text[i + 1:]
    return _dated(int(typed[:4]), int(typed[4:6]), int(typed[6:]))  # None for a month or a day 00, or past the end


def _transposed(born: date) -> date | None:
    text = str(born.year)
    return _dated(int(text[:2] + text[3] + text[2]), born.month, born.day) if text[2] != text[3] else None


DATE_SLIPS: dict[str, Callable[[random.Random, date], date | None]] = {
    "tens digit beside": lambda rng, d: _tens(rng, d, True),
    "tens digit, any": lambda rng, d: _tens(rng, d, False),
    "another digit": other_digit,
    "day/month swapped": lambda rng, d: _dated(d.year, d.day, d.month) if d.day != d.month else None,
    # A two-digit year read in the other century: 78 stored as 2078, 03 as 1903.
    "century": lambda rng, d: _dated(d.year + (100 if d.year < 2000 else -100), d.month, d.day),
    "year transposed": lambda rng, d: _transposed(d),
    "a day off": lambda rng, d: d + timedelta(days=rng.choice((-1, 1))),
    "year alone": lambda rng, d: date(d.year, 1, 1) if (d.month, d.day) != (1, 1) else None,
    "month alone": lambda rng, d: date(d.year, d.month, 1) if d.day != 1 else None,
}


def _met(a: PersonRecord, b: PersonRecord) -> bool:
    return bool(set(reading_keys(person_keys(a))) & set(person_keys(b)))


def _measure(records: list[PersonRecord], frequencies, slips: dict[str, Callable], fields: tuple[str, ...],
             rng: random.Random, undated: bool = False) -> tuple[dict, dict]:
    """Per slip and field: pairs, met, flagged, matched; and the pairs left unflagged. ``undated``: the slipped
    record without its date of birth, the other keeping it."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    missed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for slip_name, slip in slips.items():
        for field in fields:
            for record in records:
                written = getattr(record, field)
                slipped = slip(rng, written) if written else None
                if not slipped or str(slipped).upper() == str(written).upper():
                    continue
                typed = replace(record, **{field: slipped}, **({"dob": None} if undated else {}))
                flagged = compare_persons(typed, replace(record), frequencies).level if could_alert(typed, record) \
                    else None  # ruled out before the comparison, as the service does
                met = _met(typed, record) and _met(record, typed)
                row = counts[(slip_name, field)]
                row[0] += 1
                row[1] += met
                row[2] += met and flagged is not None
                row[3] += met and flagged == "match"
                if not (met and flagged):
                    missed[(slip_name, field)].append(f"{written} / {slipped}")
    return counts, missed


def _table(counts: dict, missed: dict, listed: int) -> None:
    print(f"{'slip':20}{'field':12}{'pairs':>7}{'met':>8}{'flagged':>9}{'match':>8}")
    for (slip_name, field), (pairs, met, flagged, matched) in counts.items():
        print(f"{slip_name:20}{field:12}{pairs:7d}{met / pairs:8.3f}{flagged / pairs:9.3f}{matched / pairs:8.3f}")
        if listed:
            print("   left: " + "; ".join(missed[(slip_name, field)][:listed]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1500, help="records with a date of birth to slip")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--list", type=int, default=0, help="print this many unflagged pairs of each slip")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    data = build(args.seed, 20_000, 1)
    frequencies = frequencies_of(data.records)
    records = [r for r in data.records.values() if r.dob is not None][:args.records]
    print(f"one slip in a name, the date kept: {len(records):,} records of the real-frequency names, seed {args.seed}")
    _table(*_measure(records, frequencies, SLIPS, ("first_name", "last_name"), rng), args.list)
    print()
    print(f"one slip in the date of birth, the names kept: the same {len(records):,} records")
    _table(*_measure(records, frequencies, DATE_SLIPS, ("dob",), rng), args.list)
    print()
    print(f"one slip in a name of the same {len(records):,} records, entered without the date of birth (flagged "
          f"where the names alone are rare enough)")
    _table(*_measure(records, frequencies, SLIPS, ("first_name", "last_name"), rng, undated=True), args.list)


if __name__ == "__main__":
    main()
