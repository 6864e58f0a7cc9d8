"""A large API import is a job: answered at once, done in slices by the workers, resumed after a crash."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text, update

from coordinator.audit.models import AuditEvent
from coordinator.extensions import db
from coordinator.jobs import services
from coordinator.jobs.models import Job
from coordinator.jobs.services import Slicing, claim_next, work_queued
from coordinator.subjects.models import SubjectRecord
from coordinator.types import utcnow

from .factories import Api

# Small slices that grow by at most twice each time: 4, then 8, then 16 rows.
SMALL = Slicing(rows=4, seconds=60.0, pause=0.0)


class Crash(BaseException):
    """A worker dying mid-job: nothing after the raise runs, not even an ``except Exception``."""


def phones(count: int, bad: dict[int, str] | None = None) -> str:
    rows = [json.dumps({"kind": "phone", "role": "associate", "number": f"602-555-{n:04d}"}) for n in range(count)]
    for index, text in (bad or {}).items():
        rows[index] = text
    return "\n".join(rows) + "\n"


@pytest.fixture()
def small_sync(app_ctx, monkeypatch):
    """Any import of more than 5 lines is a job."""
    monkeypatch.setitem(app_ctx.config, "IMPORT_SYNC_MAX_ROWS", 5)


def expire_claims() -> None:
    """Time passes: every claim and every wait before a retry runs out."""
    db.session.execute(update(Job).values(claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def send(api: Api, case_id: int, body: str):
    return api.client.post(f"/api/v1/cases/{case_id}/subjects/import", data=body.encode(),
                           headers={**api.headers, "Content-Type": "application/x-ndjson"})


def stored(case_id: int) -> list[str]:
    return db.session.scalars(db.select(SubjectRecord.label).where(SubjectRecord.case_id == case_id)).all()


def test_a_large_import_answers_at_once_with_a_job_that_ends_with_the_report(client, make, small_sync):
    fgr_agent = make.user("FGR")
    make.subject(fgr_agent, make.case(fgr_agent), "phone", number="+16025550007")
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    response = send(api, case.id, phones(12, {2: "{broken", 9: json.dumps({"kind": "phone", "role": "associate",
                                                                            "number": "not a phone"})}))
    assert response.status_code == 202, response.get_json()
    queued = response.get_json()
    assert queued["status"] == "queued" and queued["result"] is None
    assert response.headers["Location"] == queued["url"] == f"/api/v1/jobs/{queued['id']}"
    assert stored(case.id) == []  # nothing written by the request
    assert work_queued(db.session, SMALL) == [(queued["id"], "done")]
    job = api.get(queued["url"]).get_json()
    assert job["status"] == "done" and job["progress"] == {"rows_done": 12, "rows_total": 12}
    result = job["result"]
    assert (result["imported"], result["failed"]) == (10, 2)
    assert [(e["line"], e["field"]) for e in result["errors"]] == [(3, "_row"), (10, "number")]
    assert result["conflicts"] == 1 and len(result["alert_ids"]) == 1 and result["receipt"].startswith("DX-")
    assert len(stored(case.id)) == 10
    assert db.session.scalar(db.select(Job.payload).where(Job.id == queued["id"])) is None  # the file is not kept
    entry = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "subject.import_job"))
    assert entry.user_id == agent.id and entry.details["receipt"] == result["receipt"]
    bulk = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "subject.bulk_create")).all()
    assert bulk and {e.user_id for e in bulk} == {agent.id}
    assert api.get(f"/api/v1/cases/{case.id}").status_code == 200


def test_a_job_is_shown_only_to_the_user_who_sent_it(client, make, small_sync):
    agent = make.user("ATF")
    case = make.case(agent)
    job_url = send(Api(client, make.token(agent)), case.id, phones(8)).get_json()["url"]
    colleague = Api(client, make.token(make.user("ATF", role="supervisor")))
    assert colleague.get(job_url).status_code == 404
    assert Api(client, make.token(agent)).get("/api/v1/jobs/999999").status_code == 404


def test_small_imports_stay_in_their_request(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    response = send(Api(client, make.token(agent)), case.id, phones(20))
    assert response.status_code == 200 and response.get_json()["imported"] == 20


def test_the_row_errors_are_in_the_language_of_the_request(client, make, small_sync):
    agent = make.user("ATF", locale="es")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    job_url = send(api, case.id, phones(8, {1: "{roto"})).get_json()["url"]
    work_queued(db.session, SMALL)
    errors = api.get(job_url).get_json()["result"]["errors"]
    assert errors == [{"line": 2, "field": "_row", "message": errors[0]["message"]}]
    assert errors[0]["message"].startswith("Esta línea no es JSON"), errors


def test_a_worker_killed_mid_job_leaves_it_to_the_next_worker_from_its_last_slice(client, make, small_sync,
                                                                                  monkeypatch):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    job_url = send(api, case.id, phones(20, {1: "{broken", 15: "[1]"})).get_json()["url"]
    real_slice, calls = services.import_slice, []

    def dies_in_its_second_slice(*args):
        calls.append(len(args[3]))
        if len(calls) == 2:
            real_slice(*args)  # written, not committed: the kill comes before the commit
            raise Crash()
        return real_slice(*args)

    monkeypatch.setattr(services, "import_slice", dies_in_its_second_slice)
    with pytest.raises(Crash):
        work_queued(db.session, SMALL)
    db.session.rollback()  # what the dead process's connection does when it closes
    monkeypatch.setattr(services, "import_slice", real_slice)
    job = api.get(job_url).get_json()
    assert job["status"] == "running" and job["progress"] == {"rows_done": 4, "rows_total": 20}
    assert (job["imported"], job["failed"]) == (3, 1) and job["result"] is None
    assert len(stored(case.id)) == 3
    assert work_queued(db.session, SMALL) == []  # its claim is still live: nobody takes it over yet
    expire_claims()  # the lease runs out
    assert work_queued(db.session, SMALL) == [(job["id"], "done")]
    done = api.get(job_url).get_json()
    assert done["status"] == "done" and done["attempts"] == 2
    assert (done["result"]["imported"], done["result"]["failed"]) == (18, 2)
    assert [e["line"] for e in done["result"]["errors"]] == [2, 16]
    labels = stored(case.id)
    assert len(labels) == len(set(labels)) == 18  # no row landed twice


def test_a_job_that_keeps_failing_is_tried_again_then_marked_failed_keeping_what_landed(client, make, small_sync,
                                                                                        monkeypatch):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    job_url = send(api, case.id, phones(10)).get_json()["url"]
    real_slice, slices = services.import_slice, []

    def fails_after_the_first_slice(*args):
        slices.append(1)
        if len(slices) > 1:
            raise RuntimeError("disk full")
        return real_slice(*args)

    monkeypatch.setattr(services, "import_slice", fails_after_the_first_slice)
    outcomes = []
    for _round in range(4):
        outcomes.append(work_queued(db.session, SMALL))
        assert work_queued(db.session, SMALL) == []  # not tried again at once
        expire_claims()
    assert [o[0][1] if o else None for o in outcomes] == ["queued", "queued", "failed", None]
    job = api.get(job_url).get_json()
    assert job["status"] == "failed" and job["error"]["code"] == "job_failed"
    assert job["result"]["imported"] == 4 and job["progress"]["rows_done"] == 4
    assert len(stored(case.id)) == 4
    assert db.session.scalar(db.select(Job.last_error)) == "RuntimeError: disk full"


def test_a_job_whose_user_lost_the_case_fails_without_writing(client, make, small_sync):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    job_url = send(api, case.id, phones(8)).get_json()["url"]
    from coordinator.accounts.models import Agency

    agent.agency_id = db.session.scalar(db.select(Agency.id).where(Agency.code == "ICE"))  # moved since
    db.session.commit()
    for _attempt in range(3):
        work_queued(db.session, SMALL)
        expire_claims()
    assert db.session.scalar(db.select(Job.status)) == "failed"
    assert stored(case.id) == []


def test_several_workers_each_claim_another_job(app_ctx, make, app):
    agent = make.user("ATF")
    case = make.case(agent)
    for _n in range(2):
        services.enqueue_import(db.session, agent, case, phones(3), "jsonl", "en")
    db.session.commit()
    lease = timedelta(seconds=60)
    if db.engine.dialect.name == "postgresql":
        # Two workers at the same instant: the first one's claim is not committed yet; the second skips the row.
        from sqlalchemy.orm import Session

        first_session, second_session = Session(bind=db.engine), Session(bind=db.engine)
        try:
            first = claim_next(first_session, lease)
            second_session.execute(text("SET LOCAL lock_timeout = '2s'"))  # waiting would be an error, not a hang
            second = claim_next(second_session, lease)  # does not wait for the first worker's commit
            assert first is not None and second is not None and first[0] != second[0]
        finally:
            second_session.close()
            first_session.close()
    first = claim_next(db.session, lease)
    db.session.commit()
    second = claim_next(db.session, lease)
    db.session.commit()
    assert {first[0], second[0]} == set(db.session.scalars(db.select(Job.id)))
    assert claim_next(db.session, lease) is None


def test_on_sqlite_other_writers_get_the_lock_within_a_second_while_a_large_import_runs(client, make, app):
    """A writer that waits at most a second for SQLite's write lock is never refused while a job imports."""
    import random
    import sqlite3
    import threading
    import time

    from benchmarks.synthetic import subject_row

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    rng = random.Random(5)
    body = "\n".join(json.dumps(subject_row(rng, n)) for n in range(10_000)) + "\n"
    agent = make.user("ATF")
    response = send(Api(client, make.token(agent)), make.case(agent).id, body)
    assert response.status_code == 202
    outcome: list = []

    def worker():
        with app.app_context():
            outcome.extend(work_queued(db.session, Slicing.from_config(app.config, "sqlite")))
            db.session.remove()

    thread = threading.Thread(target=worker)
    waiting = sqlite3.connect(db.engine.url.database, timeout=1.0, isolation_level=None)
    waits, during = [], 0
    thread.start()
    try:
        while thread.is_alive():
            started = time.perf_counter()
            waiting.execute("BEGIN IMMEDIATE")  # a writer's first write; "database is locked" after 1 s
            waits.append(time.perf_counter() - started)
            done, total = waiting.execute("SELECT rows_done, rows_total FROM jobs").fetchone()
            waiting.execute("ROLLBACK")
            during += bool(total and 0 < done < total)
            time.sleep(0.05)
    finally:
        thread.join()
        waiting.close()
    assert outcome == [(response.get_json()["id"], "done")]
    assert during >= 3, waits  # the writer did get in while the import was under way
    assert max(waits) < 1.0, (max(waits), len(waits))


def test_a_worker_process_killed_mid_job_loses_nothing_and_another_finishes_it(client, make, app, tmp_path):
    """``kill -9`` of a ``jobs work`` process mid-import: the next worker goes on, every row lands once."""
    import os
    import signal
    import subprocess
    import sys
    import time

    rows = 4_000
    agent = make.user("ATF")
    case = make.case(agent)
    body = "\n".join(json.dumps({"kind": "email", "role": "associate", "address": f"person{n}@example.com"})
                     for n in range(rows)) + "\n"
    job_id = send(Api(client, make.token(agent)), case.id, body).get_json()["id"]
    env = {**os.environ, "COORDINATOR_CONFIG": "testing", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "JOB_LEASE_SECONDS": "1", "IMPORT_SLICE_SECONDS": "0.05"}
    command = [sys.executable, "-m", "flask", "--app", "coordinator", "jobs", "work", "--loop", "--interval", "0.2"]

    def progress() -> tuple[str, int]:
        db.session.rollback()  # a fresh look
        return db.session.execute(db.select(Job.status, Job.rows_done).where(Job.id == job_id)).one()

    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while progress()[1] == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        first.kill()
    status, done_at_kill = progress()
    assert status == "running" and 0 < done_at_kill < rows, "the kill must come mid-job"
    second = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while progress()[0] != "done" and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        second.terminate()
        second.wait()
    job = db.session.get(Job, job_id)
    assert (job.status, job.rows_done, job.imported, job.failed) == ("done", rows, rows, 0)
    assert job.attempts == 2
    labels = stored(case.id)
    assert len(labels) == len(set(labels)) == rows
