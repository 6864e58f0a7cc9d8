"""A page of an agency's alert list with many open alerts: ``python -m benchmarks.alert_list_plan``.

Fills a fresh database (a temporary SQLite file, or with ``--database-url
postgresql://...`` a PostgreSQL database it creates and drops) with
``--alerts`` open alerts between an ATF case and an ICE case (severities
mixed, raised over a year) and ``--resolved`` more that both sides have
resolved, in bulk statements, and analyses it. Then it
asks for the first page of ATF's list as ``GET /api/v1/conflicts`` does
(``alerts_for``: 51 rows for a page of 50), with ``status=open`` and without,
and prints the plan with its run time (PostgreSQL: ``EXPLAIN ANALYZE``;
SQLite: ``EXPLAIN QUERY PLAN`` and the time of the query). The same page
ordered as the list was ordered before 0036 (by the alerts' columns, which
no index on the sides gives) is measured beside it, on the same data at the
same moment.
"""
from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import case, event, insert, select, text
from sqlalchemy.orm import contains_eager

from .database import benchmark_app

SEVERITIES = ("critical", "high", "medium", "low")
NOW = datetime(2026, 11, 1, tzinfo=timezone.utc)
BATCH = 10_000


def fill(session, alerts: int, resolved: int) -> tuple[object, object]:
    """Two users and cases, ``alerts`` open alerts between the cases and ``resolved`` closed ones (two sides each)."""
    from coordinator.accounts.services import create_user
    from coordinator.cases.services import register_case
    from coordinator.conflicts.models import AlertSide, ConflictAlert
    from coordinator.conflicts.ordering import rank_of

    users, cases = [], []
    for code in ("ATF", "ICE"):
        user = create_user(session, email=f"bench@{code.lower()}.test", name=f"Bench {code}", agency_code=code,
                           role="supervisor", password="correct horse battery staple", phone="+1 602 555 0100")
        users.append(user)
        cases.append(register_case(session, user, {
            "number": f"{code}-BENCH-1", "title": "Bench", "case_type": "firearms_trafficking",
            "opened_on": date(2026, 1, 15), "initiated_by": "trace", "mexico_nexus": True}))
    session.commit()
    rng = random.Random(7)
    total = alerts + resolved
    for start in range(0, total, BATCH):
        rows, sides = [], []
        for n in range(start, min(start + BATCH, total)):
            done = n >= alerts
            severity = rng.choices(SEVERITIES, weights=(2, 18, 40, 40))[0]
            raised = NOW - timedelta(seconds=rng.randrange(365 * 86400))
            rows.append({"id": n + 1, "pair": f"subject:subject:{2 * n + 1}|subject:{2 * n + 2}", "kind": "subject",
                         "level": "possible", "severity": severity, "score": 0.8,
                         "status": "closed" if done else "open",
                         "raised_at": raised, "updated_at": raised})
            for k, (user, owned) in enumerate(zip(users, cases)):
                sides.append({"alert_id": n + 1, "agency_id": user.agency_id, "case_id": owned.id,
                              "record_type": "subject", "record_id": 2 * n + 1 + k, "record_kind": "phone",
                              "reasons": [], "status": "deconflicted" if done else "open", "withheld": False,
                              "severity_rank": rank_of(severity), "raised_at": raised})
        session.execute(insert(ConflictAlert), rows)
        session.execute(insert(AlertSide), sides)
        session.commit()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT setval('conflict_alerts_id_seq', :n)"), {"n": total})
        session.commit()
        with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE conflict_alerts"))
            conn.execute(text("VACUUM ANALYZE alert_sides"))
    else:
        session.execute(text("ANALYZE"))
        session.commit()
    return users[0], cases[0]


def former_query(agency_id: int, status: str | None, limit: int):
    """The list's SELECT as it was before 0036: ordered by the alerts' columns."""
    from coordinator.conflicts.models import AlertSide, ConflictAlert
    from coordinator.deconfliction.conflicts import SEVERITY_RANK

    query = select(AlertSide).join(ConflictAlert, AlertSide.alert_id == ConflictAlert.id) \
        .where(AlertSide.agency_id == agency_id, AlertSide.withheld.is_(False)) \
        .options(contains_eager(AlertSide.alert))
    if status:
        query = query.where(AlertSide.status == status)
    rank = case(SEVERITY_RANK, value=ConflictAlert.severity, else_=len(SEVERITY_RANK))
    return query.order_by(rank, ConflictAlert.raised_at.desc(), ConflictAlert.id.desc(), AlertSide.id).limit(limit)


def statement_of(session, run) -> tuple[str, object]:
    """The SQL and parameters ``run()`` sends for the list (the SELECT over the sides and alerts)."""
    from coordinator.extensions import db

    sent = []

    def listen(_conn, _cursor, statement, parameters, *_rest):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return next((sql, params) for sql, params in sent if "FROM alert_sides JOIN conflict_alerts" in sql)


def explain(session, sql: str, params) -> list[str]:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return [row[0] for row in connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)]
    plan = [f"{row[-1]}" for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        connection.exec_driver_sql(sql, params).fetchall()
        best = min(best, time.perf_counter() - started)
    return plan + [f"query time (best of 5): {best * 1000:.2f} ms"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=50_000)
    parser.add_argument("--resolved", type=int, default=50_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    from coordinator.conflicts.services import alerts_for
    from coordinator.extensions import db

    with benchmark_app(args.database_url) as _app:
        session = db.session
        user, _case = fill(session, args.alerts, args.resolved)
        print(f"{args.alerts:,} open alerts and {args.resolved:,} resolved, two sides each "
              f"({session.connection().dialect.name})")
        for status in ("open", None):
            for name, run in (("now (0036)", lambda: alerts_for(session, user, status, limit=51, offset=0)),
                              ("before", lambda: session.scalars(former_query(user.agency_id, status, 51)).all())):
                sql, params = statement_of(session, run)
                print(f"\n-- first page, status={status or 'any'}, {name}")
                for line in explain(session, sql, params):
                    print("   ", line)
                session.rollback()


if __name__ == "__main__":
    main()
