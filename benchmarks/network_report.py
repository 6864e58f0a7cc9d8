"""The network report over a million records: ``python -m benchmarks.network_report``.

Target (DESIGN.md): the whole link graph of 1,000,000 records analysed
(components, cross-agency connectors) within a minute and 2 GB of memory.

The benchmark fills a fresh database (a temporary SQLite file, or with
``--database-url postgresql://...`` a PostgreSQL database it creates and
drops) by bulk statements: cases of twelve agencies, ``--records`` subject
records, and the links the engine would have written between them. That
load is not what is measured and skips the registration path. Then the
report runs in a fresh process, exactly as ``flask network report`` runs it,
and prints its wall time and that process's peak memory (``ru_maxrss``).

The links are shaped like case data: trafficking rings of 3 to 12 cases in
which the same person, phone, gun or vehicle is known to 2 to 5 agencies
(each such record linked to the others, as the engine links every matching
pair of different agencies), and regional hubs (dealers, phones, businesses,
addresses) that dozens of cases across rings share. A few links are
rejected by a reviewer and must not count.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from itertools import combinations
from pathlib import Path

AGENCY_MIX = (("ATF", 20), ("ICE", 15), ("CBP", 10), ("DEA", 6), ("FBI", 6), ("USAO", 3), ("FGR", 15),
              ("CENAPI", 5), ("SSPC", 6), ("SEDENA", 5), ("GN", 6), ("ANAM", 3))
RECORD_KINDS = (("person", 35), ("phone", 18), ("firearm", 20), ("vehicle", 10), ("address", 6), ("email", 4),
                ("business", 3), ("dealer", 2), ("gun_show", 2))
CLUSTER_KINDS = (("person", 40), ("phone", 25), ("firearm", 20), ("vehicle", 10), ("email", 5))
HUB_KINDS = (("dealer", 50), ("phone", 25), ("business", 15), ("address", 10))
CLUSTER_SIZES = ((2, 50), (3, 30), (4, 15), (5, 5))
RINGS_PER_REGION = 60
HUBS_PER_REGION = 6
HUB_SHARE = 0.06  # of a ring's cases, how many hold a record of one of the region's hubs
NATIONAL_HUBS = 12  # big dealers and phones that cases all over hold records of
NATIONAL_SHARE = 0.004
BATCH = 50_000
NOW = datetime(2026, 11, 1, tzinfo=timezone.utc)


def _pick(rng: random.Random, mix: tuple) -> object:
    return rng.choices([value for value, _w in mix], weights=[w for _v, w in mix])[0]


class Generator:
    """Cases, records and links, ring by ring; deterministic for a seed."""

    def __init__(self, records: int, agency_ids: dict[str, int], user_of: dict[int, int], seed: int = 7):
        self.rng = random.Random(seed)
        self.records, self.agency_ids, self.user_of = records, agency_ids, user_of
        self.case_id = self.record_id = self.link_id = 0
        regions = max(1, records // (RINGS_PER_REGION * 38))
        self.hubs = [[(_pick(self.rng, HUB_KINDS), []) for _h in range(HUBS_PER_REGION)] for _r in range(regions)]
        self.national = [(_pick(self.rng, HUB_KINDS[:2]), []) for _h in range(NATIONAL_HUBS)]
        self.cases: list[tuple] = []
        self.subjects: list[tuple] = []
        self.links: list[tuple] = []

    def rings(self):
        """Yield after each ring; the caller drains the three lists when they grow long."""
        rng = self.rng
        while self.record_id < self.records:
            region = self.hubs[rng.randrange(len(self.hubs))]
            ring = [self._case(rng) for _c in range(rng.randint(3, 12))]
            free = {case: list(slots) for case, _agency, slots in ring}
            kinds: dict[int, str] = {}
            for _cluster in range(rng.randint(3, 15)):
                self._cluster(rng, ring, free, kinds)
            for case, agency, _slots in ring:
                for hubs, share in ((region, HUB_SHARE), (self.national, NATIONAL_SHARE)):
                    if free[case] and rng.random() < share:
                        kind, members = rng.choices(hubs, weights=[1 / (rank + 1) for rank in range(len(hubs))])[0]
                        record = free[case].pop()
                        kinds[record] = kind
                        members.append((record, case, agency))
            for case, agency, slots in ring:
                for record in slots:
                    self._subject(record, case, agency, kinds.get(record) or _pick(rng, RECORD_KINDS))
            yield

    def hub_links(self):
        """The links between the records of each hub held by different agencies."""
        for region in self.hubs + [self.national]:
            for kind, members in region:
                for (a, case_a, agency_a), (b, case_b, agency_b) in combinations(members, 2):
                    if agency_a != agency_b:
                        self._link(a, b, case_a, case_b, kind)
                        if len(self.links) >= BATCH:
                            yield
        yield

    def _case(self, rng: random.Random) -> tuple[int, int, list[int]]:
        self.case_id += 1
        code = _pick(rng, AGENCY_MIX)
        agency = self.agency_ids[code]
        self.cases.append((self.case_id, agency, f"{code}-{self.case_id:07d}", f"Case {self.case_id}",
                           rng.choice(("firearms_trafficking", "straw_purchase", "smuggling")), "open",
                           date(2025, 1, 1), "trace", True, self.user_of[agency], NOW, NOW))
        count = min(rng.randint(2, 8), self.records - self.record_id)
        slots = list(range(self.record_id + 1, self.record_id + count + 1))
        self.record_id += count
        return self.case_id, agency, slots

    def _cluster(self, rng, ring, free, kinds) -> None:
        """One thing several agencies know: a record of it in 2 to 5 cases of different agencies."""
        size = _pick(rng, CLUSTER_SIZES)
        chosen, agencies = [], set()
        for case, agency, _slots in rng.sample(ring, len(ring)):
            if free[case] and agency not in agencies:
                chosen.append((free[case].pop(), case))
                agencies.add(agency)
                if len(chosen) == size:
                    break
        if len(chosen) < 2:
            for record, case in chosen:
                free[case].append(record)
            return
        kind = _pick(rng, CLUSTER_KINDS)
        for record, _case in chosen:
            kinds[record] = kind
        for (a, case_a), (b, case_b) in combinations(chosen, 2):
            self._link(a, b, case_a, case_b, kind)

    def _subject(self, record: int, case: int, agency: int, kind: str) -> None:
        self.subjects.append((record, case, agency, kind, "suspect", f"{kind} #{record}", "{}", self.user_of[agency],
                              NOW, NOW))

    def _link(self, a: int, b: int, case_a: int, case_b: int, kind: str) -> None:
        self.link_id += 1
        (low, low_case), (high, high_case) = sorted(((a, case_a), (b, case_b)))
        draw = self.rng.random()
        state = "rejected" if draw < 0.02 else "confirmed" if draw < 0.10 else "auto"
        level = "possible" if draw > 0.85 else "match"
        self.links.append((self.link_id, low, high, low_case, high_case, kind, level,
                           0.7 if level == "possible" else 1.0, state, NOW, NOW))


CASE_COLUMNS = ("id", "agency_id", "number", "title", "case_type", "status", "opened_on", "initiated_by",
                "mexico_nexus", "created_by_id", "created_at", "updated_at")
SUBJECT_COLUMNS = ("id", "case_id", "agency_id", "kind", "role", "label", "data", "created_by_id", "created_at",
                   "updated_at")
LINK_COLUMNS = ("id", "low_id", "high_id", "low_case_id", "high_case_id", "kind", "level", "score", "state",
                "created_at", "updated_at")


def bulk_insert(connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY on PostgreSQL; one prepared INSERT run for every row (executemany) on SQLite."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    stored = [tuple(_sqlite(value) for value in row) for row in rows]
    connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                               stored)


def _sqlite(value):
    """Values as SQLAlchemy stores them in SQLite (naive UTC timestamps, ISO dates, 0/1)."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def build(engine, records: int, seed: int) -> tuple[int, int, int]:
    """Fill the database; return how many cases, records and links it holds."""
    from sqlalchemy import text

    start = time.perf_counter()
    with engine.begin() as connection:
        agency_ids = dict(connection.execute(text("SELECT code, id FROM agencies")).all())
        users = [(i, f"bench-{code.lower()}@example.test", f"Benchmark {code}", agency, "agent", "UTC",
                  "!", True, 0, NOW) for i, (code, agency) in enumerate(sorted(agency_ids.items()), 1)]
        bulk_insert(connection, "users", ("id", "email", "name", "agency_id", "role", "timezone", "password_hash",
                                          "active", "failed_logins", "created_at"), users)
    generator = Generator(records, agency_ids, {agency: i for i, _e, _n, agency, *_rest in users}, seed)

    def flush() -> None:
        with engine.begin() as connection:  # cases before their records before their links
            for table, columns, rows in (("cases", CASE_COLUMNS, generator.cases),
                                         ("subject_records", SUBJECT_COLUMNS, generator.subjects),
                                         ("subject_links", LINK_COLUMNS, generator.links)):
                bulk_insert(connection, table, columns, rows)
                rows.clear()
        print(f"\r  loading: {generator.record_id:,} records, {generator.link_id:,} links "
              f"({time.perf_counter() - start:.0f} s)", end="", flush=True)

    for _ring in generator.rings():
        if max(len(generator.subjects), len(generator.links)) >= BATCH:
            flush()
    flush()
    for _batch in generator.hub_links():
        flush()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for table in ("users", "cases", "subject_records", "subject_links"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT max(id) FROM {table}))"))
        connection.execute(text("ANALYZE"))
    print(f"\r  loaded {generator.case_id:,} cases, {generator.record_id:,} records and {generator.link_id:,} links "
          f"in {time.perf_counter() - start:.0f} s")
    return generator.case_id, generator.record_id, generator.link_id


def run_report(url: str, top: int) -> None:
    """In a fresh process: the report as the command line runs it, timed, with this process's peak memory."""
    from sqlalchemy import func, select

    from coordinator import create_app
    from coordinator.extensions import db
    from coordinator.network.reading import link_rows
    from coordinator.network.services import network_report
    from coordinator.network.text import report_lines
    from coordinator.subjects.models import SubjectRecord

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        records = db.session.scalar(select(func.count()).select_from(SubjectRecord))
        db.session.rollback()
        before = _peak_gb()
        start = time.perf_counter()
        report = network_report(db.session, None, top=top)
        seconds = time.perf_counter() - start
        peak = _peak_gb()
        db.session.rollback()
        lines = list(report_lines(report))
        for line in lines[:1 + 2 + 2 * min(top, 3)]:
            print("  " + line)
        print("  ...")
        start = time.perf_counter()
        streamed = sum(1 for _row in link_rows(db.session))
        reading = time.perf_counter() - start
        db.session.rollback()
    engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"  reading the {streamed:,} live links alone: {reading:.1f} s; process before the report: {before:.2f} GB")
    print(f"network report ({engine}): {records:,} records, {report.links:,} links, "
          f"{report.network_count:,} components spanning agencies, top connector ties "
          f"{report.connectors[0].cases if report.connectors else 0:,} cases; {seconds:.1f} s, peak {peak:.2f} GB")


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2  # kilobytes on Linux


def main() -> None:
    """Build the database, then time the report in a child process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None,
                        help="postgresql://user@host:port/ to run on PostgreSQL (a database is made and dropped)")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", metavar="FOLDER", help="keep the SQLite database in this folder (and rerun the "
                                                          "report on it with --report-only sqlite:///FOLDER/bench.sqlite)")
    parser.add_argument("--report-only", metavar="URL", help="only time the report on an existing database")
    args = parser.parse_args()
    if args.report_only:
        run_report(args.report_only, args.top)
        return

    from benchmarks.database import benchmark_app, engine_name
    from coordinator.extensions import db

    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    with benchmark_app(args.database_url, keep=args.keep) as app:
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        print(f"Network report benchmark on {engine_name(app)}: {args.records:,} records")
        build(db.engine, args.records, args.seed)
        db.session.remove()
        db.engine.dispose()
        subprocess.run([sys.executable, "-m", "benchmarks.network_report", "--report-only", url,
                        "--top", str(args.top)], check=True, env={**os.environ},
                       cwd=Path(__file__).resolve().parent.parent)
    if url.startswith("sqlite:///") and not args.keep:
        shutil.rmtree(Path(url[len("sqlite:///"):]).parent, ignore_errors=True)


if __name__ == "__main__":
    main()
