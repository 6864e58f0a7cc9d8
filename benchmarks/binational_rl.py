"""For comparison: the recordlinkage tutorial's pipeline on the binational data.

Blocking on the given name or the date of birth, Jaro-Winkler on the names
(0.85), exact date of birth, city and state, and a link where at least three
comparisons agree; then the best threshold on the number that agree.
"""
from __future__ import annotations

import pandas as pd

from benchmarks.binational_data import Dataset
from benchmarks.common import Scores


def _frame(records: dict) -> pd.DataFrame:
    rows = {
        rid: {
            "given_name": " ".join(x for x in (r.first_name, r.middle_name) if x).lower(),
            "surname": " ".join(x for x in (r.last_name, r.second_last_name) if x).lower(),
            "dob": r.dob.isoformat() if r.dob else None,
            "city": (r.city or "").lower() or None,
            "state": (r.state or "").lower() or None,
        }
        for rid, r in records.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index")


def run_recordlinkage(data: Dataset) -> None:
    """Print the tutorial pipeline's figures on the same queries."""
    import recordlinkage

    left = _frame(data.records)
    right = _frame({qid: record for qid, record, _, _ in data.queries})
    by_name = recordlinkage.Index()
    by_name.block("given_name")
    by_dob = recordlinkage.Index()
    by_dob.block("dob")
    pairs = by_name.index(right, left).union(by_dob.index(right, left))
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("dob", "dob", label="dob")
    compare.exact("city", "city", label="city")
    compare.exact("state", "state", label="state")
    features = compare.compute(pairs, right, left)
    total = features.sum(axis=1)
    truth = {(qid, want) for qid, _, _, want in data.queries if want}
    wanted = len(truth)
    best = None
    for threshold in (2, 3, 4, 5):
        found = set(total[total >= threshold].index)
        tp = len(found & truth)
        scores = Scores(tp, len(found) - tp, wanted - tp)
        label = " (tutorial)" if threshold == 3 else ""
        print(f"recordlinkage tutorial pipeline, at least {threshold} agreeing{label}: {scores.line()}")
        if best is None or scores.f1 > best.f1:
            best = scores
    print(f"recordlinkage tutorial pipeline, best threshold: {best.line() if best else '-'}")
