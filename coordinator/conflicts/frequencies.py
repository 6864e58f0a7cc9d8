"""The person term counts in the database: kept with the records, read by a check.

Every write of a person record (registered, changed, imported, purged)
moves the counts of its terms in the same transaction, by an upsert per
term (``count = count + delta``): never a scan. A check reads the counts of
the terms of the record and its candidates in one query and hands them to
the engine as a ``CountedFrequencies``. Nothing is cached between checks,
so every process weighs evidence by what the database holds.

Rows are written in term order, after the check's key locks: two
transactions that move the same terms take their row locks in one order
and never wait for each other in a cycle.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..deconfliction.frequencies import CountedFrequencies
from ..deconfliction.keys import person_of
from ..deconfliction.personkeys import person_terms
from .index import among
from .models import PersonTermCount

# The number of person records is kept over this many rows ("n:0".."n:7"),
# a record counted in the row of its id: concurrent registrations rarely
# wait for one another's row.
RECORD_SHARDS = 8
_SHARD_TERMS = [f"n:{i}" for i in range(RECORD_SHARDS)]


def record_shard(subject_id: int) -> str:
    """The row that counts this record among the person records."""
    return f"n:{subject_id % RECORD_SHARDS}"


def terms_of(data: Mapping[str, object] | None) -> list[str]:
    """The terms a person record's fields carry (none for no record)."""
    if not data:
        return []
    return person_terms(person_of(data))


def person_deltas(subject_id: int, before: Mapping[str, object] | None,
                  after: Mapping[str, object] | None) -> dict[str, int]:
    """How the counts move when a person record goes from ``before`` to ``after`` (None: absent)."""
    deltas: dict[str, int] = {}
    for term in terms_of(before) + ([record_shard(subject_id)] if before is not None else []):
        deltas[term] = deltas.get(term, 0) - 1
    for term in terms_of(after) + ([record_shard(subject_id)] if after is not None else []):
        deltas[term] = deltas.get(term, 0) + 1
    return {term: delta for term, delta in deltas.items() if delta}


def move_counts(session: Session, deltas: Mapping[str, int]) -> None:
    """Add each delta to its term's count, in term order, in the current transaction."""
    if not deltas:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    rows = [{"term": term, "count": deltas[term]} for term in sorted(deltas)]
    for start in range(0, len(rows), 5_000):  # within every engine's limit on bound values
        statement = insert(PersonTermCount).values(rows[start:start + 5_000])
        statement = statement.on_conflict_do_update(
            index_elements=[PersonTermCount.term],
            set_={"count": PersonTermCount.count + statement.excluded["count"]},
        )
        session.execute(statement)


def count_person(session: Session, subject_id: int, before: Mapping[str, object] | None,
                 after: Mapping[str, object] | None) -> None:
    """Keep the counts current for one person record written, changed or removed."""
    move_counts(session, person_deltas(subject_id, before, after))


def count_imported(session: Session, records: Iterable[tuple[int, Mapping[str, object]]]) -> None:
    """Count an import batch's new person records (id, fields) with one statement."""
    deltas: dict[str, int] = {}
    for subject_id, data in records:
        for term, delta in person_deltas(subject_id, None, data).items():
            deltas[term] = deltas.get(term, 0) + delta
    move_counts(session, deltas)


def frequencies_for(session: Session, records: Iterable[Mapping[str, object]]) -> CountedFrequencies:
    """The counts of every term these person records carry, and of the records, as the engine reads them."""
    terms = sorted({term for data in records for term in terms_of(data)} | set(_SHARD_TERMS))
    counts = dict(session.execute(select(PersonTermCount.term, PersonTermCount.count)
                                  .where(among(session, PersonTermCount.term, terms))).all())
    total = sum(counts.pop(term, 0) for term in _SHARD_TERMS)
    return CountedFrequencies(counts, total)


def recount(session: Session) -> int:
    """Count every person record again (a repair, off the registration path); how many records."""
    from ..subjects.models import SubjectRecord

    session.execute(PersonTermCount.__table__.delete())
    deltas: dict[str, int] = {}
    total = 0
    for subject_id, data in session.execute(select(SubjectRecord.id, SubjectRecord.data)
                                            .where(SubjectRecord.kind == "person")):
        total += 1
        for term, delta in person_deltas(subject_id, None, data).items():
            deltas[term] = deltas.get(term, 0) + delta
    items = sorted(deltas.items())
    for start in range(0, len(items), 5_000):
        move_counts(session, dict(items[start:start + 5_000]))
    return total


def total_persons(session: Session) -> int:
    """How many person records the counts know of."""
    return session.scalar(select(func.coalesce(func.sum(PersonTermCount.count), 0))
                          .where(PersonTermCount.term.in_(_SHARD_TERMS))) or 0
