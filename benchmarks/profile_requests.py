"""CPU per request of the load benchmark's three kinds, in one process, and where it goes.

    python -m benchmarks.profile_requests [--subjects 5000] [--requests 600] [--statements]
                                          [--profile reg|list|ack|all [--sort tottime]]
                                          [--database-url postgresql://postgres@127.0.0.1:5432/]
                                          [--redis redis://127.0.0.1:6379]

The mix of ``benchmarks.load`` (60 % phone registrations of ATF and ICE,
half of them completing the other agency's planted overlap; 30 % reads of
the alert list; 10 % acknowledgements) sent through Flask's test client on a
PostgreSQL database of its own with the same background, one request at a
time. Prints each kind's CPU time per request (the process's CPU, so other
work on a shared machine counts little: compare two versions run at the same
moment), with ``--statements`` the SQL statements each kind sends, and with
``--profile`` cProfile's table for one kind (or all).
"""
from __future__ import annotations

import argparse
import collections
import os
import random
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from .load import prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/")
    parser.add_argument("--subjects", type=int, default=5000)
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379",
                        help="rate limits counted here ('database': there)")
    parser.add_argument("--statements", action="store_true", help="count each kind's SQL statements")
    parser.add_argument("--profile", choices=("reg", "list", "ack", "all"), help="cProfile one kind (CPU time)")
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    os.environ.setdefault("COORDINATOR_CONFIG", "development")
    server, name, tokens, cases = prepare(args.database_url, args.subjects, args.operations, 2)
    try:
        run(args, server + "/" + name, tokens, cases)
    finally:
        import psycopg

        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args, dsn: str, tokens: dict, cases: dict) -> None:
    from sqlalchemy import event

    from config import database_url
    from coordinator import create_app
    from coordinator.extensions import db

    app = create_app({"RATE_LIMITS": {"login": (20, 300), "api": (1_000_000, 60), "api_auth_failure": (30, 60)},
                      "AUDIT_CHECKPOINT_FILE": str(Path(tempfile.mkdtemp()) / "checkpoint.txt"),
                      "AUDIT_KEY": secrets.token_hex(32), "RATELIMIT_STORAGE_URI": args.redis,
                      "SQLALCHEMY_DATABASE_URI": database_url(dsn)})
    client, rng = app.test_client(), random.Random(5)
    statements: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    current = [""]
    if args.statements:
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute",
                         lambda _c, _cur, sql, *_r: statements[current[0]].update([" ".join(sql.split())[:140]]))
    waiting: dict[str, list[str]] = {"ATF": [], "ICE": []}
    alerts: dict[str, list[int]] = {"ATF": [], "ICE": []}
    serial = [0]

    def send(method: str, path: str, agency: str, body: dict | None = None):
        response = client.open(path, method=method, json=body, headers={"Authorization": f"Bearer {tokens[agency][0]}"})
        if response.status_code >= 300:
            raise SystemExit(f"{method} {path} answered {response.status_code}: "
                             f"{response.get_data(as_text=True)[:300]}")
        return response.get_json()

    def reg(agency: str) -> None:
        other = "ICE" if agency == "ATF" else "ATF"
        if waiting[other] and rng.random() < 0.5:
            number = waiting[other].pop()
        else:
            serial[0] += 1
            number = f"+1602{200 + serial[0] // 10_000}{serial[0] % 10_000:04d}"
            waiting[agency].append(number)
        send("POST", f"/api/v1/cases/{cases[agency]}/subjects", agency,
             {"kind": "phone", "role": "suspect", "number": number})

    def listing(agency: str) -> None:
        listed = send("GET", "/api/v1/conflicts?status=open&per_page=50", agency)["items"]
        alerts[agency] = [item["id"] for item in listed]

    def ack(agency: str) -> None:
        if not alerts[agency]:
            listing(agency)
        if alerts[agency]:
            send("POST", f"/api/v1/conflicts/{alerts[agency].pop()}/acknowledge", agency, {})

    kinds = {"reg": reg, "list": listing, "ack": ack}
    plan = ["reg" if x < 0.6 else "list" if x < 0.9 else "ack" for x in (rng.random() for _ in range(args.requests))]
    for n in range(100):  # caches, the pool, the first alerts
        kinds[plan[n % len(plan)]]("ATF" if n % 2 else "ICE")
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)
    cpu: dict[str, list[float]] = collections.defaultdict(list)
    for n, kind in enumerate(plan):
        current[0] = kind
        profiling = profiler is not None and args.profile in (kind, "all")
        if profiling:
            profiler.enable()
        started = time.process_time()
        kinds[kind]("ATF" if n % 2 else "ICE")
        cpu[kind].append(time.process_time() - started)
        if profiling:
            profiler.disable()
    every = [x for values in cpu.values() for x in values]
    print(f"CPU per request ({args.subjects:,} records in the background, {len(every)} requests): "
          f"mean {statistics.fmean(every) * 1e3:.2f} ms; load average {os.getloadavg()[0]:.1f}")
    for kind, values in cpu.items():
        line = f"  {kind:5} {len(values):4d} requests: mean {statistics.fmean(values) * 1e3:.2f} ms, " \
               f"median {statistics.median(values) * 1e3:.2f} ms"
        if args.statements:
            line += f"; {sum(statements[kind].values()) / len(values):.1f} statements a request"
        print(line)
    for kind in (k for k in cpu if args.statements):
        print(f"{kind}: the statements, per request")
        for sql, count in statements[kind].most_common(30):
            print(f"  {count / len(cpu[kind]):5.2f}  {sql}")
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats(args.sort).print_stats(60)


if __name__ == "__main__":
    main()
