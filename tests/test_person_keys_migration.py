"""Migration 0017 indexes the person records already there under today's blocking keys."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import delete, insert, select

from coordinator.conflicts.models import SubjectKey
from coordinator.deconfliction.keys import subject_keys
from coordinator.extensions import db

PERSON = {"first_name": "Olivia Jackie", "last_name": "Castillo", "second_last_name": "Fierro", "dob": "1996-06-23",
          "sex": "F"}


MIGRATION = Path(__file__).resolve().parents[1] / "migrations" / "versions" / "0017_person_keys_again.py"


def run_upgrade() -> None:
    """Migration 0017's upgrade on the test database, alone: the others around it stay as they are
    (going down the whole chain and up again would undo and redo every later revision, seeds included)."""
    spec = importlib.util.spec_from_file_location("migration_0017", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        module.upgrade()


def keys_of(subject_id: int) -> set[str]:
    return set(db.session.scalars(select(SubjectKey.key).where(SubjectKey.subject_id == subject_id)))


def test_the_upgrade_indexes_person_records_again_and_leaves_the_others(make):
    agent = make.user("ATF")
    case = make.case(agent)
    person = make.subject(agent, case, "person", **PERSON)
    phone = make.subject(agent, case)
    person_id, agency_id, phone_id = person.id, person.agency_id, phone.id
    phone_keys = keys_of(phone_id)
    # A record indexed by an earlier version: one stale key, none of today's.
    db.session.execute(delete(SubjectKey).where(SubjectKey.subject_id == person_id))
    db.session.execute(insert(SubjectKey), [{"key": "pn:OLD", "subject_id": person_id, "agency_id": agency_id}])
    db.session.commit()
    db.session.remove()
    run_upgrade()
    assert keys_of(person_id) == set(subject_keys("person", PERSON, "US"))
    assert keys_of(phone_id) == phone_keys
