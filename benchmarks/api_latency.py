"""Latency of one registration's check at scale, in process and through the HTTP API.

    python -m benchmarks.api_latency [--records 1000000] [--operations 1000000] [--requests 400]
                                     [--database-url postgresql://postgres@127.0.0.1:5432/ [--keep]]
                                     [--reuse FOLDER_OR_URL]

Fills a fresh database with synthetic subject records and operations (keys
and cells indexed), then registers new ones — half of them repeating an
existing record, so the checks find and alert real matches — first in
process (the matching itself) and then over HTTP against the app served by
waitress in another process, as clients meet it.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone

from .database import benchmark_app, engine_name, reuse_app
from .loader import indexes_built_after, load_operations, load_subjects
from .synthetic import operation_row, subject_row


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jsonable(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


def bodies(rng: random.Random, sample: list[dict], case_id: int, count: int) -> list[tuple[str, dict]]:
    """Half subject records (half of those repeating an existing one), half operations."""
    out = []
    for n in range(count):
        if n % 2 == 0:
            row = dict(rng.choice(sample)) if sample and rng.random() < 0.5 else subject_row(rng, 10**9 + n)
            out.append((f"/api/v1/cases/{case_id}/subjects", row))
        else:
            start_from = datetime(2026, 1, 1, tzinfo=timezone.utc)
            out.append(("/api/v1/operations", jsonable(operation_row(rng, case_id, start_from))))
    return out


def matching_only(app, user, requests: list[tuple[str, dict]]) -> list[float]:
    """Time the matching itself for the subject records: keys, candidates read, scores (read-only)."""
    from coordinator.conflicts.detect import match_subject
    from coordinator.extensions import db
    from coordinator.subjects.validation import validate_subject

    timings = []
    with app.test_request_context():
        for path, body in requests:
            if not path.endswith("/subjects"):
                continue
            record, errors = validate_subject(body, user.agency.country)
            assert not errors, errors
            start = time.perf_counter()
            match_subject(db.session, record.kind, record.data, user.agency_id)
            timings.append(time.perf_counter() - start)
        db.session.rollback()
    return timings


def in_process(app, user, case, requests: list[tuple[str, dict]]) -> tuple[list[float], list[float]]:
    """Time the whole checks (subject, operation: index, match, alert, receipt), each rolled back."""
    import coordinator.operations.services as operation_services
    import coordinator.subjects.services as subject_services
    from coordinator.extensions import db
    from coordinator.operations.services import register_operation
    from coordinator.subjects.services import add_subject

    timings: dict[str, list[float]] = {"subject": [], "operation": []}

    def timed(fn, bucket):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timings[bucket].append(time.perf_counter() - start)
        return wrapper

    originals = subject_services.check_subject, operation_services.check_operation
    subject_services.check_subject = timed(originals[0], "subject")
    operation_services.check_operation = timed(originals[1], "operation")
    try:
        with app.test_request_context():
            for path, body in requests:
                body = dict(body)
                if path.endswith("/subjects"):
                    kind, role = body.pop("kind"), body.pop("role")
                    add_subject(db.session, user, case, kind, role, body)
                else:
                    body.pop("case_id")
                    for name in ("starts_at", "ends_at"):
                        body[name] = datetime.fromisoformat(body[name])
                    register_operation(db.session, user, case, body)
                db.session.rollback()
    finally:
        subject_services.check_subject, operation_services.check_operation = originals
    return timings["subject"], timings["operation"]


def over_http(database_url: str, token: str, requests: list[tuple[str, dict]]) -> tuple[list[float], int, list, tuple]:
    """The registrations over HTTP, with the network looks' worker running beside the server, as in production."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "COORDINATOR_CONFIG": "development",
           "SECRET_KEY": "benchmark"}
    log = open(os.path.join(tempfile.gettempdir(), "coordinator-latency-server.log"), "w")
    server = subprocess.Popen([sys.executable, "-m", "waitress", "--host", "127.0.0.1", f"--port={port}",
                               "--threads=4", "--call", "coordinator:create_app"], env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "coordinator", "jobs", "work", "--loop",
                               "--interval", "0.5", "--kind", "network_look"], env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.time() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/api/v1/health")
                health = conn.getresponse()
                health.read()
                if health.status == 200:
                    break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        latencies, conflicts, slowest = [], 0, []
        for n, (path, body) in enumerate(requests):
            payload = json.dumps(body)
            start = time.perf_counter()
            conn.request("POST", path, body=payload, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            elapsed = time.perf_counter() - start
            if response.status != 201:
                raise SystemExit(f"request {n} {path} failed: {response.status} {answer[:300]!r}")
            found = len(json.loads(answer)["conflicts"])
            if n >= 10:  # the first requests warm the server's caches and connections
                latencies.append(elapsed)
                slowest.append((elapsed, body.get("kind", "operation"), found))
            conflicts += found
        drained = network_looks_drained(database_url)
        return latencies, conflicts, sorted(slowest, reverse=True)[:5], drained
    finally:
        server.terminate()
        server.wait(timeout=30)
        worker.terminate()
        worker.wait(timeout=60)
        log.close()


def network_looks_drained(database_url: str, timeout: float = 600.0) -> tuple[int, int, float]:
    """Once the requests are done: the network looks still queued, the network alerts, and the seconds until the
    worker beside the server had done them all."""
    from sqlalchemy import create_engine, func, select

    from coordinator.conflicts.models import ConflictAlert
    from coordinator.jobs.models import NETWORK_LOOK, Job

    engine = create_engine(database_url)
    looks = select(func.count(Job.id)).where(Job.kind == NETWORK_LOOK)
    alerts = select(func.count(ConflictAlert.id)).where(ConflictAlert.kind == "network")
    started = time.perf_counter()
    try:
        with engine.connect() as conn:
            left = conn.scalar(looks)
            while conn.scalar(looks) and time.perf_counter() - started < timeout:
                conn.rollback()
                time.sleep(0.1)
            return left, conn.scalar(alerts), time.perf_counter() - started
    finally:
        engine.dispose()


def accounts_and_cases(cases_per_agency: int, number: str, title: str):
    """The measuring agent (ICE) with its case and a token, and load users' cases in six other agencies."""
    from coordinator.accounts.services import create_token, create_user
    from coordinator.cases.services import register_case
    from coordinator.extensions import db

    cases = []
    for code in ("ATF", "CBP", "FGR", "SEDENA", "GN", "DEA"):
        user = create_user(db.session, email=f"load@{code.lower()}.example", name=f"Load {code}",
                           agency_code=code, role="agent", password="benchmark-password")
        for n in range(cases_per_agency):
            cases.append(register_case(db.session, user, {
                "number": f"{code}-{n:04d}", "title": "Load", "case_type": "other",
                "opened_on": date(2025, 1, 1), "initiated_by": "other", "mexico_nexus": True}))
    agent = create_user(db.session, email="agent@ice.example", name=f"{title} Agent", agency_code="ICE",
                        role="agent", password="benchmark-password", phone="+1 520 555 0100")
    case = register_case(db.session, agent, {"number": number, "title": title, "case_type": "other",
                                             "opened_on": date(2026, 1, 1), "initiated_by": "other",
                                             "mexico_nexus": True})
    token = create_token(db.session, agent, 1)
    db.session.commit()
    return agent, case, token, cases


def load_and_analyse(cases: list, records: int, operations: int) -> list[dict]:
    """Fill the cases with synthetic records and operations; a sample of the records to register again."""
    from coordinator.extensions import db

    with indexes_built_after(db.session):  # on SQLite; the database ends with the migrations' indexes
        sample = load_subjects(db.session, cases, records)
        load_operations(db.session, cases, operations)
    if db.engine.dialect.name == "postgresql":  # gather the planner's statistics, as autovacuum would in time
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--operations", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--reuse", metavar="FOLDER_OR_URL", default=None,
                        help="measure again on the database a previous run kept: its SQLite folder, "
                             "or the PostgreSQL URL it printed")
    parser.add_argument("--keep", action="store_true",
                        help="keep the PostgreSQL database after the run (SQLite ones are always kept)")
    args = parser.parse_args()

    if args.reuse:
        with reuse_app(args.reuse) as app:
            measure(app, args, *reused(app))
        return
    folder = tempfile.mkdtemp(prefix="coordinator-latency-")
    with benchmark_app(args.database_url, keep=folder, keep_postgres=args.keep) as app:
        agent, case, token, cases = accounts_and_cases(40, "ICE-LAT-1", "Latency")
        started = time.perf_counter()
        sample = load_and_analyse(cases, args.records, args.operations)
        print(f"  loaded in {time.perf_counter() - started:.0f} s")
        measure(app, args, agent, case, token, sample)


def reused(app):
    """The agent and case of a previous run, a fresh token, and a sample of the loaded records."""
    from coordinator.accounts.models import User
    from coordinator.accounts.services import create_token
    from coordinator.cases.models import Case
    from coordinator.extensions import db
    from coordinator.subjects.models import SubjectRecord

    agent = db.session.scalar(db.select(User).where(User.email == "agent@ice.example"))
    case = db.session.scalar(db.select(Case).where(Case.number == "ICE-LAT-1"))
    token = create_token(db.session, agent, 1)
    rows = db.session.scalars(db.select(SubjectRecord).where(SubjectRecord.agency_id != agent.agency_id)
                              .order_by(db.func.random()).limit(500)).all()
    sample = [{"kind": r.kind, "role": r.role, **r.data} for r in rows]
    db.session.commit()
    return agent, case, token, sample


def measure(app, args, agent, case, token, sample) -> None:
    """Print the matching, check and HTTP figures."""
    from coordinator.extensions import db

    with app.app_context():
        count = db.session.scalar(db.text("SELECT count(*) FROM subject_records"))
        operations = db.session.scalar(db.text("SELECT count(*) FROM operations"))
    rng = random.Random(args.seed)
    warm = bodies(rng, sample, case.id, 400)
    matching_only(app, agent, warm[:100])  # fill the database's page cache first
    match_times = matching_only(app, agent, warm)
    subject_times, operation_times = in_process(app, agent, case, warm)
    requests = bodies(rng, sample, case.id, args.requests + 10)
    latencies, conflicts, slowest, (left, network_alerts, drained) = over_http(
        app.config["SQLALCHEMY_DATABASE_URI"], token, requests)
    name = engine_name(app)
    scale = f"{count:,} records + {operations:,} operations on {name}"
    print(f"matching itself ({scale}): median {statistics.median(match_times) * 1e3:.2f} ms, "
          f"p99 {percentile(match_times, 0.99) * 1e3:.2f} ms over {len(match_times)} subject records")
    print(f"whole check in process: subject median {statistics.median(subject_times) * 1e3:.2f} ms, "
          f"p99 {percentile(subject_times, 0.99) * 1e3:.2f} ms; operation median "
          f"{statistics.median(operation_times) * 1e3:.2f} ms, p99 {percentile(operation_times, 0.99) * 1e3:.2f} ms")
    print(f"HTTP API registration ({scale}): median {statistics.median(latencies) * 1e3:.1f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1e3:.1f} ms over {len(latencies)} requests "
          f"({conflicts} conflicts reported)")
    print("slowest requests: " + ", ".join(f"{kind} {seconds * 1e3:.0f} ms ({found} conflicts)"
                                            for seconds, kind, found in slowest))
    print(f"network looks queued and not yet done when the requests ended: {left}; the worker beside the server "
          f"had done them {drained:.1f} s later ({network_alerts} network alerts in all)")


if __name__ == "__main__":
    main()
