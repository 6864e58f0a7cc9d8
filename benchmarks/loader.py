"""Loading a benchmark database fast: records, keys, operations and cells with bulk statements.

This is for filling a database to measure something else (the latency of a
check at scale); records are synthetic and already in stored form, so they
skip the forms' validation and the load raises no alerts.

Each batch (records, keys, search entries, term counts) is one transaction,
so an interrupted load leaves whole batches: ``first`` resumes after the
records already there, drawing the same rows as an uninterrupted run would.
"""
from __future__ import annotations

import contextlib
import random
import time
from datetime import datetime, time as dtime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Index, column, insert, select, table, text
from sqlalchemy.orm import Session
from sqlalchemy.schema import DropIndex

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
# The tables a load fills whose secondary indexes are built after it on SQLite.
LOADED_TABLES = ("subject_records", "subject_keys", "search_entries", "operations", "operation_cells")
_SQLITE_MASTER = table("sqlite_master", column("type"), column("name"), column("tbl_name"), column("sql"))
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


@contextlib.contextmanager
def indexes_built_after(session: Session):
    """On SQLite, load with the loaded tables' secondary indexes dropped, and build them again after.

    A million records and a million operations put some twenty million rows
    in the indexes of keys, search terms and cells, each one inserted at a
    random place in its B-tree; built after the load, each index is one sort.
    The indexes are made again from the very statements the migrations left
    in the schema, so the database ends with the same ones (unique ones,
    which constraints and upserts need, are kept throughout). They are made
    again when the load fails too; a process killed outright leaves them
    missing, so load a fresh database then. Elsewhere (PostgreSQL) nothing
    changes.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    indexes = session.execute(
        select(_SQLITE_MASTER.c.name, _SQLITE_MASTER.c.sql)
        .where(_SQLITE_MASTER.c.type == "index", _SQLITE_MASTER.c.tbl_name.in_(LOADED_TABLES),
               _SQLITE_MASTER.c.sql.is_not(None), _SQLITE_MASTER.c.sql.not_like("CREATE UNIQUE%"))
        .order_by(_SQLITE_MASTER.c.name)).all()
    for name, _sql in indexes:
        session.execute(DropIndex(Index(name)))
    session.commit()
    try:
        yield
    finally:
        session.rollback()
        started = time.perf_counter()
        connection = session.connection()
        # A drop the rollback undid (the load ran inside an outer transaction) left its index in place.
        present = set(session.scalars(select(_SQLITE_MASTER.c.name).where(_SQLITE_MASTER.c.type == "index")))
        for name, statement in indexes:
            if name not in present:
                connection.exec_driver_sql(statement)  # as the migration wrote it, read back from the schema
        session.commit()
        print(f"  {len(indexes)} indexes built in {time.perf_counter() - started:.0f} s", flush=True)


def _case_rows(cases: list) -> list[tuple[int, int, int, str]]:
    """Each case's id, agency, author and agency's country, read once (a commit expires the objects)."""
    return [(case.id, case.agency_id, case.created_by_id, case.agency.country) for case in cases]


def _insert_many(session: Session, target, rows: list[dict]) -> None:
    """Insert rows without reading anything back; on SQLite straight through the driver's ``executemany``.

    Each value goes through its column type's bind processing, as SQLAlchemy
    would do it, so the stored values are the same; only SQLAlchemy's
    per-row bookkeeping (a large part of a million-row load's time) is left out.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(target), rows)
        return
    names = list(rows[0])
    compiled = insert(target).compile(dialect=dialect, column_keys=names)
    order = [compiled.binds[bind].key for bind in compiled.positiontup]
    processors = [(n, target.c[name].type.dialect_impl(dialect).bind_processor(dialect))
                  for n, name in enumerate(order)]
    processors = [(n, process) for n, process in processors if process is not None]
    values = []
    for row in rows:
        value = [row[name] for name in order]
        for n, process in processors:
            value[n] = process(value[n])
        values.append(tuple(value))
    connection.exec_driver_sql(compiled.string, values)


def _insert_returning_ids(session: Session, target, rows: list[dict]) -> list[int]:
    """Insert the rows with one Core statement; their new ids, in the rows' order.

    Not the ORM's bulk insert: it leaves out the None values, so rows with and
    without a venue fall in different groups, each one more statement whose
    result is spliced onto all the previous ones (time growing as the square of
    the batch). The Core statement writes the same rows (a None is a NULL).
    """
    statement = insert(target).returning(target.c.id, sort_by_parameter_order=True)
    return session.execute(statement, rows).scalars().all()


def load_subjects(session: Session, cases: list, total: int, seed: int = 1, first: int = 0) -> list[dict]:
    """Write ``total`` synthetic records spread over the cases; return a sample of them.

    With ``first``, the rows before it are drawn again but not written (a
    resumed load): the rest are those an uninterrupted load writes.
    """
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    cases = _case_rows(cases)
    sample, start, done = [], time.perf_counter(), 0
    while done < total:
        rows, keys, terms = [], [], []
        end = min(done + BATCH, total)
        for n in range(done, end):
            case_id, agency_id, author_id, country = cases[n % len(cases)]
            row = subject_row(rng, n)
            kind, role = row.pop("kind"), row.pop("role")
            data = {k: v for k, v in row.items()}
            if rng.random() < 0.001:
                sample.append({"kind": kind, "role": role, **data})
            if n < first:  # written before the load was interrupted
                continue
            rows.append({"case_id": case_id, "agency_id": agency_id, "kind": kind, "role": role, "data": data,
                         "label": subject_label(kind, data), "created_by_id": author_id,
                         "created_at": now, "updated_at": now})
            keys.append(subject_keys(kind, data, country))
            terms.append(subject_terms(kind, data, country))
        done = end
        if not rows:
            continue
        _bulk(session)
        ids = _insert_returning_ids(session, SubjectRecord.__table__, rows)
        _insert_many(session, SubjectKey.__table__, [
            {"key": key, "subject_id": record_id, "agency_id": row["agency_id"]}
            for record_id, row, record_keys in zip(ids, rows, keys) for key in record_keys])
        # The search index, as a registration writes it.
        _insert_many(session, SearchEntry.__table__, [
            {"term": term, "weight": weight, "record_type": "subject", "record_id": record_id,
             "agency_id": row["agency_id"], "case_id": row["case_id"], "subject_id": record_id}
            for record_id, row, record_terms in zip(ids, rows, terms) for term, weight in record_terms.items()])
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
    cases = _case_rows(cases)
    start, done = time.perf_counter(), 0
    while done < total:
        rows = []
        end = min(done + BATCH, total)
        for n in range(done, end):
            case_id, agency_id, author_id, _country = cases[n % len(cases)]
            op = operation_row(rng, case_id)
            if n < first:
                continue
            op.pop("confirm_location")
            rows.append({**op, "agency_id": agency_id, "status": "planned", "poc_name": "Benchmark",
                         "timezone": _zone(op["latitude"], op["longitude"]),
                         "created_by_id": author_id, "created_at": now, "updated_at": now})
        done = end
        if not rows:
            continue
        _bulk(session)
        ids = _insert_returning_ids(session, Operation.__table__, rows)
        _insert_many(session, SearchEntry.__table__, [
            {"term": term, "weight": weight, "record_type": "operation", "record_id": op_id,
             "agency_id": row["agency_id"], "case_id": row["case_id"], "subject_id": None}
            for op_id, row in zip(ids, rows)
            for term, weight in operation_terms(row["title"], row.get("venue"), row.get("address")).items()])
        _insert_many(session, OperationCell.__table__, [
            {"key": key, "operation_id": op_id, "agency_id": row["agency_id"], "starts_at": begins, "ends_at": ends}
            for op_id, row in zip(ids, rows) for key, begins, ends in _cells(row)])
        session.commit()
        _progress("operations", done, total, start, first)
