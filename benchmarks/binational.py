"""Person matching on binational names, one record at a time: ``python -m benchmarks.binational [--database-url sqlite|URL]``.

The generator in ``benchmarks.binational_data`` makes base persons to index
and labelled queries: variants of a base person (which should link to it)
and namesakes, relatives and strangers (which should link to nothing). Each
query is checked as a new registration through the same keys and scorer as
the FEBRL benchmark, from memory or (``--database-url``) from a database's
key table.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict

from benchmarks.binational_data import NEGATIVE_KINDS, build
from benchmarks.common import frequencies_of, Outcome, Scores, key_index, link_one, score_outcomes, timing_line


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=6000, help="base persons to index")
    parser.add_argument("--database-url", default=None,
                        help="read candidates from the key table: 'sqlite' (a temporary file) or a PostgreSQL URL")
    parser.add_argument("--show-errors", type=int, default=0, help="print this many wrong or missed links")
    parser.add_argument("--recordlinkage", action="store_true", help="also run a recordlinkage tutorial-style pipeline")
    args = parser.parse_args()

    start = time.perf_counter()
    data = build(args.seed, args.size)
    records = data.records
    print(f"generated {len(records)} indexed records and {len(data.queries)} queries in "
          f"{time.perf_counter() - start:.1f} s (seed {args.seed})")
    truth = {qid: want for qid, _, _, want in data.queries}
    kinds = {qid: kind for qid, _, kind, _ in data.queries}
    frequencies = frequencies_of(records)
    with key_index(records, args.database_url) as index:
        outcomes: list[Outcome] = [link_one(index, records, qid, record, frequencies)
                                   for qid, record, _, _ in data.queries]

    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[kinds[outcome.query_id]].append(outcome)
    print(f"{'kind':24} {'queries':>7} {'linked right':>12} {'wrong link':>10} {'missed':>6} {'possible':>8} {'blocked':>7}")
    for kind, group in by_kind.items():
        right = sum(1 for o in group if o.predicted is not None and o.predicted == truth[o.query_id])
        wrong = sum(1 for o in group if o.predicted is not None and o.predicted != truth[o.query_id])
        wanted = [o for o in group if truth[o.query_id]]
        missed = sum(1 for o in wanted if o.predicted is None)
        possible = sum(1 for o in wanted if o.predicted is None and truth[o.query_id] in o.possible)
        blocked = sum(1 for o in wanted if truth[o.query_id] in o.candidate_ids)
        flagged = sum(1 for o in group if not truth[o.query_id] and o.possible)
        print(f"{kind:24} {len(group):7d} {right:12d} {wrong:10d} {missed:6d} "
              f"{possible if wanted else flagged:8d} {blocked if wanted else '-':>7}")
    positives = [o for o in outcomes if truth[o.query_id]]
    blocked = sum(1 for o in positives if truth[o.query_id] in o.candidate_ids)
    print(f"blocking recall (true pair shared a key): {blocked / len(positives):.4f}")
    false_positives = Counter(kinds[o.query_id] for o in outcomes if o.predicted is not None
                              and truth[o.query_id] is None)
    print("false matches on hard negatives: " + ", ".join(f"{k} {false_positives.get(k, 0)}"
                                                            for k in NEGATIVE_KINDS + ("stranger",)))
    print(timing_line(outcomes))
    shown = 0
    for o in outcomes:
        if shown >= args.show_errors:
            break
        if o.predicted != truth[o.query_id]:
            shown += 1
            _show(o, data, truth, records, frequencies)
    scores = score_outcomes(outcomes, truth)
    flagged = Scores(sum(1 for o in positives if o.predicted == truth[o.query_id] or truth[o.query_id] in o.possible),
                     sum((o.predicted is not None and o.predicted != truth[o.query_id])
                         + sum(1 for p in o.possible if p != truth[o.query_id]) for o in outcomes),
                     sum(1 for o in positives if not (o.predicted == truth[o.query_id] or truth[o.query_id] in o.possible)))
    print("flagged pairs (match or possible): " + flagged.line())
    if args.recordlinkage:
        from benchmarks.binational_rl import run_recordlinkage
        run_recordlinkage(data)
    print(scores.line())


def _show(o: Outcome, data, truth, records, frequencies) -> None:  # type: ignore[no-untyped-def]
    from coordinator.deconfliction.persons import compare_persons

    query = next(r for q, r, _, _ in data.queries if q == o.query_id)
    print("---", o.query_id, "predicted", o.predicted, "wanted", truth[o.query_id])
    print("  Q", query)
    for other in filter(None, (truth[o.query_id], o.predicted)):
        result = compare_persons(query, records[other], frequencies)
        print("  ", other, records[other])
        print("     ", result.level, result.score, [r.render() for r in result.reasons])


if __name__ == "__main__":
    main()
