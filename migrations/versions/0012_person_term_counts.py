"""Person term counts: how many person records carry each given name, surname and date of birth.

The person matcher weighs agreement by these counts. The upgrade counts
the person records already there, once.

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-02 16:10:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'person_term_counts',
        sa.Column('term', sa.String(length=200), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('term', name=op.f('pk_person_term_counts')),
    )
    from coordinator.conflicts.frequencies import record_shard, terms_of

    counts: dict[str, int] = {}
    rows = op.get_bind().execute(sa.text("SELECT id, data FROM subject_records WHERE kind = 'person'"))
    for subject_id, data in rows:
        for term in terms_of(json.loads(data) if isinstance(data, str) else data) + [record_shard(subject_id)]:
            counts[term] = counts.get(term, 0) + 1
    if counts:
        op.bulk_insert(table, [{'term': term, 'count': count} for term, count in sorted(counts.items())])


def downgrade():
    op.drop_table('person_term_counts')
