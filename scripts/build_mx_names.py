"""Write coordinator/deconfliction/data/mx_names.tsv from the ranks of ``names-dataset``.

The source is the per-country data of the ``names-dataset`` package
(Apache-2.0 licence; built from the names of public social-network
profiles): Mexico's given names by sex and its surnames, in rank order. It
holds ranks, not counts: ``benchmarks.realnames_tables`` turns them into
shares by a Zipf–Mandelbrot law, ``1 / (rank + 3)``, merges accented and
unaccented spellings, and commits the result with the package versions in
``benchmarks/data/realnames.json``. This script reads that file, so the
prior and the real-frequency benchmark share one source (which flatters the
matcher's figures in a young database). Run: ``python scripts/build_mx_names.py``.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "benchmarks" / "data" / "realnames.json"
OUT = ROOT / "coordinator" / "deconfliction" / "data" / "mx_names.tsv"
# A Mexican carries two surnames, and the database counts a surname in either
# slot: the share of records bearing one is about twice its share of a slot.
SURNAME_SLOTS = 2


def main() -> None:
    """Write given names as half the male and half the female share, surnames per person."""
    tables = json.loads(TABLES.read_text(encoding="utf-8"))
    mexico = tables["MX"]
    given: dict[str, float] = {}
    for sex in ("M", "F"):
        for name, share in mexico[sex].items():
            given[name] = given.get(name, 0.0) + share / 2
    sources = ", ".join(f"{name} {version}" for name, version in tables["sources"].items())
    lines = ["# Shares of Mexico's population by given name (half men, half women) and surname (either",
             "# slot), from the ranks of the names-dataset package (Apache-2.0) by a Zipf-Mandelbrot law,",
             f"# 1 / (rank + 3); written by scripts/build_mx_names.py from benchmarks/data/realnames.json ({sources}).",
             "# kind\tname\tshare"]
    lines += [f"g\t{name}\t{share:.7f}" for name, share in sorted(given.items(), key=lambda x: -x[1])]
    lines += [f"s\t{name}\t{min(1.0, share * SURNAME_SLOTS):.7f}" for name, share in mexico["surnames"].items()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
