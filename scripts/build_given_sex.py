"""Write coordinator/deconfliction/data/given_sex.tsv: how often each given name is a woman's.

The source is ``benchmarks/data/realnames.json`` (the given names of Mexico
and the US by sex, from the ``names-dataset`` package, Apache-2.0, and
Faker's en_US lists, MIT; see ``scripts/build_mx_names.py``). A name's
share of women is its share among women over its shares among women and
men, the two countries' lists summed. Run: ``python scripts/build_given_sex.py``.
"""
from __future__ import annotations

import json
from pathlib import Path

from coordinator.deconfliction.names import fold

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "benchmarks" / "data" / "realnames.json"
OUT = ROOT / "coordinator" / "deconfliction" / "data" / "given_sex.tsv"


def main() -> None:
    """Write each folded given name with its share of women, two decimals."""
    tables = json.loads(TABLES.read_text(encoding="utf-8"))
    shares: dict[str, list[float]] = {}
    for country in ("MX", "US"):
        for index, sex in enumerate(("M", "F")):
            for name, share in tables[country][sex].items():
                shares.setdefault(fold(name), [0.0, 0.0])[index] += share
    sources = ", ".join(f"{name} {version}" for name, version in tables["sources"].items())
    lines = ["# The share of women among the bearers of a given name (folded), Mexico's and the US's lists summed;",
             f"# written by scripts/build_given_sex.py from benchmarks/data/realnames.json ({sources}).",
             "# name\twomen"]
    lines += [f"{name}\t{f / (m + f):.2f}" for name, (m, f) in sorted(shares.items()) if m + f > 0]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
