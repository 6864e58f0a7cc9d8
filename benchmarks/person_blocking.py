"""How selective the person keys are at scale: ``python -m benchmarks.person_blocking --size 200000``.

Indexes ``size`` generated persons (the binational generator, whose names
are far more concentrated than real files, so the counts are pessimistic)
and checks queries against them: variants of indexed persons and new
persons. Prints the candidates a check reads, per query and per kind of key.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

from benchmarks.binational_data import POSITIVE_KINDS, World, positive
from benchmarks.common import index_records, link_one, percentile
from coordinator.deconfliction.personkeys import person_keys, reading_keys


def main() -> None:
    """Run the measurement and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=200_000, help="persons to index")
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()

    start = time.perf_counter()
    world = World(args.seed)
    persons = [world.person() for _ in range(args.size)]
    records = {f"L{i}": world.record(person) for i, person in enumerate(persons)}
    index = index_records(records)
    keys_per_record = statistics.mean(len(person_keys(r)) for r in list(records.values())[:10000])
    print(f"indexed {len(records)} records in {time.perf_counter() - start:.1f} s; "
          f"{keys_per_record:.1f} keys per record")

    queries = []
    rng = world.rng
    while len(queries) < args.queries:
        i = rng.randrange(args.size)
        if len(queries) % 2:
            record = world.record(world.person())
        else:
            record = positive(world, persons[i], rng.choice(POSITIVE_KINDS))
        if record is not None:
            queries.append(record)
    outcomes = [link_one(index, records, n, q) for n, q in enumerate(queries)]
    counts = [o.candidates for o in outcomes]
    times = [o.seconds * 1000 for o in outcomes]
    print(f"candidates per check: mean {statistics.mean(counts):.1f}, median {statistics.median(counts):.0f}, "
          f"p99 {percentile(counts, 0.99):.0f}, max {max(counts)}")
    print(f"block+compare per check (in memory): median {statistics.median(times):.2f} ms, "
          f"p99 {percentile(times, 0.99):.2f} ms")
    postings: dict[str, list[int]] = defaultdict(list)
    for query in queries:
        for key in reading_keys(person_keys(query)):
            postings[key.split(":", 1)[0]].append(index.postings(key))
    print(f"{'key':6} {'keys/check':>10} {'mean records':>12} {'p99':>6} {'max':>6}")
    for prefix, sizes in sorted(postings.items()):
        print(f"{prefix:6} {len(sizes) / len(queries):10.1f} {statistics.mean(sizes):12.2f} "
              f"{percentile(sizes, 0.99):6.0f} {max(sizes):6d}")


if __name__ == "__main__":
    main()
