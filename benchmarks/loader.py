"""Loading a benchmark database fast: records, keys, operations and cells with bulk statements.

This is for filling a database to measure something else (the latency of a
check at scale); records are synthetic and already in stored form, so they
skip the forms' validation and the load raises no alerts.

Each batch (records, keys, search entries, term counts) is one transaction,
so an interrupted load leaves whole batches: ``first`` resumes after the
records already there, drawing the same rows as an uninterrupted run would.
"""
from __future__ import annotations

import random
import time
from datetime import datetime, time as dtime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from coordinator.conflicts.frequencies import count_imported
from coordinator.conflicts.models import OperationCell, SubjectKey
from coordinator.deconfliction.events import event_keys
from coordinator.deconfliction.geography import zone_at
from coordinator.deconfliction.venues import venue_keys
from coordinator.deconfliction.keys import subject_keys
from coordinator.operations.models import Operation
from coordinator.search.models import SearchEntry
from coordinator.search.terms import operation_terms, subject_terms
from coordinator.subjects.labels import subject_label
from coordinator.subjects.models import SubjectRecord

from .synthetic import operation_row, subject_row

BATCH = 5_000
SQLITE_LOAD_CACHE_KIB = 2_000_000  # the indexes of a million records' keys and terms stay in memory while loading


def _progress(label: str, done: int, total: int, start: float, first: int = 0) -> None:
    """A line every tenth of the total (and at the end), legible in a log file."""
    if done == total or done // max(total // 10, 1) != (done - BATCH) // max(total // 10, 1):
        rate = (done - first) / max(time.perf_counter() - start, 1e-9)
        print(f"  {label}: {done:,}/{total:,} ({rate:,.0f}/s, {time.perf_counter() - start:,.0f} s)", flush=True)


def _bulk(session: Session) -> None:
    """Make the session's connection ready for a bulk write: on SQLite, a page cache as large as the indexes."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"PRAGMA cache_size=-{SQLITE_LOAD_CACHE_KIB}"))


def load_subjects(session: Session, cases: list, total: int, seed: int = 1, first: int = 0) -> list[dict]:
    """Write ``total`` synthetic records spread over the cases; return a sample of them.

    With ``first``, the rows before it are drawn again but not written (a
    resumed load): the rest are those an uninterrupted load writes.
    """
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    countries = {case.agency_id: case.agency.country for case in cases}
    sample, start, done = [], time.perf_counter(), 0
    while done < total:
        rows, keys = [], []
        end = min(done + BATCH, total)
        for n in range(done, end):
            case = cases[n % len(cases)]
            row = subject_row(rng, n)
            kind, role = row.pop("kind"), row.pop("role")
            data = {k: v for k, v in row.items()}
            if rng.random() < 0.001:
                sample.append({"kind": kind, "role": role, **data})
            if n < first:  # written before the load was interrupted
                continue
            rows.append({"case_id": case.id, "agency_id": case.agency_id, "kind": kind, "role": role, "data": data,
                         "label": subject_label(kind, data), "created_by_id": case.created_by_id,
                         "created_at": now, "updated_at": now})
            keys.append(subject_keys(kind, data, case.agency.country))
        done = end
        if not rows:
            continue
        _bulk(session)
        ids = session.execute(insert(SubjectRecord).returning(SubjectRecord.id, sort_by_parameter_order=True),
                              rows).scalars().all()
        session.execute(insert(SubjectKey.__table__), [
            {"key": key, "subject_id": record_id, "agency_id": row["agency_id"]}
            for record_id, row, record_keys in zip(ids, rows, keys) for key in record_keys])
        # The search index, as a registration writes it.
        session.execute(insert(SearchEntry.__table__), [
            {"term": term, "weight": weight, "record_type": "subject", "record_id": record_id,
             "agency_id": row["agency_id"], "case_id": row["case_id"], "subject_id": record_id}
            for record_id, row in zip(ids, rows)
            for term, weight in subject_terms(row["kind"], row["data"], countries[row["agency_id"]]).items()])
        # The person term counts, as an import keeps them.
        count_imported(session, ((record_id, row["data"]) for record_id, row in zip(ids, rows) if row["kind"] == "person"))
        session.commit()
        _progress("subject records", done, total, start, first)
    return sample


_ZONES: dict[tuple[float, float], str] = {}


def _zone(lat: float, lon: float) -> str:
    """The zone at a point, looked up once per tenth of a degree (tzfpy costs microseconds a call)."""
    spot = (round(lat, 1), round(lon, 1))
    if spot not in _ZONES:
        _ZONES[spot] = zone_at(lat, lon) or "UTC"
    return _ZONES[spot]


def _cells(row: dict):
    """An operation's space cells with its window, and its venue keys with its whole local days."""
    for key in event_keys(row["latitude"], row["longitude"], row["radius_m"]):
        yield key, row["starts_at"], row["ends_at"]
    names = venue_keys(row.get("venue"), row.get("address"), row["latitude"], row["longitude"])
    if names:
        zone = ZoneInfo(row["timezone"])
        first, last = row["starts_at"].astimezone(zone).date(), row["ends_at"].astimezone(zone).date()
        days = (datetime.combine(first, dtime.min, tzinfo=zone),
                datetime.combine(last + timedelta(days=1), dtime.min, tzinfo=zone))
        for key in names:
            yield key, days[0], days[1]


def load_operations(session: Session, cases: list, total: int, seed: int = 2, first: int = 0) -> None:
    """Write ``total`` synthetic operations (and their space cells) spread over the cases (``first``: as above)."""
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    start, done = time.perf_counter(), 0
    while done < total:
        rows = []
        end = min(done + BATCH, total)
        for n in range(done, end):
            case = cases[n % len(cases)]
            op = operation_row(rng, case.id)
            if n < first:
                continue
            op.pop("confirm_location")
            rows.append({**op, "agency_id": case.agency_id, "status": "planned", "poc_name": "Benchmark",
                         "timezone": _zone(op["latitude"], op["longitude"]),
                         "created_by_id": case.created_by_id, "created_at": now, "updated_at": now})
        done = end
        if not rows:
            continue
        _bulk(session)
        ids = session.execute(insert(Operation).returning(Operation.id, sort_by_parameter_order=True),
                              rows).scalars().all()
        session.execute(insert(SearchEntry.__table__), [
            {"term": term, "weight": weight, "record_type": "operation", "record_id": op_id,
             "agency_id": row["agency_id"], "case_id": row["case_id"], "subject_id": None}
            for op_id, row in zip(ids, rows)
            for term, weight in operation_terms(row["title"], row.get("venue"), row.get("address")).items()])
        session.execute(insert(OperationCell.__table__), [
            {"key": key, "operation_id": op_id, "agency_id": row["agency_id"], "starts_at": begins, "ends_at": ends}
            for op_id, row in zip(ids, rows) for key, begins, ends in _cells(row)])
        session.commit()
        _progress("operations", done, total, start, first)
