"""Jobs: queued by a request, claimed and done in slices by the workers (``flask --app coordinator jobs work``).

A worker claims a job for a lease (``JOB_LEASE_SECONDS``) that each slice
renews. On PostgreSQL the claim reads the next free job with ``FOR UPDATE
SKIP LOCKED``, so several workers never wait on each other; on SQLite the
claim is one conditional update. A claim that is not renewed (its worker
was killed) expires and the next worker goes on from the last committed
slice. A job that fails is tried again later (``RETRY_DELAY`` times its
attempts); after ``MAX_ATTEMPTS`` claims it is marked failed.

A slice is sized to hold the write lock about ``IMPORT_SLICE_SECONDS``
(the number of rows adapts to what the last slice took); on SQLite the
worker then pauses ``IMPORT_SLICE_PAUSE_SECONDS``, longer than SQLite's
longest wait between two tries of a waiting writer (100 ms), so every other
writer gets the lock between two slices.
"""
from __future__ import annotations

import io
import json
import logging
import secrets
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from itertools import islice
from typing import Mapping

from flask import g, has_app_context
from flask_babel import force_locale
from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..access import case_for
from ..accounts.models import User
from ..audit.recorder import Actor, record
from ..cases.models import Case
from ..conflicts.network import raise_queued_look
from ..imports.parse import read_rows
from ..imports.services import ImportReport, LineError, import_slice, issue_receipt
from ..types import utcnow
from .models import DONE, FAILED, NETWORK_LOOK, QUEUED, RUNNING, SUBJECT_IMPORT, Job

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=10)  # times the attempts so far
MIN_SLICE, MAX_SLICE = 50, 5_000


class LostClaim(Exception):
    """Another worker holds the job now (this one's lease ran out): this one commits nothing more."""


@dataclass(frozen=True)
class Slicing:
    """How a worker cuts a job: rows in the first slice, the lock time a slice aims at, the pause after it."""

    rows: int = 200
    seconds: float = 0.25
    pause: float = 0.0
    lease: timedelta = timedelta(seconds=60)

    @classmethod
    def from_config(cls, config: Mapping, engine_name: str) -> "Slicing":
        return cls(rows=int(config.get("IMPORT_SLICE_ROWS", 200)),
                   seconds=float(config.get("IMPORT_SLICE_SECONDS", 0.25)),
                   pause=float(config.get("IMPORT_SLICE_PAUSE_SECONDS", 0.12)) if engine_name == "sqlite" else 0.0,
                   lease=timedelta(seconds=float(config.get("JOB_LEASE_SECONDS", 60))))

    def next_rows(self, rows: int, elapsed: float) -> int:
        """The next slice's rows: as many as the last pace fits in ``seconds``, at most twice as many."""
        fitting = rows * self.seconds / max(elapsed, 1e-3)
        return max(min(MIN_SLICE, self.rows), min(MAX_SLICE, int(min(fitting, 2 * rows))))


def enqueue_import(session: Session, user: User, case: Case, text: str, fmt: str, locale: str) -> Job:
    """Queue an import of ``text`` (CSV or JSON Lines) into the case, for the workers; the job, flushed."""
    job = Job(kind=SUBJECT_IMPORT, user_id=user.id, case_id=case.id, format=fmt, locale=locale, payload=text)
    session.add(job)
    session.flush()
    return job


def claim_next(session: Session, lease: timedelta, now=None,
               kinds: tuple[str, ...] | None = None) -> tuple[int, str] | None:
    """Claim the oldest job no live worker holds: (its id, this claim's token), or None. The caller commits.

    Network looks come before imports: they are a moment's work, and the
    alerts they raise are waited for. ``kinds`` keeps to those kinds.
    """
    now = now or utcnow()
    free = or_(Job.claimed_until.is_(None), Job.claimed_until < now)
    wanted = [Job.status.in_((QUEUED, RUNNING)), free] + ([Job.kind.in_(kinds)] if kinds else [])
    for _try in range(3):
        # One row: FOR UPDATE locks every row it reads, and the other workers skip what is locked.
        job_id = session.scalar(select(Job.id).where(*wanted)
                                .order_by(case((Job.kind == NETWORK_LOOK, 0), else_=1), Job.id).limit(1)
                                .with_for_update(skip_locked=True))
        if job_id is None:
            return None
        token = secrets.token_hex(16)
        # Claimed only if still free: on SQLite another worker may have got there between the two statements.
        claimed = session.execute(
            update(Job).where(Job.id == job_id, Job.status.in_((QUEUED, RUNNING)), free)
            .values(claim=token, claimed_until=now + lease, status=RUNNING, attempts=Job.attempts + 1,
                    started_at=func.coalesce(Job.started_at, now))
            .execution_options(synchronize_session=False))
        if claimed.rowcount == 1:
            return job_id, token
    return None


def work_queued(session: Session, slicing: Slicing, limit: int | None = None,
                kinds: tuple[str, ...] | None = None) -> list[tuple[int, str]]:
    """Do jobs (of ``kinds``, or any) until none is left to claim (or ``limit`` were done): each id and its end."""
    done: list[tuple[int, str]] = []
    while limit is None or len(done) < limit:
        claim = claim_next(session, slicing.lease, kinds=kinds)
        session.commit()
        if claim is None:
            break
        done.append((claim[0], run_job(session, *claim, slicing)))
    return done


def run_job(session: Session, job_id: int, token: str, slicing: Slicing) -> str:
    """Do (or go on with) a claimed job: ``done``, ``failed``, ``queued`` (to be tried again) or ``lost``."""
    job = session.get(Job, job_id)
    if job.attempts > MAX_ATTEMPTS:
        return _end_in_failure(session, job_id, token, f"given up after {MAX_ATTEMPTS} attempts; "
                                                       f"last error: {job.last_error or 'the worker stopped'}")
    try:
        if job.kind == NETWORK_LOOK:
            _run_network_look(session, job, token, slicing)
        else:
            with force_locale(job.locale):
                _run_import(session, job, token, slicing)
        if has_app_context():
            g.pop("audit_actor", None)
        return DONE
    except LostClaim:
        session.rollback()
        if has_app_context():
            g.pop("audit_actor", None)
        return "lost"
    except Exception as err:  # the slice is rolled back; what earlier slices landed stays, counted
        session.rollback()
        if has_app_context():
            g.pop("audit_actor", None)
        log.exception("job %s failed", job_id)
        message = f"{type(err).__name__}: {err}"[:1000]
        attempts = session.get(Job, job_id).attempts
        if attempts >= MAX_ATTEMPTS:
            return _end_in_failure(session, job_id, token, message)
        # Tried again later, not at once: a cause that passes (a restart, a full disk) gets time to.
        session.execute(update(Job).where(Job.id == job_id, Job.claim == token)
                        .values(status=QUEUED, claim=None, claimed_until=utcnow() + RETRY_DELAY * attempts,
                                last_error=message)
                        .execution_options(synchronize_session=False))
        session.commit()
        return QUEUED


def _run_network_look(session: Session, job: Job, token: str, slicing: Slicing) -> None:
    """Raise the alerts a registration left to the workers, a slice at a time, then drop the job.

    Each slice's alerts are committed with the claim renewed; a worker killed
    midway leaves the job to the next, which raises the slices again (those
    already raised are refreshed, not doubled). On SQLite the worker pauses
    between slices, as an import does, so that waiting registrations get the
    write lock. Once done, the job is deleted: its alerts are its record.
    """
    pairs = [tuple(pair) for pair in json.loads(job.payload or "{}").get("pairs", [])]
    for _alerts in raise_queued_look(session, pairs, job.case_id):
        _renew(session, job.id, token, slicing.lease)
        session.commit()
        if slicing.pause:
            time.sleep(slicing.pause)
    ended = session.execute(delete(Job).where(Job.id == job.id, Job.claim == token)
                            .execution_options(synchronize_session=False))
    if ended.rowcount != 1:
        raise LostClaim(job.id)
    session.commit()


def _renew(session: Session, job_id: int, token: str, lease: timedelta) -> None:
    """Renew this worker's claim on a job; LostClaim if another holds it now."""
    renewed = session.execute(update(Job).where(Job.id == job_id, Job.claim == token)
                              .values(claimed_until=utcnow() + lease).execution_options(synchronize_session=False))
    if renewed.rowcount != 1:
        raise LostClaim(job_id)


def _run_import(session: Session, job: Job, token: str, slicing: Slicing) -> None:
    job_id, text, fmt = job.id, job.payload or "", job.format
    user = session.get(User, job.user_id)
    case = case_for(session, user, job.case_id, write=True)  # access as it is now, not as it was when queued
    if has_app_context():
        g.audit_actor = Actor.of(user)  # the import's entries name the user who sent it
    report = ImportReport(imported=job.imported, failed=job.failed, errors=[LineError(**e) for e in job.errors],
                          alert_ids=set(job.alert_ids))
    done, total = job.rows_done, job.rows_total
    if total is None:
        total = sum(1 for _row in read_rows(io.StringIO(text, newline=""), fmt))
    rows = islice(read_rows(io.StringIO(text, newline=""), fmt), done, None)
    size = slicing.rows
    while batch := list(islice(rows, size)):
        started = time.perf_counter()
        import_slice(session, user, case, batch, report)
        _advance(session, job_id, token, done, done + len(batch), report, total, slicing.lease)
        session.commit()
        done += len(batch)
        size = slicing.next_rows(size, time.perf_counter() - started)
        if slicing.pause:
            time.sleep(slicing.pause)
    issue_receipt(session, user, case, report)
    record(session, "subject.import_job", object_type="job", object_id=job_id,
           details={"case_id": case.id, "imported": report.imported, "failed": report.failed,
                    "alerts": len(report.alert_ids), "receipt": report.receipt})
    _advance(session, job_id, token, done, done, report, total, slicing.lease,
             status=DONE, receipt=report.receipt, payload=None, claim=None, claimed_until=None,
             finished_at=utcnow())
    session.commit()


def _advance(session: Session, job_id: int, token: str, old: int, new: int, report: ImportReport, total: int,
             lease: timedelta, **more) -> None:
    """Record the job's progress with the slice it counts, and renew the claim; LostClaim if it is not ours."""
    values = {"rows_done": new, "rows_total": total, "imported": report.imported, "failed": report.failed,
              "errors": [asdict(error) for error in report.errors], "alert_ids": sorted(report.alert_ids),
              "claimed_until": utcnow() + lease, **more}
    moved = session.execute(update(Job).where(Job.id == job_id, Job.claim == token, Job.rows_done == old)
                            .values(**values).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise LostClaim(job_id)


def _end_in_failure(session: Session, job_id: int, token: str, message: str) -> str:
    """The job ends failed: what its slices landed stays (and is counted); an import's file is dropped.

    A network look keeps its pairs: set back to ``queued``, it raises what it had not.
    """
    keep = {} if session.get(Job, job_id).kind == NETWORK_LOOK else {"payload": None}
    session.execute(update(Job).where(Job.id == job_id, Job.claim == token)
                    .values(status=FAILED, claim=None, claimed_until=None, last_error=message,
                            finished_at=utcnow(), **keep)
                    .execution_options(synchronize_session=False))
    session.commit()
    return FAILED
