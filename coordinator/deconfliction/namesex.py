"""The sex a given name says, for a record that states none.

Many sources record no one's sex. Where the matcher asks whether a record
is a woman's (a married name: her surnames may all differ), a given name
that women bear almost alone (Rocío, Katherine) says so as surely as a sex
field would; one both sexes bear (Andrea, Jean) says nothing. The shares
come from the given-name lists of Mexico and the US by sex
(``data/given_sex.tsv``, written by ``scripts/build_given_sex.py``); the
lists hold each sex's commonest names, so a name found in one list alone
counts as that sex's (Guadalupe, a man's name less often, as a woman's). The
first given name decides, as it does in Spanish (José María is a man,
María José a woman); an initial says nothing.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .frequencies import data_rows

# A name borne by women at least this often is a woman's, at most 1 - SURE a man's.
SURE = 0.95


@lru_cache(maxsize=1)
def _women_shares() -> dict[str, float]:
    return {name: float(women) for name, women in data_rows("given_sex.tsv")}


def sex_by_name(given: Sequence) -> str | None:
    """"F" or "M" where the first given name (not an initial) is borne by one sex almost alone; else None."""
    first = next((name for name in given if not name.is_initial), None)
    share = _women_shares().get(first.folded) if first is not None else None
    if share is None:
        return None
    return "F" if share >= SURE else "M" if share <= 1 - SURE else None
