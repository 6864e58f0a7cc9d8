"""Write coordinator/deconfliction/data/us_names.tsv from Faker's en_US name lists.

Faker's en_US provider (MIT licence) carries the US Census Bureau's 2010
surname list (public domain) with each name's share of the population, and
first names weighted by the Social Security Administration's counts. Run
with Faker installed (a development dependency): ``python scripts/build_us_names.py``.
"""
from __future__ import annotations

from pathlib import Path

from faker.providers.person.en_US import Provider

# Faker's tables sum to 1 over the names they list; the Census's 1,000 most
# frequent surnames cover about 38 % of the population (Smith: 0.828 %), and
# the listed first names about 80 % of births: scaled back to population shares.
SURNAME_COVER = 0.38
GIVEN_COVER = 0.80
OUT = Path(__file__).resolve().parent.parent / "coordinator" / "deconfliction" / "data" / "us_names.tsv"


def main() -> None:
    """Write the shares: given names as half the male and half the female share, surnames as listed."""
    given: dict[str, float] = {}
    for table in (Provider.first_names_male, Provider.first_names_female):
        for name, share in table.items():
            given[name] = given.get(name, 0.0) + share / 2 * GIVEN_COVER
    lines = ["# Shares of the US population by given name (SSA counts, half men, half women) and surname",
             "# (US Census 2010, public domain), as Faker's en_US provider ships them (MIT licence).",
             "# kind\tname\tshare"]
    lines += [f"g\t{name}\t{share:.7f}" for name, share in sorted(given.items(), key=lambda x: -x[1])]
    lines += [f"s\t{name}\t{share * SURNAME_COVER:.7f}" for name, share in Provider.last_names.items()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
