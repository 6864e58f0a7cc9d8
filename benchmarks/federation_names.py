"""Person matching across instances against matching at home, on the binational benchmark's data.

    python -m benchmarks.federation_names [--seed 1] [--size 6000]

Each query is checked twice: at home (the person model over the key
index, as ``benchmarks.binational``) and as a peer would check it (only
the hashed blocking keys, the name Bloom filter and the hashed date of
birth crossing: ``deconfliction.federated``). Prints the recall over
flagged pairs (match or possible) both ways, its ratio, and the false
alerts both ways.
"""
from __future__ import annotations

import argparse
import time

from benchmarks.binational_data import build
from benchmarks.common import frequencies_of, key_index, link_one
from coordinator.deconfliction.federated import birth_hashes, hashed_keys, judge_person, name_filter
from coordinator.deconfliction.personkeys import person_keys
from coordinator.deconfliction.persons import PersonRecord

SECRET = b"benchmark federation secret"


def _fields(record: PersonRecord) -> dict:
    return {"first_name": record.first_name, "middle_name": record.middle_name, "last_name": record.last_name,
            "second_last_name": record.second_last_name, "dob": record.dob.isoformat() if record.dob else None}


def _encoded(record: PersonRecord) -> tuple[list[str], tuple]:
    fields = _fields(record)
    return ([k for k, _strong in hashed_keys(SECRET, person_keys(record))],
            (name_filter(SECRET, fields), *birth_hashes(SECRET, fields)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=6000)
    args = parser.parse_args()
    data = build(args.seed, args.size)
    records, truth = data.records, {qid: want for qid, _, _, want in data.queries}
    started = time.perf_counter()
    frequencies = frequencies_of(records)
    local_hits, local_false = 0, 0
    with key_index(records) as index:
        for qid, record, _, _ in data.queries:
            outcome = link_one(index, records, qid, record, frequencies)
            flagged = set(outcome.matched) | set(outcome.possible) | ({outcome.predicted} - {None})
            local_hits += truth[qid] in flagged
            local_false += len(flagged - {truth[qid]})
    local_seconds = time.perf_counter() - started
    started = time.perf_counter()
    postings: dict[str, list] = {}
    encodings = {}
    for record_id, record in records.items():
        keys, encodings[record_id] = _encoded(record)
        for key in keys:
            postings.setdefault(key, []).append(record_id)
    fed_hits, fed_false = 0, 0
    for qid, record, _, _ in data.queries:
        keys, mine = _encoded(record)
        candidates = {c for key in keys for c in postings.get(key, ())}
        flagged = {c for c in candidates if judge_person(mine, encodings[c]) is not None}
        fed_hits += truth[qid] in flagged
        fed_false += len(flagged - {truth[qid]})
    fed_seconds = time.perf_counter() - started
    positives = sum(1 for want in truth.values() if want)
    print(f"binational persons, seed {args.seed}: {len(records)} indexed, {len(data.queries)} queries "
          f"({positives} with a true match)")
    print(f"  at home:         recall {local_hits / positives:.4f}, false alerts {local_false} ({local_seconds:.1f} s)")
    print(f"  across a peer:   recall {fed_hits / positives:.4f}, false alerts {fed_false} ({fed_seconds:.1f} s)")
    print(f"  federated recall / local recall: {fed_hits / max(local_hits, 1):.4f}")


if __name__ == "__main__":
    main()
