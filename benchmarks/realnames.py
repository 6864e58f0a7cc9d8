"""Person matching on names drawn at their real frequencies, the matcher and Splink side by side: ``python -m benchmarks.realnames``.

A background of persons (1,000,000 by default; ``--background`` for a
quicker run) drawn at the name frequencies of Mexico and the US, in
families, is indexed; then each registration (``--queries``) is checked one
at a time as a new record: its keys fetch candidates (from memory, or with
``--database-url`` from a database's key table, as a registration reads
them), ``compare_persons`` scores them. The same data goes to Splink,
trained by EM. ``--seed`` draws another data set (held-out seeds).
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import replace

from benchmarks.common import Scores, frequencies_of, key_index, link_one, timing_line
from benchmarks.realnames_data import NEGATIVE_KINDS, Dataset, build
from benchmarks.realnames_scores import AlertLoad, Flags, KindRow, alert_load, best_threshold, by_kind, pair_scores
from benchmarks.realnames_variants import VARIATIONS
from coordinator.deconfliction import persons
from coordinator.deconfliction.persons import POSSIBLE_PROBABILITY, compare_persons

POSITIVE_ORDER = ("re_entered",) + tuple(VARIATIONS) + ("two at once", "three at once")


def matcher_flags(data: Dataset, database_url: str | None) -> tuple[Flags, str, Counter]:
    """Check every registration against the background; the flags, the timing line, the false alerts' evidence."""
    start = time.perf_counter()
    with key_index(data.records, database_url) as index:
        print(f"indexed {len(data.records):,} background records in {time.perf_counter() - start:.1f} s")
        # The term counts the database would hold for the background (persons.frequencies).
        frequencies = frequencies_of(data.records)
        outcomes = [link_one(index, data.records, q.qid, q.record, frequencies) for q in data.queries]
    flags: Flags = {}
    for outcome in outcomes:
        found = {rid: "possible" for rid in outcome.possible}
        found.update({rid: "match" for rid in outcome.matched})
        flags[outcome.query_id] = found
    return flags, timing_line(outcomes), false_alert_evidence(data, flags, frequencies)


def without_sex(data: Dataset) -> Dataset:
    """The same data set with every record's sex left out."""
    records = {rid: replace(record, sex=None) for rid, record in data.records.items()}
    queries = [replace(q, record=replace(q.record, sex=None)) for q in data.queries]
    return Dataset(records, data.persons, queries)


def false_alert_evidence(data: Dataset, flags: Flags, frequencies) -> Counter:  # type: ignore[no-untyped-def]
    """The false alerts counted by the evidence they rest on: their reasons' codes, with the level."""
    evidence: Counter = Counter()
    for query in data.queries:
        for rid, level in flags.get(query.qid, {}).items():
            if rid != query.truth:
                result = compare_persons(query.record, data.records[rid], frequencies)
                codes = sorted({r.code for r in result.reasons} - {"accents", "same_city", "same_name"})
                evidence[f"{level}: {', '.join(codes) or '-'}"] += 1
    return evidence


def _prf(scores: Scores) -> str:
    return f"{scores.precision:.3f} {scores.recall:.3f} {scores.f1:.3f}"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def report(data: Dataset, systems: dict[str, Flags]) -> None:
    """Print the figures of each system side by side."""
    names = list(systems)
    width = 22
    print(f"{'':40}" + "".join(f"{name:>{width}}" for name in names))
    def levelled(level: str):  # type: ignore[no-untyped-def]
        # Splink gives one probability: its pairs above the threshold are one level, shown as flagged only.
        return lambda f: (_prf(pair_scores(data.queries, f, (level,)))
                          if any(v == "possible" for found in f.values() for v in found.values()) else "-")

    rows = [("flagged pairs: precision recall F1", lambda f: _prf(pair_scores(data.queries, f))),
            ("  level match", levelled("match")), ("  level possible", levelled("possible"))]
    for label, figure in rows:
        print(f"{label:40}" + "".join(f"{figure(systems[n]):>{width}}" for n in names))
    loads: dict[str, AlertLoad] = {n: alert_load(data.queries, systems[n]) for n in names}
    for label, figure in (("false alerts per 1,000 registrations", lambda a: f"{a.per_thousand:,.1f}"),
                          ("registrations with a false alert", lambda a: f"{100 * a.share_with_any:.1f} %"),
                          ("false alerts, registration without a DOB", lambda a: f"{a.mean_without_dob:.2f}"),
                          ("most false alerts for one registration", lambda a: f"{a.most}")):
        print(f"{label:40}" + "".join(f"{figure(loads[n]):>{width}}" for n in names))
    for n in names:
        print(f"  most false alerts, {n}: {loads[n].most} for {loads[n].most_name}")
    kinds: dict[str, dict[str, KindRow]] = {n: by_kind(data.queries, systems[n]) for n in names}
    print()
    print("per kind of registration: found = share of true pairs flagged (at match); "
          "false = false alerts per registration")
    print(f"{'kind':24}{'regs':>6}" + "".join(f"{n + ': found':>20}{'(match)':>9}{'false':>8}" for n in names))
    for kind in POSITIVE_ORDER + NEGATIVE_KINDS:
        if kind not in kinds[names[0]]:
            continue
        line = f"{kind:24}{kinds[names[0]][kind].registrations:6d}"
        for n in names:
            row = kinds[n][kind]
            line += f"{_rate(row.found):>20}{_rate(row.at_match):>9}{row.false_per_registration:8.2f}"
        print(line)


def main() -> None:
    """Build the data, run the matcher and Splink, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1, help="another seed draws another (held-out) data set")
    parser.add_argument("--background", type=int, default=1_000_000, help="background persons")
    parser.add_argument("--queries", type=int, default=4000, help="registrations to check")
    parser.add_argument("--database-url", default=None,
                        help="read candidates from the key table: 'sqlite' (a temporary file) or a PostgreSQL URL")
    parser.add_argument("--no-splink", action="store_true", help="measure the matcher only")
    parser.add_argument("--evidence", type=int, default=12, help="print this many kinds of false alert by evidence")
    parser.add_argument("--without-sex", action="store_true",
                        help="records as a source that states no one's sex keeps them: every sex left out")
    parser.add_argument("--possible-at", type=float, default=None,
                        help="flag pairs from this probability instead of persons.POSSIBLE_PROBABILITY (what another "
                             "threshold would trade)")
    args = parser.parse_args()
    if args.possible_at is not None:
        persons.POSSIBLE_PROBABILITY = args.possible_at
        print(f"pairs flagged from a probability of {args.possible_at} (the matcher's own threshold is "
              f"{POSSIBLE_PROBABILITY})")

    start = time.perf_counter()
    data = build(args.seed, args.background, args.queries)
    if args.without_sex:
        data = without_sex(data)
        print("every record without its sex, as a source that states none keeps them")
    positives = sum(1 for q in data.queries if q.truth is not None)
    print(f"real-frequency names: {len(data.records):,} background persons, {len(data.queries):,} registrations "
          f"({positives:,} of a background person, {len(data.queries) - positives:,} of someone else), "
          f"seed {args.seed}; generated in {time.perf_counter() - start:.1f} s")
    flags, timing, evidence = matcher_flags(data, args.database_url)
    print(timing)
    systems = {"matcher": flags}
    if not args.no_splink:
        from benchmarks.realnames_splink import run_splink

        probabilities, seconds = run_splink(data)
        threshold, splink_flags = best_threshold(data.queries, probabilities)
        print(f"Splink trained by EM and predicted in {seconds:.0f} s; best threshold {threshold:.3f}")
        systems["Splink"] = splink_flags
    report(data, systems)
    print()
    print(f"the matcher's false alerts by the evidence they rest on (the {args.evidence} commonest):")
    for line, count in evidence.most_common(args.evidence):
        print(f"{count:6d}  {line}")


if __name__ == "__main__":
    main()
