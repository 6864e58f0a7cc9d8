"""A trace's request and answer as moments: "answered within 24 hours" is counted on them.

``requested_at`` and ``answered_at`` (UTC) sit beside the dates a trace was
sent and answered. Traces recorded before this revision keep them empty: the
moment was never written, and guessing it from a date would count a trace
sent at 23:00 and answered at 08:00 two days later as within 24 hours.

Revision ID: 0029
Revises: 0025
Create Date: 2026-12-03 14:50:00

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0029'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('trace_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requested_at', coordinator.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answered_at', coordinator.types.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('trace_requests', schema=None) as batch_op:
        batch_op.drop_column('answered_at')
        batch_op.drop_column('requested_at')
