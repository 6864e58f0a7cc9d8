"""Alert sides carry their alert's severity rank and raise time: an agency's list is read from an index.

The list of an agency's alerts was ordered by columns of the alerts, which no
index on the sides can give, so every page sorted all of the agency's sides.
Each side now keeps a copy (kept up to date by conflicts/ordering.py), and two
indexes give the list's order with a status and without one; the former
(agency, status) index is the first columns of one of them.

Revision ID: 0036
Revises: 0033
Create Date: 2026-12-03 18:20:00

"""
import sqlalchemy as sa
from alembic import op

from coordinator.types import UTCDateTime

revision = '0036'
down_revision = '0033'
branch_labels = None
depends_on = None

SEVERITIES = ("critical", "high", "medium", "low")
ORDER = ['severity_rank', sa.text('raised_at DESC'), sa.text('alert_id DESC'), 'id']


def upgrade():
    with op.batch_alter_table('alert_sides', schema=None) as batch_op:
        batch_op.add_column(sa.Column('severity_rank', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('raised_at', UTCDateTime(timezone=True), nullable=True))
    alerts = sa.table('conflict_alerts', sa.column('id'), sa.column('severity'), sa.column('raised_at'))
    sides = sa.table('alert_sides', sa.column('alert_id'), sa.column('severity_rank'), sa.column('raised_at'))
    rank = sa.case({name: rank for rank, name in enumerate(SEVERITIES)}, value=alerts.c.severity,
                   else_=len(SEVERITIES))
    of_the_side = alerts.c.id == sides.c.alert_id
    op.execute(sides.update().values(severity_rank=sa.select(rank).where(of_the_side).scalar_subquery(),
                                     raised_at=sa.select(alerts.c.raised_at).where(of_the_side).scalar_subquery()))
    with op.batch_alter_table('alert_sides', schema=None) as batch_op:
        batch_op.alter_column('severity_rank', existing_type=sa.SmallInteger(), nullable=False)
        batch_op.alter_column('raised_at', existing_type=UTCDateTime(timezone=True), nullable=False)
        batch_op.drop_index('ix_alert_sides_agency_status')
    op.create_index('ix_alert_sides_list_status', 'alert_sides', ['agency_id', 'status', 'withheld', *ORDER])
    op.create_index('ix_alert_sides_list', 'alert_sides', ['agency_id', 'withheld', *ORDER])


def downgrade():
    op.drop_index('ix_alert_sides_list', table_name='alert_sides')
    op.drop_index('ix_alert_sides_list_status', table_name='alert_sides')
    with op.batch_alter_table('alert_sides', schema=None) as batch_op:
        batch_op.create_index('ix_alert_sides_agency_status', ['agency_id', 'status'], unique=False)
        batch_op.drop_column('raised_at')
        batch_op.drop_column('severity_rank')
