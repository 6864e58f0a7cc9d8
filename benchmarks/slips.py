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
typing, with the same names.
"""
from __future__ import annotations

import argparse
import random
from collections import defaultdict
from dataclasses import replace
from typing import Callable

from benchmarks.common import frequencies_of
from benchmarks.realnames_data import build
from coordinator.deconfliction.persons import PersonRecord, compare_persons, person_keys, reading_keys

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


def _met(a: PersonRecord, b: PersonRecord) -> bool:
    return bool(set(reading_keys(person_keys(a))) & set(person_keys(b)))


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
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    missed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for slip_name, slip in SLIPS.items():
        for field in ("first_name", "last_name"):
            for record in records:
                written = getattr(record, field)
                slipped = slip(rng, written) if written else None
                if not slipped or slipped.upper() == written.upper():
                    continue
                typed = replace(record, **{field: slipped})
                result = compare_persons(typed, replace(record), frequencies)
                met = _met(typed, record) and _met(record, typed)
                row = counts[(slip_name, field)]
                row[0] += 1
                row[1] += met
                row[2] += met and result.level is not None
                row[3] += met and result.level == "match"
                if not (met and result.level):
                    missed[(slip_name, field)].append(f"{written} / {slipped}")
    print(f"one slip in a name, the date kept: {len(records):,} records of the real-frequency names, seed {args.seed}")
    print(f"{'slip':18}{'field':12}{'pairs':>7}{'met':>8}{'flagged':>9}{'match':>8}")
    for (slip_name, field), (pairs, met, flagged, matched) in counts.items():
        print(f"{slip_name:18}{field:12}{pairs:7d}{met / pairs:8.3f}{flagged / pairs:9.3f}{matched / pairs:8.3f}")
        if args.list:
            print("   left: " + "; ".join(missed[(slip_name, field)][:args.list]))


if __name__ == "__main__":
    main()
