"""Person records indexed again under the keys today's code gives them: a repair after the way keys are read changes.

A registration writes a record's keys with the record; when the code
reads a name or a date otherwise than before, the records already there
keep the keys they were given. ``rekey_persons`` gives each indexed person
record (a purged one has no keys and gets none) today's keys, a batch at a
time, in the caller's transaction.
"""
from __future__ import annotations

from sqlalchemy import Connection, delete, exists, insert, select
from sqlalchemy.orm import Session

from ..deconfliction.keys import subject_keys
from .models import SubjectKey


def rekey_persons(session: Session, batch: int = 2_000) -> int:
    """Index every indexed person record again under today's keys; how many were."""
    from ..subjects.models import SubjectRecord

    indexed = exists(select(SubjectKey.id).where(SubjectKey.subject_id == SubjectRecord.id))
    last, done = 0, 0
    while True:
        rows = session.execute(select(SubjectRecord.id, SubjectRecord.agency_id, SubjectRecord.data)
                               .where(SubjectRecord.kind == "person", SubjectRecord.id > last, indexed)
                               .order_by(SubjectRecord.id).limit(batch)).all()
        if not rows:
            return done
        last = rows[-1].id
        # One statement to drop the batch's keys and one to write today's, not two a record.
        session.execute(delete(SubjectKey).where(SubjectKey.subject_id.in_([row.id for row in rows])))
        postings = [{"key": key, "subject_id": subject_id, "agency_id": agency_id}
                    for subject_id, agency_id, data in rows for key in subject_keys("person", data or {}, "US")]
        if postings:
            session.execute(insert(SubjectKey), postings)
        done += len(rows)


def read_persons_again(bind: Connection) -> None:
    """What a migration runs when names or dates are read otherwise: today's keys and term counts for every person
    record, in the migration's transaction."""
    from .frequencies import recount

    session = Session(bind=bind)
    rekey_persons(session)
    recount(session)
    session.close()
