"""Count the person records again under the terms read today: names mended since they were counted.

0035 reads names with their letters mangled by an encoding ("CastaÃ±eda")
as the names they were ("Castañeda"), and 0037 re-keyed the records, but
the term counts the person matcher weighs agreement by still held those
records under the terms they were counted under when registered: a
mangled surname counted as a rare one of its own, the real one short of
them. The counts are derived from the records alone; they are deleted and
counted again from every person record, as 0012 first did, a few thousand
terms at a time. No table changes.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-04 23:40:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None

_COUNTS = sa.table('person_term_counts', sa.column('term', sa.String), sa.column('count', sa.Integer))
BATCH = 5_000


def upgrade():
    from coordinator.conflicts.frequencies import record_shard, terms_of

    bind = op.get_bind()
    counts: dict[str, int] = {}
    rows = bind.execute(sa.text("SELECT id, data FROM subject_records WHERE kind = 'person'"))
    for subject_id, data in rows:
        for term in terms_of(json.loads(data) if isinstance(data, str) else data) + [record_shard(subject_id)]:
            counts[term] = counts.get(term, 0) + 1
    bind.execute(sa.delete(_COUNTS))
    items = sorted(counts.items())
    for start in range(0, len(items), BATCH):
        op.bulk_insert(_COUNTS, [{'term': term, 'count': count} for term, count in items[start:start + BATCH]])


def downgrade():
    pass  # the counts are derived from the records: those of today serve the code before as well
