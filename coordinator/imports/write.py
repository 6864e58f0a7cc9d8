"""Writing an import's rows with one statement each, as fast as each database allows.

On SQLite the statements SQLAlchemy compiles go to the driver's
executemany with values already converted: SQLAlchemy's own handling of
many rows costs more than SQLite's write. PostgreSQL takes them as usual.
"""
from __future__ import annotations

import json

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..audit.capture import bulk_created
from ..cases.models import Case
from ..subjects.models import SubjectRecord
from ..types import utcnow

# In the table's order, which is the order of the statement's parameters.
RECORD_COLUMNS = ("case_id", "agency_id", "kind", "role", "label", "data", "notes", "predicate",
                  "created_by_id", "created_at", "updated_at")
KEY_COLUMNS = ("key", "subject_id", "agency_id")


def insert_records(session: Session, case: Case, user_id: int, good: list[tuple]) -> list[int]:
    """Write the case's new records with one statement; their ids, in order.

    ``good`` holds each record's (kind, role, label, data as JSON text,
    notes, predicate); all take the same creation time. SQLite cannot
    return the ids of a many-row insert in order, but a transaction writing
    to it holds the database alone: the rows take the ids following the
    largest one, in order, and a count checks it.
    """
    table, now = SubjectRecord.__table__, utcnow()
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        values = [dict(zip(RECORD_COLUMNS, (case.id, case.agency_id, *row, user_id, now, now))) for row in good]
        for row in values:
            row["data"] = json.loads(row["data"])
        return list(session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                    values).scalars())
    stamp = table.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)(now)  # once for the batch
    rows = [(case.id, case.agency_id, *row, user_id, stamp, stamp) for row in good]
    write_rows(session, table, RECORD_COLUMNS, rows, stored_as_given={"data", "created_at", "updated_at"})
    bulk_created(session, table.name, len(rows), {case.id})  # the driver's statement is not the ORM's
    last = session.scalar(select(func.last_insert_rowid()))
    first = last - len(rows) + 1
    written = session.scalar(select(func.count()).select_from(table).where(
        table.c.id.between(first, last), table.c.case_id == case.id, table.c.created_at == now))
    if written != len(rows):
        raise RuntimeError("the imported records did not take consecutive ids")
    return list(range(first, last + 1))


def write_rows(session: Session, table, columns: tuple[str, ...], rows: list[tuple],
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
    """Each row with its values converted."""
    out = []
    for row in rows:
        values = list(row)
        for i, processor in convert:
            values[i] = processor(values[i])
        out.append(tuple(values))
    return out
