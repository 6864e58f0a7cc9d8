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
    ranks = " ".join(f"WHEN '{name}' THEN {rank}" for rank, name in enumerate(SEVERITIES))
    op.execute(f"""
        UPDATE alert_sides SET
            severity_rank = (SELECT CASE conflict_alerts.severity {ranks} ELSE {len(SEVERITIES)} END
                             FROM conflict_alerts WHERE conflict_alerts.id = alert_sides.alert_id),
            raised_at = (SELECT conflict_alerts.raised_at FROM conflict_alerts
                         WHERE conflict_alerts.id = alert_sides.alert_id)
    """)
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
