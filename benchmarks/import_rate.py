"""Bulk-import rate: records a second through the import, keys indexed and every record deconflicted.

    python -m benchmarks.import_rate [--records 1000000] [--second 100000] [--overlap 0.01]
                                     [--workers N] [--database-url postgresql://...]

Two agencies import a JSON Lines file each, read and imported as the
command line does (rows validated in ``--workers`` other processes, one per
CPU by default, 50,000-row batches each committed):

- the load: ATF imports ``--records`` records into the empty database;
- the overlap: FGR then imports ``--second`` records of which a share
  (``--overlap``) repeats ATF's, so that import raises real alerts — and
  more, since synthetic people drawn from the same name lists share names
  and dates of birth by chance (the engine rightly flags those as possible
  matches).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time

from .database import benchmark_app, engine_name
from .synthetic import subject_row


def _file(rows) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in rows)
    return out.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000, help="the first agency's file")
    parser.add_argument("--second", type=int, default=100_000, help="the second agency's file")
    parser.add_argument("--overlap", type=float, default=0.01, help="share of the second file that repeats the first")
    parser.add_argument("--batch", type=int, default=50_000)
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
    first = [subject_row(rng, n) for n in range(args.records)]
    second = [dict(rng.choice(first)) if rng.random() < args.overlap else subject_row(rng, n)
              for n in range(args.second)]
    files = [_file(first), _file(second)]
    del first, second
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
        print(f"import on {engine_name(app)}, {args.workers} worker process(es), {args.batch:,}-row batches:")
        for label, (user, case), path in zip(("load", "overlap"), cases, files):
            cpu = _cpu()
            start = time.perf_counter()
            with open(path, encoding="utf-8") as stream:
                report = import_subjects(db.session, user, case, read_rows(stream, "jsonl"), batch_size=args.batch,
                                         after_batch=lambda _done: db.session.commit(), workers=args.workers)
            db.session.commit()
            os.unlink(path)
            elapsed = time.perf_counter() - start
            importing, workers = (after - before for after, before in zip(_cpu(), cpu))
            print(f"  {label}: {case.agency.code} imported {report.imported:,} records ({report.failed:,} refused, "
                  f"{len(report.alert_ids):,} alerts) in {elapsed:.1f} s: {report.imported / elapsed:,.0f} records/s")
            if report.imported:
                print(f"    CPU a record: importing process {importing / report.imported * 1e6:.1f} us, "
                      f"workers {workers / report.imported * 1e6:.1f} us")


def _cpu() -> tuple[float, float]:
    """CPU seconds (user and system) of this process and of its ended children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
