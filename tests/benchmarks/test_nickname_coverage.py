"""The nickname table against the public list of English nicknames (``benchmarks.nickname_coverage``)."""
from __future__ import annotations

import re
import sys

from benchmarks import nickname_coverage


def test_the_coverage_command_prints_the_share_read_as_one_name(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "argv", ["nickname_coverage", "--list"])
    nickname_coverage.main()
    out = capsys.readouterr().out
    share = float(re.search(r"read as one name: [\d,]+ \(([\d.]+) %\)", out).group(1))
    # 62.0 % when the table was checked against the list (45.1 % before): forms taken out would show here.
    assert share >= 61.0
    left = out.splitlines()[-1].split(", ")
    # The list's loose links and names of their own stay two names.
    assert {"Aaron-Erin", "John-Ian", "Jonathan-Nathan", "Elizabeth-Lisa"} <= set(left)
