"""Index the person records already there under the keys of two names as a check now reads them.

The keys of two names without the date (``pp:``) became ``ppd:`` for
every record, ``pp0:`` as well for a record without a whole date of birth,
and ``ppm:`` (with the day and month) for one with: a check of a record
with a whole date reads only the records without one under these keys, not
a common pair's hundreds of bearers born on other days. Each indexed person
record loses its ``pp:`` keys and gains the new ones, a few thousand
records at a time. No table changes.

Revision ID: 0028
Revises: 0025
Create Date: 2026-12-03 15:00:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0025'
branch_labels = None
depends_on = None

_KEYS = sa.table('subject_keys', sa.column('key', sa.String), sa.column('subject_id', sa.Integer),
                 sa.column('agency_id', sa.Integer))
BATCH = 5_000
NEW = ('pp0:', 'ppd:', 'ppm:')


def upgrade():
    from coordinator.deconfliction.keys import subject_keys

    bind = op.get_bind()
    last = 0
    while True:
        # Only records that are indexed now (a purged record has no keys and gets none).
        rows = bind.execute(sa.text(
            "SELECT r.id, r.agency_id, r.data FROM subject_records r WHERE r.kind = 'person' AND r.id > :last "
            "AND EXISTS (SELECT 1 FROM subject_keys k WHERE k.subject_id = r.id) ORDER BY r.id LIMIT :batch"),
            {"last": last, "batch": BATCH}).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        ids = [row[0] for row in rows]
        bind.execute(sa.text("DELETE FROM subject_keys WHERE subject_id IN :ids AND key LIKE 'pp:%'")
                     .bindparams(sa.bindparam('ids', expanding=True)), {"ids": ids})
        postings = []
        for subject_id, agency_id, data in rows:
            fields = json.loads(data) if isinstance(data, str) else data
            postings += [{'key': key, 'subject_id': subject_id, 'agency_id': agency_id}
                         for key in subject_keys('person', fields or {}, 'US') if key.startswith(NEW)]
        if postings:
            op.bulk_insert(_KEYS, postings)


def downgrade():
    # Every record is indexed under ppd: for each pair it was indexed under pp: before.
    op.execute("INSERT INTO subject_keys (key, subject_id, agency_id) SELECT 'pp:' || substr(key, 5), subject_id, "
               "agency_id FROM subject_keys WHERE key LIKE 'ppd:%'")
    op.execute("DELETE FROM subject_keys WHERE key LIKE 'pp0:%' OR key LIKE 'ppd:%' OR key LIKE 'ppm:%'")
