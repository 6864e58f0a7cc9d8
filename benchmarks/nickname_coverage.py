"""How much of the public list of English nicknames the matcher reads as one name.

``python -m benchmarks.nickname_coverage``. The `nicknames` package
(Apache-2.0) holds about 2,700 hand-curated pairs of an English name and a
nickname of it. Each pair whose name is a given name of the US prior
(``data/us_names.tsv``: names met on US records) is compared as two
records alike but for the given name, and counted by how the matcher
reads the two: as one name (a nickname, an equivalent, a spelling that
sounds alike, a typing error) or as two. Pairs left as two are either
missing from the table or left out on purpose (a common name of its own,
which a sister or a twin would bear: Lisa for Elizabeth, Nathan for
Jonathan); ``--list`` prints them.
"""
from __future__ import annotations

import argparse
from collections import Counter

import nicknames

from coordinator.deconfliction.frequencies import PRIOR, known_name_share
from coordinator.deconfliction.namematch import compare_names
from coordinator.deconfliction.nicknames import table_size
from coordinator.deconfliction.persons import PersonRecord
from coordinator.deconfliction.spelling import fold


def _read(name: str, nickname: str) -> str:
    a = PersonRecord(first_name=name, last_name="Whitfield")._prepared
    b = PersonRecord(first_name=nickname, last_name="Whitfield")._prepared
    verdict = compare_names(a.given, a.surnames, b.given, b.surnames, PRIOR)
    return verdict.given_kind if verdict.given == "agree" else "two names"


def main() -> None:
    """Count the public list's pairs by how the matcher reads them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the pairs read as two names")
    args = parser.parse_args()
    pairs = [(t.name1.title(), t.name2.title()) for t in nicknames.name_triplets() if t.relationship == "has_nickname"]
    met = [(a, b) for a, b in pairs if known_name_share(fold(a), "g") > 0]
    readings = {pair: _read(*pair) for pair in met}
    counts = Counter(readings.values())
    print(f"the `nicknames` package {nicknames.__version__}: {len(pairs):,} pairs; {len(met):,} of a name met on US "
          f"records (the US prior)")
    print(f"the matcher's nickname table: {table_size():,} forms")
    one = len(met) - counts["two names"]
    print(f"read as one name: {one:,} ({100 * one / len(met):.1f} %)")
    for kind, count in counts.most_common():
        print(f"  {kind:16}{count:6,}")
    if args.list:
        print(", ".join(f"{a}-{b}" for (a, b), kind in readings.items() if kind == "two names"))


if __name__ == "__main__":
    main()
