"""The quality benchmarks through the database's key table, as a registration reads it.

``--database-url sqlite`` (a temporary file) or a PostgreSQL URL: the
indexed records are registered by one agency (records and keys written as
an import writes them) and each query is checked as another agency's new
record, its candidates read by ``subject_candidates`` — the per-key limit
and the candidate cap included. The scorer is the same either way.
"""
from __future__ import annotations

import contextlib
from datetime import date, datetime, timezone
from typing import Hashable, Iterable, Iterator, Mapping

from coordinator.deconfliction.persons import PersonRecord

BATCH = 5_000


def person_fields(record: PersonRecord) -> dict:
    """A person record as the API's fields, the way it is stored."""
    fields = {
        "first_name": record.first_name, "middle_name": record.middle_name, "last_name": record.last_name,
        "second_last_name": record.second_last_name, "aliases": list(record.aliases),
        "dob": record.dob.isoformat() if record.dob else None, "sex": record.sex,
        "nationality": record.nationality,
        "documents": [{"kind": kind, "number": number, "country": None} for kind, number in record.documents],
        "line1": record.line1, "city": record.city, "state": record.state, "postal_code": record.postal_code,
    }
    return {name: value for name, value in fields.items() if value not in (None, [])}


class DatabaseKeyIndex:
    """Candidates read from the key table for another agency's new record."""

    def __init__(self, session, agency_id: int, ids: Mapping[int, Hashable]) -> None:
        self.session, self.agency_id, self.ids = session, agency_id, ids

    def candidates(self, keys: Iterable[str]) -> set[Hashable]:
        from coordinator.conflicts.index import subject_candidates

        return {self.ids[i] for i in subject_candidates(self.session, list(keys), self.agency_id, 0)}


@contextlib.contextmanager
def database_index(records: Mapping[Hashable, PersonRecord], database_url: str) -> Iterator[DatabaseKeyIndex]:
    """Register the records in a fresh database; yield the index a check of another agency reads."""
    from sqlalchemy import insert, text

    from coordinator.accounts.models import Agency
    from coordinator.accounts.services import create_user
    from coordinator.cases.services import register_case
    from coordinator.conflicts.models import SubjectKey
    from coordinator.deconfliction.keys import subject_keys
    from coordinator.extensions import db
    from coordinator.subjects.models import SubjectRecord

    from .database import benchmark_app

    with benchmark_app(None if database_url == "sqlite" else database_url) as app:
        owner = create_user(db.session, email="index@atf.example", name="Index", agency_code="ATF", role="agent",
                            password="benchmark-password")
        case = register_case(db.session, owner, {"number": "ATF-INDEX", "title": "Index", "case_type": "other",
                                                 "opened_on": date(2026, 1, 1), "initiated_by": "other",
                                                 "mexico_nexus": True})
        now, ids = datetime.now(timezone.utc), {}
        items = list(records.items())
        # Written in batches with bulk statements, as benchmarks.loader writes: a million records load in minutes.
        for start in range(0, len(items), BATCH):
            rows, keys = [], []
            for record_id, record in items[start:start + BATCH]:
                data = person_fields(record)
                if PersonRecord.from_fields(data) != record:
                    raise SystemExit(f"record {record_id} does not survive storage: {record}")
                rows.append({"case_id": case.id, "agency_id": owner.agency_id, "kind": "person", "role": "suspect",
                             "data": data, "label": str(record_id), "created_by_id": owner.id, "created_at": now,
                             "updated_at": now})
                keys.append(subject_keys("person", data, "US"))
            subject_ids = db.session.execute(
                insert(SubjectRecord).returning(SubjectRecord.id, sort_by_parameter_order=True), rows).scalars().all()
            db.session.execute(insert(SubjectKey), [{"key": key, "subject_id": subject_id, "agency_id": owner.agency_id}
                                                    for subject_id, record_keys in zip(subject_ids, keys)
                                                    for key in record_keys])
            ids.update(zip(subject_ids, (record_id for record_id, _ in items[start:start + BATCH])))
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))  # the planner's statistics, as autovacuum gathers after a bulk load
            db.session.commit()
        other = db.session.scalar(db.select(Agency.id).where(Agency.code == "FGR"))
        print(f"registered {len(ids)} records in {app.config['SQLALCHEMY_DATABASE_URI'].split(':', 1)[0]}")
        yield DatabaseKeyIndex(db.session, other, ids)
