"""Bulk-import rate: records a second through the import service, keys indexed and deconflicted.

    python -m benchmarks.import_rate [--records 100000] [--workers N] [--database-url postgresql://...]

Two agencies import a JSON Lines file each, read and imported as the
command line does (rows validated in ``--workers`` other processes, one per
CPU by default): the second agency's file repeats a share of the first
agency's records, so the import also raises real alerts.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time

from .database import benchmark_app, engine_name
from .synthetic import subject_row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--overlap", type=float, default=0.01, help="share of the second file that repeats the first")
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from coordinator.accounts.services import create_user
    from coordinator.cases.services import register_case
    from coordinator.extensions import db
    from coordinator.imports.parse import read_rows
    from coordinator.imports.services import import_subjects

    rng = random.Random(args.seed)
    first = [subject_row(rng, n) for n in range(args.records // 2)]
    second = [dict(rng.choice(first)) if rng.random() < args.overlap else subject_row(rng, n)
              for n in range(args.records - len(first))]
    files = []
    for rows in (first, second):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
            out.writelines(json.dumps(row) + "\n" for row in rows)
        files.append(out.name)
    with benchmark_app(args.database_url) as app:
        import datetime as dt

        cases = []
        for code in ("ATF", "FGR"):
            user = create_user(db.session, email=f"bench@{code.lower()}.example", name=f"Bench {code}",
                               agency_code=code, role="agent", password="import rate measure 2026")
            cases.append((user, register_case(db.session, user, {
                "number": f"BENCH-{code}", "title": "Benchmark import", "case_type": "other",
                "opened_on": dt.date(2026, 1, 1), "initiated_by": "other", "mexico_nexus": True})))
        db.session.commit()
        totals = {"imported": 0, "alerts": 0, "seconds": 0.0}
        for (user, case), path in zip(cases, files):
            start = time.perf_counter()
            with open(path, encoding="utf-8") as stream:
                report = import_subjects(db.session, user, case, read_rows(stream, "jsonl"), batch_size=args.batch,
                                         after_batch=lambda _done: db.session.commit(), workers=args.workers)
            db.session.commit()
            os.unlink(path)
            elapsed = time.perf_counter() - start
            totals["imported"] += report.imported
            totals["alerts"] += len(report.alert_ids)
            totals["seconds"] += elapsed
            print(f"  {case.agency.code}: {report.imported:,} imported, {report.failed:,} refused, "
                  f"{len(report.alert_ids):,} alerts in {elapsed:.1f} s ({report.imported / elapsed:,.0f} records/s)")
        rate = totals["imported"] / totals["seconds"]
        print(f"import rate on {engine_name(app)} with {args.workers} worker(s): {rate:,.0f} records/s "
              f"({totals['imported']:,} records, {totals['alerts']:,} alerts, {totals['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
