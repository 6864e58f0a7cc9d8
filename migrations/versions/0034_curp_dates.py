"""Index and count the person records already there under the date of birth and sex their CURP states.

A valid CURP now gives the person matcher the date of birth and sex a
record lacks (none, a placeholder, or a date entered from the year or
month alone that the CURP's date fits): the record is indexed under the
CURP's date and counted as born that day. The records written before are
indexed and counted as their typed fields alone say. Each person record
whose fields mention a CURP is read, a few thousand at a time; one whose
CURP changes what the matcher reads loses its keys and gets today's
(if it is indexed: a purged record has none and gets none), and its terms'
counts move from the typed date to the CURP's. No table changes.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-03 18:30:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

_KEYS = sa.table('subject_keys', sa.column('key', sa.String), sa.column('subject_id', sa.Integer),
                 sa.column('agency_id', sa.Integer))
BATCH = 2_000
# An upsert both engines take (SQLite 3.24 and later, PostgreSQL 9.5 and later).
_MOVE = sa.text("INSERT INTO person_term_counts (term, count) VALUES (:term, :delta) "
                "ON CONFLICT (term) DO UPDATE SET count = person_term_counts.count + excluded.count")


def _readings(fields):
    """The record as the matcher reads it now, and as it read it from the typed fields alone."""
    from coordinator.deconfliction.persons import PersonRecord

    now = PersonRecord.from_fields(fields)
    typed = PersonRecord.from_fields(fields)
    typed.__dict__['known'] = (typed.dob, typed.sex, False)  # the typed date and sex, the CURP unread
    return now, typed


def _reindex(from_curp: bool) -> None:
    """Move each record whose CURP changes what the matcher reads: to the CURP's reading, or back from it."""
    from coordinator.deconfliction.personkeys import person_keys, person_terms

    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.text(
            "SELECT r.id, r.agency_id, r.data, EXISTS (SELECT 1 FROM subject_keys k WHERE k.subject_id = r.id) "
            "FROM subject_records r WHERE r.kind = 'person' AND r.id > :last "
            "AND lower(CAST(r.data AS TEXT)) LIKE '%curp%' ORDER BY r.id LIMIT :batch"),
            {"last": last, "batch": BATCH}).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        deltas, reindexed, postings = {}, [], []
        for subject_id, agency_id, data, indexed in rows:
            fields = (json.loads(data) if isinstance(data, str) else data) or {}
            now, typed = _readings(fields)
            if now.known[:2] == typed.known[:2]:
                continue  # the CURP adds nothing the record does not say
            before, after = (typed, now) if from_curp else (now, typed)
            for term in person_terms(before):
                deltas[term] = deltas.get(term, 0) - 1
            for term in person_terms(after):
                deltas[term] = deltas.get(term, 0) + 1
            if indexed:
                reindexed.append(subject_id)
                postings += [{'key': key, 'subject_id': subject_id, 'agency_id': agency_id}
                             for key in person_keys(after)]
        if reindexed:
            bind.execute(sa.text("DELETE FROM subject_keys WHERE subject_id IN :ids")
                         .bindparams(sa.bindparam('ids', expanding=True)), {"ids": reindexed})
        if postings:
            op.bulk_insert(_KEYS, postings)
        for term in sorted(deltas):  # in term order, as every writer of the counts takes its row locks
            if deltas[term]:
                bind.execute(_MOVE, {"term": term, "delta": deltas[term]})


def upgrade():
    _reindex(from_curp=True)


def downgrade():
    _reindex(from_curp=False)
