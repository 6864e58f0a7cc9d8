"""The benchmark loader's fast path writes the database a plain load (and a registration) writes."""
from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from benchmarks import loader
from benchmarks.api_latency import accounts_and_cases
from coordinator.conflicts.frequencies import recount
from coordinator.conflicts.models import OperationCell, PersonTermCount, SubjectKey
from coordinator.extensions import db
from coordinator.operations.models import Operation
from coordinator.search.models import SearchEntry
from coordinator.subjects.models import SubjectRecord
from coordinator.subjects.services import add_subject

RECORDS, OPERATIONS = 400, 150
TABLES = (SearchEntry.__table__, SubjectKey.__table__, OperationCell.__table__, PersonTermCount.__table__,
          Operation.__table__, SubjectRecord.__table__)
STAMPS = {"created_at", "updated_at"}  # the moment of each load


def stored_rows() -> dict[str, list[tuple]]:
    """Every loaded row as the database stores it (ids counted from each load's first), in id order."""
    connection = db.session.connection()
    first = {"subject": connection.execute(select(db.func.min(SubjectRecord.id))).scalar(),
             "operation": connection.execute(select(db.func.min(Operation.id))).scalar()}
    rows = {}
    for table in TABLES:
        names = [c.name for c in table.columns if c.name not in STAMPS | {"id"}]
        order = table.c.term if table is PersonTermCount.__table__ else table.c.id
        # Read the stored values themselves, not values parsed back into Python objects.
        statement = select(*[db.cast(table.c[name], db.String) if name in ("starts_at", "ends_at") else table.c[name]
                             for name in names]).order_by(order)
        out = []
        for row in connection.execute(statement):
            values = dict(zip(names, row))
            for name, kind in (("subject_id", "subject"), ("operation_id", "operation")):
                if values.get(name) is not None:
                    values[name] -= first[kind]
            if "record_type" in values:
                if values["record_type"] not in first:
                    continue  # the cases' entries, written before the load
                values["record_id"] -= first[values["record_type"]]
            out.append(tuple(sorted(values.items())))
        rows[table.name] = out
    return rows


def load(cases) -> list[dict]:
    sample = loader.load_subjects(db.session, cases, RECORDS, seed=5)
    loader.load_operations(db.session, cases, OPERATIONS, seed=6)
    return sample


def schema() -> set[tuple]:
    if db.session.get_bind().dialect.name != "sqlite":
        return set()
    return set(db.session.execute(db.text("SELECT type, name, tbl_name, sql FROM sqlite_master")).all())


def empty_loaded_tables() -> None:
    for table in TABLES:
        db.session.execute(table.delete())
    db.session.commit()


def test_the_fast_load_writes_the_rows_of_a_plain_load_and_ends_with_the_migrations_indexes(app_ctx, monkeypatch):
    _agent, _case, _token, cases = accounts_and_cases(2, "ICE-LAT-1", "Latency")
    before = schema()
    with loader.indexes_built_after(db.session):
        load(cases)
    assert schema() == before
    fast = stored_rows()
    assert fast["subject_keys"] and fast["search_entries"] and fast["operation_cells"] and fast["person_term_counts"]

    empty_loaded_tables()
    monkeypatch.setattr(loader, "_insert_many", lambda session, table, rows: session.execute(insert(table), rows))
    load(cases)
    assert stored_rows() == fast


def test_the_loaded_records_carry_the_keys_terms_and_counts_a_registration_gives(app_ctx):
    agent, case, _token, cases = accounts_and_cases(2, "ICE-LAT-1", "Latency")
    with loader.indexes_built_after(db.session):
        load(cases)
    counts = dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all())
    recount(db.session)
    assert dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all()) == counts

    # Loaded records registered again (in the agent's case, of the same country): the same keys and terms.
    loaded = db.session.scalars(select(SubjectRecord).where(SubjectRecord.case_id == cases[0].id)
                                .order_by(SubjectRecord.id).limit(40)).all()
    assert {record.kind for record in loaded} >= {"person", "phone", "firearm"}
    for record in loaded:
        again = add_subject(db.session, agent, case, record.kind, record.role, dict(record.data))
        db.session.flush()
        for model, column, fields in ((SubjectKey, SubjectKey.subject_id, ("key",)),
                                      (SearchEntry, SearchEntry.subject_id, ("term", "weight", "record_type"))):
            def of(subject_id):
                return sorted(db.session.execute(select(*[getattr(model, f) for f in fields])
                                                 .where(column == subject_id)).all())
            assert of(again.id) == of(record.id), (record.kind, record.data)
        db.session.rollback()


def test_an_interrupted_load_still_ends_with_every_index(app_ctx, monkeypatch):
    _agent, _case, _token, cases = accounts_and_cases(1, "ICE-LAT-1", "Latency")
    before = schema()

    def broken(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(loader, "load_operations", broken)
    with pytest.raises(RuntimeError), loader.indexes_built_after(db.session):
        loader.load_subjects(db.session, cases, 50)
        loader.load_operations(db.session, cases, 50)
    assert schema() == before
