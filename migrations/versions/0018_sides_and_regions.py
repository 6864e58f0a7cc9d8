"""Alert history names the side acted for; watch regions by states and a box.

An alert between two of one agency's cases has two sides of that agency,
each worked on its own: the history keeps which side an action was for.
A watch officer's region may now be a list of US and Mexican states or a
box of latitudes and longitudes, besides time zones.

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-03 08:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('alert_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('side_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_alert_events_side_id_alert_sides'), 'alert_sides',
                                    ['side_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('watch_regions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('states', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('box', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('watch_regions', schema=None) as batch_op:
        batch_op.drop_column('box')
        batch_op.drop_column('states')
    with op.batch_alter_table('alert_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_alert_events_side_id_alert_sides'), type_='foreignkey')
        batch_op.drop_column('side_id')
