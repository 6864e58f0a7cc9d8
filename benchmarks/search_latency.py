"""Latency of the search box at scale: GET /api/v1/search over 1,000,000 subject records.

    python -m benchmarks.search_latency [--records 1000000] [--operations 100000] [--queries 200]
                                        [--database-url postgresql://postgres@127.0.0.1:5432/ [--keep]]
                                        [--resume FOLDER_OR_URL]

Fills a fresh database with synthetic records spread over six agencies'
cases (search entries written as a registration writes them), shares a few
cases of another agency with the searching agency (ATF), then asks the API
(in process, through the whole request: token, access, audit, commit) for
records of ATF's own as users type them: names in another order or without
the second surname, phones in national format with spaces, plates with a
dash, serials in lower case; a common surname alone (the largest answer);
and other agencies' records, which must never be found.

The load commits every 5,000 records and prints a line every tenth. If it
is interrupted, ``--resume`` with the SQLite folder or the PostgreSQL URL it
printed at the start (a PostgreSQL database is then kept: ``--keep``, or a
process killed before it could drop it) writes the rest — the same rows an
uninterrupted load writes — and measures.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import time
from datetime import date

import tempfile

from .database import benchmark_app, engine_name, reuse_app
from .loader import load_operations, load_subjects


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def typed(kind: str, data: dict, rng: random.Random) -> str | None:
    """What a user types to find a record: not the stored form."""
    if kind == "person":
        words = [data.get("last_name"), data.get("first_name")]
        return " ".join(w.lower() for w in words if w)
    if kind == "phone":
        number = data["number"]
        national = number[3:] if number.startswith("+52") else number[2:]
        return f"({national[:3]}) {national[3:6]}-{national[6:]}"
    if kind == "vehicle":
        return f"{data['plate'][:3]}-{data['plate'][3:]}".lower()
    if kind == "firearm":
        return data["serial_number"].lower()
    return None


SEARCHERS = ("ATF", "CBP", "FGR", "SEDENA", "GN", "DEA")


def prepare(db) -> tuple[list, dict, list[int]]:
    """The six agencies' users and 40 cases each, three of CBP's shared with ATF."""
    from coordinator.accounts.services import agency_by_code, create_user
    from coordinator.cases.services import register_case, share_case

    cases, users = [], {}
    for code in SEARCHERS:
        users[code] = create_user(db.session, email=f"search@{code.lower()}.example", name=f"Search {code}",
                                  agency_code=code, role="agent", password="benchmark-password")
        for n in range(40):
            cases.append(register_case(db.session, users[code], {
                "number": f"{code}-{n:04d}", "title": "Load", "case_type": "other",
                "opened_on": date(2025, 1, 1), "initiated_by": "other", "mexico_nexus": True}))
    shared = [c.id for c in cases if c.agency.code == "CBP"][:3]  # the shared branch of the search is read too
    for case in [c for c in cases if c.id in shared]:
        share_case(db.session, users["CBP"], case, agency_by_code(db.session, "ATF"), "Joint work")
    db.session.commit()
    return cases, users, shared


def prepared(db) -> tuple[list, dict, list[int]]:
    """What ``prepare`` made, read back from a database being resumed."""
    from coordinator.accounts.models import User
    from coordinator.cases.models import Case

    users = {code: db.session.scalar(db.select(User).where(User.email == f"search@{code.lower()}.example"))
             for code in SEARCHERS}
    cases = db.session.scalars(db.select(Case).order_by(Case.id)).all()
    shared = [c.id for c in cases if c.agency.code == "CBP"][:3]
    return cases, users, shared


def _stopped(number, _frame) -> None:
    raise SystemExit(f"stopped by signal {number}: resume the load with --resume (the line printed at the start)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--operations", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (SQLite's is always kept)")
    parser.add_argument("--resume", metavar="FOLDER_OR_URL", default=None,
                        help="finish the load of an interrupted run on its database, then measure")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stopped)

    if args.resume:
        with reuse_app(args.resume) as app:
            run(app, args, resumed=True)
        return
    folder = None if args.database_url else tempfile.mkdtemp(prefix="coordinator-search-")
    with benchmark_app(args.database_url, keep=folder, keep_postgres=args.keep) as app:
        where = folder or app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
        print(f"  if interrupted: python -m benchmarks.search_latency --resume {where} (same options)", flush=True)
        run(app, args, resumed=False)


def run(app, args, resumed: bool) -> None:
    from coordinator.accounts.services import create_token
    from coordinator.extensions import db
    from coordinator.operations.models import Operation
    from coordinator.subjects.models import SubjectRecord

    cases, users, shared = prepared(db) if resumed else prepare(db)
    atf = users["ATF"]
    token = create_token(db.session, atf, 1)
    db.session.commit()
    had = (db.session.scalar(db.select(db.func.count()).select_from(SubjectRecord)),
           db.session.scalar(db.select(db.func.count()).select_from(Operation)))
    if resumed:
        print(f"  resuming after {had[0]:,} subject records and {had[1]:,} operations")
    started = time.perf_counter()
    load_subjects(db.session, cases, args.records, first=had[0])
    load_operations(db.session, cases, args.operations, first=had[1])
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    loaded = db.session.scalar(db.select(db.func.count()).select_from(SubjectRecord))
    if loaded != args.records:
        raise SystemExit(f"the database holds {loaded:,} subject records, not {args.records:,}: not measured")
    print(f"  loaded in {time.perf_counter() - started:.0f} s")
    entries = db.session.scalar(db.text("SELECT count(*) FROM search_entries"))
    rng = random.Random(args.seed)

    def sample(own: bool, count: int):
        # Another agency's records, less those of the cases shared with ATF (which ATF may find).
        condition = SubjectRecord.agency_id == atf.agency_id if own else \
            (SubjectRecord.agency_id != atf.agency_id) & SubjectRecord.case_id.not_in(shared)
        rows = db.session.scalars(db.select(SubjectRecord).where(
            condition, SubjectRecord.kind.in_(("person", "phone", "vehicle", "firearm")))
            .order_by(db.func.random()).limit(count)).all()
        return [(r.id, r.kind, typed(r.kind, r.data, rng)) for r in rows]

    own, others = sample(True, args.queries), sample(False, args.queries // 2)
    db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    cpu: list[float] = []  # this process's CPU a query (SQLite's work included; not PostgreSQL's server)

    def ask(q: str) -> tuple[float, list]:
        begun, begun_cpu = time.perf_counter(), time.process_time()
        response = client.get("/api/v1/search", query_string={"q": q, "per_page": 20}, headers=headers)
        elapsed = time.perf_counter() - begun
        cpu.append(time.process_time() - begun_cpu)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        return elapsed, response.get_json()["items"]

    for _id, _kind, q in own[:20]:  # warm the page cache and the connections
        ask(q)
    load_before = os.getloadavg()[0]
    cpu.clear()
    timings: dict[str, list[float]] = {}
    found = {}
    for record_id, kind, q in own:
        elapsed, items = ask(q)
        timings.setdefault(kind, []).append(elapsed)
        hit = any(i["type"] == "subject" and i["id"] == record_id for i in items)
        found[kind] = found.get(kind, 0) + hit
    leaks = 0
    for record_id, kind, q in others:
        elapsed, items = ask(q)
        timings.setdefault("another agency's", []).append(elapsed)
        leaks += any(i["type"] == "subject" and i["id"] == record_id for i in items)
    for surname in ("garcia", "hernandez", "smith", "lopez"):
        elapsed, items = ask(surname)
        timings.setdefault("one common surname", []).append(elapsed)
    every = [t for values in timings.values() for t in values]
    print(f"search over {args.records:,} subject records and {args.operations:,} operations "
          f"({entries:,} search entries), {engine_name(app)}; GET /api/v1/search in process, 20 a page; "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} cores")
    for kind, values in timings.items():
        share = f", found on page 1: {found[kind]}/{len(values)}" if kind in found else ""
        print(f"  {kind:<20} {len(values):4d} queries: median {statistics.median(values) * 1000:7.2f} ms, "
              f"p99 {percentile(values, 0.99) * 1000:7.2f} ms{share}")
    print(f"  all                 {len(every):4d} queries: median {statistics.median(every) * 1000:7.2f} ms, "
          f"p99 {percentile(every, 0.99) * 1000:7.2f} ms; another agency's records (not shared) found: {leaks}")
    print(f"  CPU of this process a query (the machine's load aside): median {statistics.median(cpu) * 1000:.2f} ms, "
          f"p99 {percentile(cpu, 0.99) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
