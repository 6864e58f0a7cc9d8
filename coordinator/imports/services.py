"""Importing many subject records into a case, deconflicted like one-by-one registrations.

Rows are validated one by one with the same rules as the forms and the API
(in other processes for a large file: ``prepare``); good rows land in
batches (records and their keys written with one statement each), bad rows
are reported with their line and field. Each batch then reads the
candidates of all its keys at once, lets the engine judge only the records
that have any, and looks once at the case's network.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy import func, insert, select, union_all
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..audit.capture import bulk_created
from ..cases.models import Case
from ..conflicts.detect import country_of, judge_subject, live_targets, receipt_number
from ..conflicts.network import check_network
from ..review.notify import import_news
from ..conflicts.index import MAX_POSTINGS, among, lock_keys, other_agencies
from ..conflicts.models import ConflictAlert, DeconflictionCheck, SubjectKey
from ..subjects.models import SubjectRecord
from ..subjects.validation import SubjectValidator
from ..types import utcnow
from .parse import RowError
from .prepare import PreparedBatch, in_order, prepare_batch, refusal

BATCH = 1_000
MAX_REPORTED_ERRORS = 1_000


@dataclass
class LineError:
    """Why one line of the file was not imported."""

    line: int
    field: str
    message: str


@dataclass
class ImportReport:
    """What an import did: rows imported and refused, the errors, the alerts raised."""

    imported: int = 0
    failed: int = 0
    errors: list[LineError] = field(default_factory=list)
    alert_ids: set[int] = field(default_factory=set)
    receipt: str | None = None

    def refuse(self, line: int, errors: dict[str, str]) -> None:
        self.failed += 1
        for name, message in errors.items():
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append(LineError(line, name, message))


def _batches(rows: Iterable, size: int):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_subjects(session: Session, user: User, case: Case, rows: Iterable[tuple[int, dict | str | RowError]],
                    *, batch_size: int = BATCH, after_batch: Callable[[int], None] | None = None,
                    workers: int = 0) -> ImportReport:
    """Validate, write, index and deconflict the rows; ``after_batch`` gets the rows done so far.

    With ``workers`` the rows are validated and their keys computed in that
    many other processes while this one writes (the command line does so;
    a web request never forks).
    """
    report = ImportReport()
    region = country_of(session, case.agency_id)
    messages = SubjectValidator(region)
    done = 0
    for prepared in in_order(prepare_batch, _batches(rows, batch_size), region, workers=workers):
        for line, given in prepared.refused:
            report.refuse(line, refusal(given, messages))
        if prepared.good:
            _write_batch(session, user, case, prepared, report)
        done += prepared.size
        if after_batch is not None:
            after_batch(done)
    check = DeconflictionCheck(number=receipt_number(), record_type="import", record_id=case.id,
                               agency_id=case.agency_id, user_id=user.id, candidates=report.imported,
                               alert_ids=sorted(report.alert_ids))
    session.add(check)
    report.receipt = check.number
    return report


def _write_batch(session: Session, user: User, case: Case, batch: PreparedBatch, report: ImportReport) -> None:
    now, case_id, agency_id, user_id = utcnow(), case.id, case.agency_id, user.id
    ids = _insert_records(session, case, [(case_id, agency_id, *good, user_id, now, now) for good in batch.good])
    lock_keys(session, batch.distinct_keys)
    # In key order: the index takes them in one sweep instead of at random places.
    _write_rows(session, SubjectKey.__table__, KEY_COLUMNS,
                [(key, ids[index], agency_id) for key, index in batch.key_order])
    report.imported += len(ids)
    others = _others_by_key(session, batch.distinct_keys, case.agency_id)
    if not others:
        return
    candidates_of = {record_id: {other for key in keys for other in others.get(key, ())}
                     for record_id, keys in zip(ids, batch.keys)}
    candidates_of = {record_id: found for record_id, found in candidates_of.items() if found}
    if not candidates_of:
        return
    others_found = {other for found in candidates_of.values() for other in found}
    loaded = _records(session, set(candidates_of) | others_found)
    live = live_targets(session, others_found)
    raised: list[ConflictAlert] = []
    with session.no_autoflush:  # links and alerts are written together, after the judging
        for record_id, found in candidates_of.items():
            record = loaded[record_id]
            candidates = [loaded[other] for other in sorted(found) if loaded[other].kind == record.kind]
            raised += judge_subject(session, record, candidates, new=True, network=False, tell=False, live=live)
    session.flush()
    import_news(session, raised, case)
    report.alert_ids.update(alert.id for alert in raised)
    if raised:  # the batch's records all belong to one case: one look at its network will do
        report.alert_ids.update(alert.id for alert in check_network(session, case.id))


# In the table's order, which is the order of the statement's parameters.
RECORD_COLUMNS = ("case_id", "agency_id", "kind", "role", "label", "data", "notes", "predicate",
                  "created_by_id", "created_at", "updated_at")
KEY_COLUMNS = ("key", "subject_id", "agency_id")


def _insert_records(session: Session, case: Case, rows: list[tuple]) -> list[int]:
    """Write the records (tuples in ``RECORD_COLUMNS`` order) with one statement; their ids, in order.

    SQLite cannot return the ids of a many-row insert in order, but a
    transaction writing to it holds the database alone: the rows take the
    ids following the largest one, in order, and a count checks it.
    """
    table = SubjectRecord.__table__
    if session.get_bind().dialect.name != "sqlite":
        values = [dict(zip(RECORD_COLUMNS, row)) for row in rows]
        for row in values:
            row["data"] = json.loads(row["data"])
        return list(session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                    values).scalars())
    _write_rows(session, table, RECORD_COLUMNS, rows, stored_as_given={"data"})
    bulk_created(session, table.name, len(rows), {case.id})  # the driver's statement is not the ORM's
    last = session.scalar(select(func.last_insert_rowid()))
    first = last - len(rows) + 1
    written = session.scalar(select(func.count()).select_from(table).where(
        table.c.id.between(first, last), table.c.case_id == case.id, table.c.created_at == rows[0][-2]))
    if written != len(rows):
        raise RuntimeError("the imported records did not take consecutive ids")
    return list(range(first, last + 1))


def _write_rows(session: Session, table, columns: tuple[str, ...], rows: list[tuple],
                stored_as_given: set[str] = frozenset()) -> None:
    """Insert rows (tuples in ``columns`` order) with one statement.

    On SQLite the statement SQLAlchemy compiles goes to the driver's
    executemany, each value converted by its column's type (but those
    ``stored_as_given``, already in stored form): SQLAlchemy's own handling
    of many rows costs more than the write. Other databases take the
    statement as usual.
    """
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(columns, row)) for row in rows])
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    if tuple(compiled.positiontup) != columns:
        raise RuntimeError(f"unexpected parameter order {compiled.positiontup}")
    convert = [(i, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
               for i, name in enumerate(columns) if name not in stored_as_given]
    convert = [(i, processor) for i, processor in convert if processor is not None]
    if convert:
        rows = _converted(rows, convert)
    connection.exec_driver_sql(str(compiled), rows)


def _converted(rows: list[tuple], convert: list) -> list[tuple]:
    """Each row with its values converted; a value that is the previous row's (the batch's time) only once."""
    out, last = [], {}
    for row in rows:
        values = list(row)
        for i, processor in convert:
            value = values[i]
            before = last.get(i)
            if before is not None and before[0] is value:
                values[i] = before[1]
            else:
                values[i] = processor(value)
                last[i] = (value, values[i])
        out.append(tuple(values))
    return out


def _records(session: Session, ids: set[int]) -> dict[int, SubjectRecord]:
    """These records by id, read a few thousand at a time."""
    ordered, out = sorted(ids), {}
    for start in range(0, len(ordered), 5_000):
        chunk = ordered[start:start + 5_000]
        out.update((r.id, r) for r in session.scalars(select(SubjectRecord).where(SubjectRecord.id.in_(chunk))))
    return out


def _others_by_key(session: Session, keys: list[str], agency_id: int) -> dict[str, list[int]]:
    """Other agencies' records under each of these keys, leaving out over-full keys as a check does."""
    found: dict[str, list[int]] = {}
    for start in range(0, len(keys), 50_000):
        chunk = keys[start:start + 50_000]
        # One seek a key: counting the agency's own postings too costs less than a second range.
        sizes = dict(session.execute(select(SubjectKey.key, func.count())
                                     .where(among(session, SubjectKey.key, chunk), SubjectKey.agency_id != agency_id)
                                     .group_by(SubjectKey.key)).all())
        useful = [key for key, size in sizes.items() if size <= MAX_POSTINGS]
        if not useful:
            continue
        for key, subject_id in session.execute(union_all(*(
                select(SubjectKey.key, SubjectKey.subject_id).where(among(session, SubjectKey.key, useful), other)
                for other in other_agencies(SubjectKey.agency_id, agency_id)))):
            found.setdefault(key, []).append(subject_id)
    return found
