"""Index the person records already there under the name keys a check now reads.

A person record is now also indexed under its names where they were entered
otherwise than on another record of the person: the second given name with
the surnames, the two given names with each surname, the initial of the
first given name with the surnames, the two surnames as one word. Nearly every record's keys change.
Each indexed person record (a purged one has no keys and gets none) is
given today's keys where they differ from its own, a few thousand records
at a time. No table changes.

Revision ID: 0037
Revises: 0039
Create Date: 2026-12-04 18:00:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0037'
down_revision = '0039'
branch_labels = None
depends_on = None

_RECORDS = sa.table('subject_records', sa.column('id', sa.Integer), sa.column('agency_id', sa.Integer),
                    sa.column('kind', sa.String), sa.column('data'))
_KEYS = sa.table('subject_keys', sa.column('key', sa.String), sa.column('subject_id', sa.Integer),
                 sa.column('agency_id', sa.Integer))
BATCH = 2_000


def upgrade():
    from coordinator.deconfliction.keys import subject_keys

    bind = op.get_bind()
    indexed = sa.exists(sa.select(_KEYS.c.subject_id).where(_KEYS.c.subject_id == _RECORDS.c.id))
    stale_key = sa.delete(_KEYS).where(_KEYS.c.subject_id == sa.bindparam('stale_subject'),
                                       _KEYS.c.key == sa.bindparam('stale_key'))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(_RECORDS.c.id, _RECORDS.c.agency_id, _RECORDS.c.data)
            .where(_RECORDS.c.kind == 'person', _RECORDS.c.id > last, indexed)
            .order_by(_RECORDS.c.id).limit(BATCH)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        held: dict[int, set[str]] = {}
        for subject_id, key in bind.execute(sa.select(_KEYS.c.subject_id, _KEYS.c.key)
                                            .where(_KEYS.c.subject_id.in_([row[0] for row in rows]))):
            held.setdefault(subject_id, set()).add(key)
        stale, postings = [], []
        for subject_id, agency_id, data in rows:
            fields = (json.loads(data) if isinstance(data, str) else data) or {}
            today = set(subject_keys('person', fields, 'US'))
            own = held.get(subject_id, set())
            stale += [{'stale_subject': subject_id, 'stale_key': key} for key in sorted(own - today)]
            postings += [{'key': key, 'subject_id': subject_id, 'agency_id': agency_id} for key in sorted(today - own)]
        if stale:
            bind.execute(stale_key, stale)
        if postings:
            op.bulk_insert(_KEYS, postings)


def downgrade():
    # Not undone: the code before cannot be asked here for the keys it gave. Records keep today's keys, which
    # the code before reads in part (it never reads the new ones); a record is indexed as it expects again
    # when it is next written.
    pass
