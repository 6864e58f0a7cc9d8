"""One slip in a name at a time (``benchmarks.slips``): the slips, and the figures the command prints."""
from __future__ import annotations

import random
import re
import sys

from benchmarks import slips


def test_each_slip_changes_the_name_as_it_says() -> None:
    rng = random.Random(1)
    struck = slips.neighbouring_key(rng, "Ana")
    assert struck[0] == "A" and len(struck) == 3 and struck != "Ana"
    assert slips.SLIPS["scan"](rng, "Gomez") == "Gornez"
    assert slips.cut_short(rng, "Fernando") in ("Fernand", "Fernan")
    assert slips.cut_short(rng, "Luis") is None  # too short to tell from another name
    assert slips.vowel_dropped(rng, "Rosa") == "Rsa"


def test_the_command_prints_a_share_flagged_for_each_slip_of_a_name_and_of_a_date(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "argv", ["slips", "--records", "200"])
    slips.main()
    names, dates, undated = (section.splitlines() for section in capsys.readouterr().out.split("\n\n"))
    rows = [line.split() for line in names if re.search(r"_name\s+\d", line)]
    assert len(rows) == 2 * len(slips.SLIPS)
    for row in rows:
        met, flagged, matched = (float(x) for x in row[-3:])
        assert 0.0 <= matched <= flagged <= met <= 1.0
    scanned = [float(row[-2]) for row in rows if row[0] == "scan"]
    assert min(scanned) >= 0.95  # letters a scan reads as others are read as the letter
    # Without the date, only the keys of names without it join the pair: most slips still meet.
    rows = [line.split() for line in undated if re.search(r"_name\s+\d", line)]
    assert len(rows) == 2 * len(slips.SLIPS)
    assert min(float(row[-3]) for row in rows) >= 0.8
    rows = [line.split() for line in dates if re.search(r"\sdob\s+\d", line)]
    assert len(rows) == len(slips.DATE_SLIPS)
    shares = {" ".join(row[:-5]): float(row[-2]) for row in rows}
    # A tens digit struck anywhere, the same day and month, is a slip, not a parent's distance.
    assert shares["tens digit, any"] >= 0.95 and shares["tens digit beside"] >= 0.95


def test_each_date_slip_changes_the_date_as_it_says() -> None:
    from datetime import date

    rng = random.Random(2)
    born = date(1985, 7, 19)
    beside = slips.DATE_SLIPS["tens digit beside"](rng, born)
    assert beside in (date(1975, 7, 19), date(1995, 7, 19))
    anywhere = {slips.DATE_SLIPS["tens digit, any"](rng, born) for _ in range(200)}
    assert anywhere == {date(1900 + 10 * d + 5, 7, 19) for d in range(10) if d != 8}
    assert slips.DATE_SLIPS["day/month swapped"](rng, date(1985, 7, 12)) == date(1985, 12, 7)
    assert slips.DATE_SLIPS["day/month swapped"](rng, born) is None  # no 19th month
    assert slips.DATE_SLIPS["year transposed"](rng, born) == date(1958, 7, 19)
    assert slips.DATE_SLIPS["year alone"](rng, born) == date(1985, 1, 1)
    assert slips.DATE_SLIPS["century"](rng, born) == date(2085, 7, 19)
    assert slips.DATE_SLIPS["century"](rng, date(2003, 7, 19)) == date(1903, 7, 19)
    typed = slips.other_digit(rng, born)
    assert typed is None or sum(x != y for x, y in zip(typed.strftime("%Y%m%d"), "19850719")) == 1
