"""Two agencies registering conflicting records at the same instant, from separate processes.

Each process sleeps between indexing its record and reading the candidates,
so both would read before either commits if nothing serialised them; the
check must still leave the conflict on record for both agencies.
"""
from __future__ import annotations

import multiprocessing
from datetime import datetime, timedelta, timezone

import pytest

from coordinator.conflicts.models import AlertSide, ConflictAlert
from coordinator.extensions import db

from .race_worker import register

WINDOW = 0.6


def race(database_url: str, jobs: list[tuple], use_locks: bool = True, window: float = WINDOW) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(jobs))
    # Without the locks nothing would stop a process from reading after another committed: the processes meet
    # before and after their reads, so the control shows the race every time.
    read_barrier = None if use_locks else context.Barrier(len(jobs))
    processes = [context.Process(target=register, args=(database_url, barrier, *job, window, use_locks, read_barrier))
                 for job in jobs]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=90)
        assert process.exitcode == 0, f"worker failed with exit code {process.exitcode}"


def two_agencies(make):
    atf, ice = make.user("ATF"), make.user("ICE")
    return (atf, make.case(atf)), (ice, make.case(ice))


def alert_sides() -> list[tuple[str, int]]:
    db.session.expire_all()
    return [(side.agency.code, side.alert_id) for side in db.session.scalars(db.select(AlertSide))]


def phone_jobs(make):
    (atf, atf_case), (ice, ice_case) = two_agencies(make)
    phone = {"kind": "phone", "role": "suspect", "number": "+526621234567"}
    return [("subject", atf.id, atf_case.id, dict(phone)), ("subject", ice.id, ice_case.id, dict(phone))]


def operation_jobs(make):
    (atf, atf_case), (ice, ice_case) = two_agencies(make)
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=2)
    plan = {"kind": "gun_show_surveillance", "title": "Show", "starts_at": start, "ends_at": start + timedelta(hours=8),
            "latitude": 33.4665, "longitude": -112.0952, "radius_m": 300, "cross_border": False,
            "timezone": "America/Phoenix"}
    return [("operation", atf.id, atf_case.id, dict(plan)), ("operation", ice.id, ice_case.id, dict(plan))]


@pytest.mark.parametrize("jobs", [phone_jobs, operation_jobs], ids=["subjects", "operations"])
def test_racing_registrations_are_both_flagged(app_ctx, make, database_url, jobs):
    race(database_url, jobs(make))
    sides = alert_sides()
    assert sorted(code for code, _alert in sides) == ["ATF", "ICE"], sides
    assert len({alert for _code, alert in sides}) == 1
    assert db.session.scalar(db.select(db.func.count(ConflictAlert.id))) == 1


def test_without_the_locks_the_race_is_lost(app_ctx, make, database_url):
    """The control experiment: it shows the race above is real, and what serialises it."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers by itself; the advisory locks are PostgreSQL's")
    race(database_url, phone_jobs(make), use_locks=False)
    assert alert_sides() == []
