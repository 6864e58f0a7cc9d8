"""Migration 0017 indexes the person records already there under today's blocking keys."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, insert, select

from coordinator.conflicts.models import SubjectKey
from coordinator.deconfliction.keys import subject_keys
from coordinator.extensions import db

PERSON = {"first_name": "Olivia Jackie", "last_name": "Castillo", "second_last_name": "Fierro", "dob": "1996-06-23",
          "sex": "F"}


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
    downgrade(revision="0016")
    upgrade()
    assert keys_of(person_id) == set(subject_keys("person", PERSON, "US"))
    assert keys_of(phone_id) == phone_keys
