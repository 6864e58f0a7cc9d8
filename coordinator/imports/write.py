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

# In the table's order, which is the order of the statement's parameters.
RECORD_COLUMNS = ("case_id", "agency_id", "kind", "role", "label", "data", "notes", "predicate",
                  "created_by_id", "created_at", "updated_at")
KEY_COLUMNS = ("key", "subject_id", "agency_id")


def insert_records(session: Session, case: Case, rows: list[tuple]) -> list[int]:
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
    write_rows(session, table, RECORD_COLUMNS, rows, stored_as_given={"data"})
    bulk_created(session, table.name, len(rows), {case.id})  # the driver's statement is not the ORM's
    last = session.scalar(select(func.last_insert_rowid()))
    first = last - len(rows) + 1
    written = session.scalar(select(func.count()).select_from(table).where(
        table.c.id.between(first, last), table.c.case_id == case.id, table.c.created_at == rows[0][-2]))
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
