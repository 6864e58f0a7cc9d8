"""Bulk-import rate: records a second through the import service, keys indexed and deconflicted.

    python -m benchmarks.import_rate [--records 100000] [--database-url postgresql://...]

Two agencies import: the second agency's file repeats a share of the first
agency's records, so the import also raises real alerts.
"""
from __future__ import annotations

import argparse
import random
import time

from .database import benchmark_app, engine_name
from .synthetic import subject_row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--overlap", type=float, default=0.01, help="share of the second file that repeats the first")
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from coordinator.accounts.services import create_user
    from coordinator.cases.services import register_case
    from coordinator.extensions import db
    from coordinator.imports.services import import_subjects

    rng = random.Random(args.seed)
    first = [subject_row(rng, n) for n in range(args.records // 2)]
    second = [dict(rng.choice(first)) if rng.random() < args.overlap else subject_row(rng, n)
              for n in range(args.records - len(first))]
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
        for (user, case), rows in zip(cases, (first, second)):
            start = time.perf_counter()
            report = import_subjects(db.session, user, case, ((i + 1, dict(r)) for i, r in enumerate(rows)),
                                     batch_size=args.batch, after_batch=lambda _done: db.session.commit())
            db.session.commit()
            elapsed = time.perf_counter() - start
            totals["imported"] += report.imported
            totals["alerts"] += len(report.alert_ids)
            totals["seconds"] += elapsed
            print(f"  {case.agency.code}: {report.imported:,} imported, {report.failed:,} refused, "
                  f"{len(report.alert_ids):,} alerts in {elapsed:.1f} s ({report.imported / elapsed:,.0f} records/s)")
        rate = totals["imported"] / totals["seconds"]
        print(f"import rate on {engine_name(app)}: {rate:,.0f} records/s "
              f"({totals['imported']:,} records, {totals['alerts']:,} alerts, {totals['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
