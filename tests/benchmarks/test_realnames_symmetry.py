"""Whichever of two records is registered first, the pair is flagged at the same level.

The level of a pair must not depend on which record the check starts from:
the one registered later is compared with the one already there, and
either may come first. Checked on the real-frequency generator's records,
every candidate pair of its registrations compared both ways round.
"""
from __future__ import annotations

from benchmarks.common import frequencies_of, index_records
from benchmarks.realnames_data import build
from coordinator.deconfliction.personkeys import person_keys, reading_keys
from coordinator.deconfliction.persons import compare_persons


def test_every_candidate_pair_gets_the_same_level_both_ways_round():
    data = build(seed=4, size=20_000, queries=800)
    index, frequencies = index_records(data.records), frequencies_of(data.records)
    differ, pairs = [], 0
    for query in data.queries:
        for rid in index.candidates(reading_keys(person_keys(query.record))):
            other = data.records[rid]
            pairs += 1
            one, two = compare_persons(query.record, other, frequencies), compare_persons(other, query.record, frequencies)
            if one.level != two.level:
                differ.append((query.record, other, one.level, two.level))
    assert pairs > 2_000  # enough pairs to mean something
    assert differ == []
