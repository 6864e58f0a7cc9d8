"""Index the person records already there under today's blocking keys.

Person records gained keys (two names without the date, in either order;
the year's last digit with each name; a date before 1920 a century later
too) and one family changed. A record is indexed when it is written, so
the records written before would be found only by the keys they had: the
upgrade indexes each indexed person record again, once. No table changes.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 08:10:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

_KEYS = sa.table('subject_keys', sa.column('key', sa.String), sa.column('subject_id', sa.Integer),
                 sa.column('agency_id', sa.Integer))


def upgrade():
    from coordinator.deconfliction.keys import subject_keys

    bind = op.get_bind()
    # Only records that are indexed now (a purged record has no keys and gets none).
    rows = bind.execute(sa.text(
        "SELECT r.id, r.agency_id, r.data FROM subject_records r WHERE r.kind = 'person' "
        "AND EXISTS (SELECT 1 FROM subject_keys k WHERE k.subject_id = r.id) ORDER BY r.id")).fetchall()
    for subject_id, agency_id, data in rows:
        fields = json.loads(data) if isinstance(data, str) else data
        keys = subject_keys('person', fields or {}, 'US')  # a person's keys do not depend on the region
        bind.execute(sa.text("DELETE FROM subject_keys WHERE subject_id = :id"), {"id": subject_id})
        if keys:
            op.bulk_insert(_KEYS, [{'key': key, 'subject_id': subject_id, 'agency_id': agency_id} for key in keys])


def downgrade():
    # The extra keys are harmless to the earlier code, which reads its own keys; those it no longer
    # finds are written again with each record's next change.
    pass
