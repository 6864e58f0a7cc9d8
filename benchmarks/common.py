"""What both person-matching benchmarks share: a key index and the one-at-a-time linker."""
from __future__ import annotations

import contextlib
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Hashable, Iterable, Mapping

from coordinator.conflicts.index import MAX_POSTINGS  # a key shared by more records is skipped, as a check does
from coordinator.deconfliction.frequencies import PRIOR, CountedFrequencies, Frequencies
from coordinator.deconfliction.keys import postings_limit
from coordinator.deconfliction.personkeys import person_keys, reading_keys
from coordinator.deconfliction.persons import PersonRecord, compare_persons, could_alert


class MemoryKeyIndex:
    """Key -> record ids, in memory: a stand-in for the database's indexed key table."""

    def __init__(self, max_postings: int | None = MAX_POSTINGS) -> None:
        self._ids: dict[str, list[Hashable]] = defaultdict(list)
        self.max_postings = max_postings

    def add(self, record_id: Hashable, keys: Iterable[str]) -> None:
        """Index a record under its keys."""
        for key in keys:
            self._ids[key].append(record_id)

    def candidates(self, keys: Iterable[str]) -> set[Hashable]:
        """The ids of the records that share at least one key."""
        found: set[Hashable] = set()
        for key in keys:
            ids = self._ids.get(key, ())
            if self.max_postings is None or len(ids) <= postings_limit(key, self.max_postings):
                found.update(ids)
        return found

    def postings(self, key: str) -> int:
        """How many records a key holds."""
        return len(self._ids.get(key, ()))


@dataclass
class Outcome:
    """How one query record fared."""

    query_id: Hashable
    predicted: Hashable | None
    possible: list[Hashable]  # candidates at level "possible", the likeliest first
    candidates: int
    seconds: float
    candidate_ids: set[Hashable] = field(repr=False, default_factory=set)
    matched: list[Hashable] = field(default_factory=list)  # every candidate at level "match", the link first
    compared: int = 0  # candidates the cheap look left for the full comparison


def index_records(records: Mapping[Hashable, PersonRecord]) -> MemoryKeyIndex:
    """Index a file of records as if each had been registered."""
    index = MemoryKeyIndex()
    for record_id, record in records.items():
        index.add(record_id, person_keys(record))
    return index


@contextlib.contextmanager
def key_index(records: Mapping[Hashable, PersonRecord], database_url: str | None = None):
    """The records indexed in memory, or registered in a database whose key table a check reads."""
    if database_url is None:
        yield index_records(records)
        return
    from .keytable import database_index

    with database_index(records, database_url) as index:
        yield index


def frequencies_of(records: Mapping[Hashable, PersonRecord]) -> CountedFrequencies:
    """The term counts a database holding these records keeps, blended with the public prior."""
    return CountedFrequencies.of(records.values())


def link_one(index, records: Mapping[Hashable, PersonRecord], query_id: Hashable,
             query: PersonRecord, frequencies: Frequencies = PRIOR) -> Outcome:
    """Check one new registration: keys, candidates, scores; the best "match" is the link."""
    start = time.perf_counter()
    candidate_ids = index.candidates(reading_keys(person_keys(query)))
    best, best_score, possible, matched, compared = None, -1.0, [], [], 0
    for candidate_id in candidate_ids:
        # A fresh copy, as if read from the database: nothing prepared yet.
        candidate = replace(records[candidate_id])
        if not could_alert(query, candidate):
            continue  # the service's cheap look (conflicts.detect): ruled out before the full comparison
        compared += 1
        result = compare_persons(query, candidate, frequencies)
        if result.level == "match":
            matched.append(candidate_id)
            if result.score > best_score:
                best, best_score = candidate_id, result.score
        elif result.level == "possible":
            possible.append((result.score, candidate_id))
    seconds = time.perf_counter() - start
    matched.sort(key=lambda c: c != best)
    possible = [c for _, c in sorted(possible, key=lambda p: -p[0])]  # the likeliest first
    return Outcome(query_id, best, possible, len(candidate_ids), seconds, candidate_ids, matched, compared)


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


@dataclass
class Scores:
    """Precision, recall and F1 of predicted links against true ones."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        """The figures on one line."""
        return f"F1 {self.f1:.4f} (precision {self.precision:.4f}, recall {self.recall:.4f})"


def score_outcomes(outcomes: Iterable[Outcome], truth: Mapping[Hashable, Hashable | None]) -> Scores:
    """Count links against the truth (query id -> the id it should link to, or None)."""
    tp = fp = fn = 0
    for outcome in outcomes:
        wanted = truth.get(outcome.query_id)
        if outcome.predicted is not None and outcome.predicted == wanted:
            tp += 1
        else:
            if outcome.predicted is not None:
                fp += 1
            if wanted is not None:
                fn += 1
    return Scores(tp, fp, fn)


def timing_line(outcomes: list[Outcome]) -> str:
    """Candidates and time per query, on one line."""
    counts = [o.candidates for o in outcomes]
    times = [o.seconds * 1000 for o in outcomes]
    compared = [o.compared for o in outcomes]
    return (f"candidates per query: mean {statistics.mean(counts):.1f}, max {max(counts)} "
            f"(compared in full: mean {statistics.mean(compared):.1f}, max {max(compared)}); "
            f"block+compare per record: median {statistics.median(times):.3f} ms, p99 {percentile(times, 0.99):.3f} ms")
