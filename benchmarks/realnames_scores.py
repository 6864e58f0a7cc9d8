"""The figures of the real-frequency benchmark, the same for the matcher and for Splink.

A system's answer is, per registration, the background records it flags and
at which level ("match" or "possible"). Pairs are counted: a true pair is a
registration and the background record of the same person; every other
flagged pair is a false alert, and a true pair not flagged is a miss.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Iterable

from benchmarks.common import Scores
from benchmarks.realnames_data import Query

Flags = dict[str, dict[Hashable, str]]  # query id -> flagged background record id -> level


def pair_scores(queries: list[Query], flags: Flags, levels: Iterable[str] = ("match", "possible")) -> Scores:
    """Precision, recall and F1 over the pairs flagged at ``levels``."""
    levels = set(levels)
    tp = fp = positives = 0
    for query in queries:
        flagged = {rid for rid, level in flags.get(query.qid, {}).items() if level in levels}
        positives += query.truth is not None
        tp += query.truth in flagged
        fp += len(flagged - {query.truth})
    return Scores(tp, fp, positives - tp)


@dataclass
class AlertLoad:
    """False alerts raised by the registrations."""

    per_thousand: float
    share_with_any: float
    mean_without_dob: float
    most: int
    most_name: str


def _name(query: Query) -> str:
    record = query.record
    return " ".join(p for p in (record.first_name, record.middle_name, record.last_name, record.second_last_name)
                    if p).upper()


def alert_load(queries: list[Query], flags: Flags) -> AlertLoad:
    """False alerts per 1,000 registrations, and how they spread."""
    false = [len(set(flags.get(q.qid, {})) - {q.truth}) for q in queries]
    without_dob = [n for q, n in zip(queries, false) if q.record.dob is None]
    worst = max(range(len(queries)), key=false.__getitem__)
    return AlertLoad(1000 * sum(false) / len(queries), sum(1 for n in false if n) / len(queries),
                     sum(without_dob) / len(without_dob) if without_dob else 0.0, false[worst],
                     _name(queries[worst]))


@dataclass
class KindRow:
    """How one kind of registration fared."""

    registrations: int
    found: float | None  # share of true pairs flagged (None for negatives)
    at_match: float | None
    false_per_registration: float
    false_matches: int


def by_kind(queries: list[Query], flags: Flags) -> dict[str, KindRow]:
    """Per kind of registration: the share of true pairs found, and the false alerts raised."""
    groups: dict[str, list[Query]] = {}
    for query in queries:
        groups.setdefault(query.kind, []).append(query)
    rows = {}
    for kind, group in groups.items():
        positive = group[0].truth is not None
        found = sum(1 for q in group if q.truth in flags.get(q.qid, {}))
        at_match = sum(1 for q in group if flags.get(q.qid, {}).get(q.truth) == "match")
        false = sum(len(set(flags.get(q.qid, {})) - {q.truth}) for q in group)
        false_matches = sum(1 for q in group for rid, level in flags.get(q.qid, {}).items()
                            if level == "match" and rid != q.truth)
        rows[kind] = KindRow(len(group), found / len(group) if positive else None,
                             at_match / len(group) if positive else None, false / len(group), false_matches)
    return rows


def best_threshold(queries: list[Query], probabilities: dict[str, dict[Hashable, float]]) -> tuple[float, Flags]:
    """The probability threshold with the best F1 over flagged pairs, and the pairs it flags."""
    truth = {q.qid: q.truth for q in queries}
    positives = sum(1 for q in queries if q.truth is not None)
    pairs = sorted(((p, truth[qid] == rid) for qid, found in probabilities.items() for rid, p in found.items()),
                   reverse=True)
    best, best_f1, tp, fp = 1.0, -1.0, 0, 0
    for n, (probability, true) in enumerate(pairs):
        tp, fp = tp + true, fp + (not true)
        last_of_tie = n + 1 == len(pairs) or pairs[n + 1][0] < probability
        f1 = 2 * tp / (2 * tp + fp + (positives - tp))
        if last_of_tie and f1 > best_f1:
            best, best_f1 = probability, f1
    flags = {qid: {rid: "match" for rid, p in found.items() if p >= best} for qid, found in probabilities.items()}
    return best, flags
