"""Build the name-frequency tables of the real-frequency generator: ``python -m benchmarks.realnames_tables``.

Run once by hand (it needs the ``realnames-data`` extra: ``pip install -e '.[realnames-data]'``);
the result, ``benchmarks/data/realnames.json``, is committed so that a seed
gives the same data whatever versions are installed later.

Sources:

- United States: Faker's ``en_US`` lists (MIT), which carry the published
  weights: surnames from the Census Bureau's surname file (top 1,000, public
  domain), given names from the Social Security Administration's top names
  of the 1960s–1990s (public domain). Faker's surname weights are shares of
  the top 1,000, which hold about 40 % of the population (Smith: 0.88 % in
  the Census against 2.17 % in the list), so the head gets 40 % of the mass
  and a tail of rarer surnames the rest.
- Mexico (and the tails of the US lists): the ranks of given names (by sex)
  and surnames in Mexico and the US of the ``names-dataset`` package
  (Apache-2.0), turned into frequencies by a Zipf–Mandelbrot law,
  ``1 / (rank + 3)``: a model of the shares, not counts (the package
  holds none). Accented and
  unaccented spellings of one name are merged, spelt with their accents.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

TABLES = Path(__file__).with_name("data") / "realnames.json"
US_SURNAME_HEAD_SHARE = 0.40  # the Census top 1,000 surnames hold about 40 % of the population
US_GIVEN_HEAD_SHARE = 0.75  # the SSA top 200 of each decade hold about three quarters of births
MX_GIVEN, MX_SURNAMES, US_TAIL = 1000, 3000, 6000

# Diminutives and social-network forms that rank high among Mexico's given
# names on line but are not names a record is registered under; the
# generator uses them as nicknames instead.
NOT_REGISTERED = frozenset("""
lupita mary mari gaby ale paty alex lalo memo pepe paco chuy toño tono beto nacho pancho quique chava chayo
lupe caro vale fer dany dani tony joe mike chris nick matt jeff josh jim tim steve sam bob rob bill will
rick dave tom pepito manuelito jr junior mode choco toro mickey kike charly angy fanny lulu nena flaca
""".split())


def fold(name: str) -> str:
    """The name without accents, lowercase: the key two spellings share."""
    return "".join(c for c in unicodedata.normalize("NFD", name.lower()) if unicodedata.category(c) != "Mn")


def _clean(name: str) -> bool:
    letters = name.replace(" ", "").replace("-", "")
    return len(letters) >= 3 and letters.isalpha() and fold(name) not in NOT_REGISTERED and " " not in name


def _truncations(ranked: list[str]) -> set[str]:
    """Names that are the start of a name ranked above them: Migue, Vic, Cris (social-network forms)."""
    seen: dict[str, None] = {}
    cut = set()
    for name in ranked[:3000]:
        key = fold(name)
        if key in seen:
            continue
        if any(other.startswith(key) for other in seen):
            cut.add(key)
        seen[key] = None
    return cut


def _zipf(ranked: list[str], limit: int, accents: dict[str, str], given: bool = False) -> dict[str, float]:
    """Weights 1 / (rank + 3) over the first ``limit`` distinct names, spellings merged."""
    weights: dict[str, float] = {}
    cut = _truncations(ranked) if given else set()
    for rank, name in enumerate(ranked, start=1):
        if not _clean(name) or fold(name) in cut:
            continue
        key = fold(name)
        if key not in weights and len(weights) >= limit:
            continue
        weights[key] = weights.get(key, 0.0) + 1.0 / (rank + 3)
    total = sum(weights.values())
    return {accents.get(k, k.title()): w / total for k, w in weights.items()}


SPANISH_MARKS = frozenset("áéíóúüñ")
MIS_ACCENTED = frozenset({"rafaél", "manuél", "luís"})  # seen in the lists, not how the names are spelt


def _accents(curated: list[str], *ranked_lists: list[str]) -> dict[str, str]:
    """Folded name -> its accented spelling: from Faker's curated Mexican lists, or from the
    ranks when the accented spelling is common (ranked within 25 times the plain one)."""
    found: dict[str, str] = {}
    for name in curated:
        if " " not in name and fold(name) != name.lower() and name.lower() not in MIS_ACCENTED:
            found.setdefault(fold(name), name)
    for ranked in ranked_lists:
        rank: dict[str, int] = {}
        for position, name in enumerate(ranked, start=1):
            rank.setdefault(name.lower(), position)
        for name, position in rank.items():
            key = fold(name)
            marks = {c for c in name if not c.isascii()}
            if key == name or key in found or not marks <= SPANISH_MARKS or name in MIS_ACCENTED:
                continue
            if position <= 25 * rank.get(key, 10**9) and _clean(name):
                found[key] = name.title()
    return found


def _head_and_tail(head: dict[str, float], head_share: float, ranked_tail: list[str],
                   exclude: set[str], limit: int) -> dict[str, float]:
    """Published weights for the head, and a Zipf tail of rarer names for the rest of the mass."""
    total = sum(head.values())
    weights = {name: head_share * w / total for name, w in head.items()}
    seen = {fold(n) for n in weights} | exclude
    tail = [n for n in ranked_tail if _clean(n) and fold(n) not in seen][:limit]
    tail_weights = [1.0 / (rank + 3) for rank in range(len(head), len(head) + len(tail))]
    tail_total = sum(tail_weights)
    for name, w in zip(tail, tail_weights):
        weights[name.title()] = (1 - head_share) * w / tail_total
    return weights


def build_tables() -> dict:
    """Read the packages and return the tables (name -> share) per country and kind."""
    from importlib.metadata import version

    from faker.providers.person.en_US import Provider as US
    from faker.providers.person.es_MX import Provider as MX
    from names_dataset import NameDataset

    dataset = NameDataset()
    given = {c: dataset.get_top_names(n=5000, country_alpha2=c, use_first_names=True)[c] for c in ("MX", "US")}
    surnames = {c: dataset.get_top_names(n=12000, country_alpha2=c, use_first_names=False)[c] for c in ("MX", "US")}
    accents = _accents(list(MX.first_names_male) + list(MX.first_names_female) + list(MX.last_names),
                       given["MX"]["M"], given["MX"]["F"], surnames["MX"])
    mx_surnames = _zipf(surnames["MX"], MX_SURNAMES, accents)
    mx_given_folded = {fold(n) for sex in "MF" for n in given["MX"][sex][:MX_GIVEN]}
    us_given_folded = {fold(n) for sex in "MF" for n in given["US"][sex][:MX_GIVEN]}
    tables = {
        "MX": {
            "M": _zipf(given["MX"]["M"], MX_GIVEN, accents, given=True),
            "F": _zipf(given["MX"]["F"], MX_GIVEN, accents, given=True),
            # A word that is far more often a given name is not kept as a surname.
            "surnames": {n: w for n, w in mx_surnames.items()
                         if fold(n) not in mx_given_folded or fold(n) in {fold(s) for s in MX.last_names}},
        },
        "US": {
            "M": _head_and_tail(dict(US.first_names_male), US_GIVEN_HEAD_SHARE, given["US"]["M"],
                                mx_given_folded, US_TAIL),
            "F": _head_and_tail(dict(US.first_names_female), US_GIVEN_HEAD_SHARE, given["US"]["F"],
                                mx_given_folded, US_TAIL),
            "surnames": _head_and_tail(dict(US.last_names), US_SURNAME_HEAD_SHARE, surnames["US"],
                                       {fold(n) for n in mx_surnames} | us_given_folded, US_TAIL),
        },
    }
    for country in tables.values():
        for kind, weights in country.items():
            total = sum(weights.values())
            country[kind] = {n: round(w / total, 9) for n, w in sorted(weights.items(), key=lambda x: -x[1])}
    tables["sources"] = {"Faker": version("Faker"), "names-dataset": version("names-dataset")}
    return tables


def main() -> None:
    """Write the tables next to this module."""
    tables = build_tables()
    TABLES.write_text(json.dumps(tables, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    for country in ("MX", "US"):
        for kind in ("M", "F", "surnames"):
            top = list(tables[country][kind].items())[:6]
            print(country, kind, len(tables[country][kind]), ", ".join(f"{n} {w:.3f}" for n, w in top))


if __name__ == "__main__":
    main()
