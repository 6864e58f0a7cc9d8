"""CPU per registration through the whole app (token, limits, validation, check, audit, commit), and its profile.

    python -m benchmarks.profile_registration [--records 20000] [--operations 20000] [--requests 300]
                                              [--database-url postgresql://postgres@127.0.0.1:5432/]
                                              [--profile [--html FILE]]

Registers subject records (half of them repeating a loaded one, so checks
find real matches) and operations through the API in this process (Flask's
test client: every request hook runs, no network), and prints the process's
CPU time per request — CPU, not wall time, so that other work on a shared
machine does not count. On PostgreSQL the server's own CPU is not in it.
With ``--profile`` pyinstrument samples the same run and prints where the
time goes.
"""
from __future__ import annotations

import argparse
import collections
import random
import statistics
import time

from .api_latency import accounts_and_cases, bodies, load_and_analyse
from .database import benchmark_app, engine_name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--operations", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--profile", action="store_true", help="sample the run with pyinstrument and print it")
    parser.add_argument("--html", default=None, help="with --profile: also write pyinstrument's HTML page here")
    parser.add_argument("--statements", action="store_true",
                        help="count the SQL statements per request, the most repeated first")
    parser.add_argument("--cpu-profile", action="store_true",
                        help="profile with cProfile on CPU time (pyinstrument samples wall time, waits included)")
    args = parser.parse_args()

    from coordinator.extensions import db

    with benchmark_app(args.database_url) as app:
        _agent, case, token, cases = accounts_and_cases(10, "ICE-PROF-1", "Profile")
        sample = load_and_analyse(cases, args.records, args.operations)
        case_id = case.id
        db.session.remove()
        rng = random.Random(args.seed)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        for path, body in bodies(rng, sample, case_id, 30):  # warm the caches and the connection pool
            _post(client, path, body, headers)
        requests = bodies(rng, sample, case_id, args.requests)
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        counting = None
        if args.cpu_profile:
            import cProfile

            counting = cProfile.Profile(time.process_time)
            counting.enable()
        statements: collections.Counter = collections.Counter()
        if args.statements:
            from sqlalchemy import event

            event.listen(db.engine, "before_cursor_execute",
                         lambda _c, _cur, sql, *_rest: statements.update([" ".join(sql.split())[:150]]))
        cpu: dict[str, list[float]] = {"subject": [], "operation": []}
        for path, body in requests:
            started = time.process_time()
            _post(client, path, body, headers)
            cpu["subject" if path.endswith("/subjects") else "operation"].append(time.process_time() - started)
        if profiler is not None:
            profiler.stop()
        if counting is not None:
            counting.disable()
        every = cpu["subject"] + cpu["operation"]
        print(f"CPU per registration through the API ({args.records:,} records + {args.operations:,} operations "
              f"on {engine_name(app)}, {len(every)} requests): mean {statistics.fmean(every) * 1e3:.2f} ms, "
              f"median {statistics.median(every) * 1e3:.2f} ms; subject record mean "
              f"{statistics.fmean(cpu['subject']) * 1e3:.2f} ms, operation mean "
              f"{statistics.fmean(cpu['operation']) * 1e3:.2f} ms")
        if statements:
            print(f"{sum(statements.values()) / len(requests):.1f} SQL statements per request; the most repeated:")
            for sql, count in statements.most_common(25):
                print(f"  {count / len(requests):5.2f}  {sql}")
        if counting is not None:
            import pstats

            pstats.Stats(counting).sort_stats("cumulative").print_stats("coordinator", 60)
            pstats.Stats(counting).sort_stats("tottime").print_stats(30)
        if profiler is not None:
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            if args.html:
                with open(args.html, "w", encoding="utf-8") as out:
                    out.write(profiler.output_html())


def _post(client, path: str, body: dict, headers: dict) -> None:
    response = client.post(path, json=body, headers=headers)
    if response.status_code != 201:
        raise SystemExit(f"{path} answered {response.status_code}: {response.get_data(as_text=True)[:300]}")


if __name__ == "__main__":
    main()
