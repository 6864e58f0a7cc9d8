"""Event deconfliction across cases: two sides of one agency, and probe bursts.

An event alert may now join two operations of one agency (two cases, often
two offices), so a side is unique by its record, not by its agency. Probe
bursts record operations registered and soon cancelled near other teams'
operations, for the agency's supervisors and the watch centre.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 16:40:00

"""
from alembic import op
import sqlalchemy as sa

import coordinator.types

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('alert_sides', schema=None) as batch_op:
        batch_op.drop_constraint('uq_alert_sides_alert_agency', type_='unique')
        batch_op.create_unique_constraint('uq_alert_sides_alert_record', ['alert_id', 'record_type', 'record_id'])
    op.create_table(
        'probe_bursts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('operation_ids', sa.JSON(), nullable=False),
        sa.Column('user_ids', sa.JSON(), nullable=False),
        sa.Column('raised_at', coordinator.types.UTCDateTime(), nullable=False),
        sa.Column('reviewed_at', coordinator.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_probe_bursts_agency_id_agencies')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_probe_bursts')),
    )
    with op.batch_alter_table('probe_bursts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_probe_bursts_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_probe_bursts_raised_at'), ['raised_at'], unique=False)


def downgrade():
    with op.batch_alter_table('probe_bursts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_probe_bursts_raised_at'))
        batch_op.drop_index(batch_op.f('ix_probe_bursts_agency_id'))
    op.drop_table('probe_bursts')
    with op.batch_alter_table('alert_sides', schema=None) as batch_op:
        batch_op.drop_constraint('uq_alert_sides_alert_record', type_='unique')
        batch_op.create_unique_constraint('uq_alert_sides_alert_agency', ['alert_id', 'agency_id'])
