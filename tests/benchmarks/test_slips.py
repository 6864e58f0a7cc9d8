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


def test_the_command_prints_a_share_flagged_for_each_slip(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "argv", ["slips", "--records", "200"])
    slips.main()
    rows = [line.split() for line in capsys.readouterr().out.splitlines() if re.search(r"_name\s+\d", line)]
    assert len(rows) == 2 * len(slips.SLIPS)
    for row in rows:
        met, flagged, matched = (float(x) for x in row[-3:])
        assert 0.0 <= matched <= flagged <= met <= 1.0
    scanned = [float(row[-2]) for row in rows if row[0] == "scan"]
    assert min(scanned) >= 0.95  # letters a scan reads as others are read as the letter
