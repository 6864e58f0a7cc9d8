"""Watch centre and escalation: officers' regions, ownership and calls, escalations, the phone outbox.

- ``watch_regions``: the time zones a regional watch officer covers (none: national).
- ``watch_items``: the watch centre's handling of a critical alert (owner, closing).
- ``watch_calls``: each call a watch officer logged about an alert.
- ``alert_escalations``: a side left a critical alert unacknowledged past the
  limit; unique per side, so it escalates once.
- ``phone_messages``: text messages and calls kept until the gateway accepts
  them (attempts, back-off, a claim for senders), like the e-mail outbox.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 16:10:00

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, coordinator.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade():
    op.create_table('watch_regions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('zones', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_watch_regions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_watch_regions'))
    )
    op.create_table('watch_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    _when('owned_at'),
    _when('closed_at'),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('close_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['conflict_alerts.id'], name=op.f('fk_watch_items_alert_id_conflict_alerts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_watch_items_owner_id_users')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_watch_items_closed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watch_items')),
    sa.UniqueConstraint('alert_id', name=op.f('uq_watch_items_alert_id'))
    )
    op.create_table('watch_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    _when('at', nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['alert_id'], ['conflict_alerts.id'], name=op.f('fk_watch_calls_alert_id_conflict_alerts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_watch_calls_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watch_calls'))
    )
    with op.batch_alter_table('watch_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_watch_calls_alert_id'), ['alert_id'], unique=False)
    op.create_table('alert_escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    _when('escalated_at', nullable=False),
    sa.ForeignKeyConstraint(['alert_id'], ['conflict_alerts.id'], name=op.f('fk_alert_escalations_alert_id_conflict_alerts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_alert_escalations_agency_id_agencies')),
    sa.ForeignKeyConstraint(['side_id'], ['alert_sides.id'], name=op.f('fk_alert_escalations_side_id_alert_sides'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_escalations')),
    sa.UniqueConstraint('side_id', name='uq_alert_escalations_side_id')
    )
    with op.batch_alter_table('alert_escalations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_escalations_alert_id'), ['alert_id'], unique=False)
    op.create_table('phone_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('to_number', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    _when('created_at', nullable=False),
    _when('next_attempt_at', nullable=False),
    _when('claimed_until'),
    _when('sent_at'),
    sa.ForeignKeyConstraint(['alert_id'], ['conflict_alerts.id'], name=op.f('fk_phone_messages_alert_id_conflict_alerts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_phone_messages_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_messages'))
    )
    with op.batch_alter_table('phone_messages', schema=None) as batch_op:
        batch_op.create_index('ix_phone_messages_status_next', ['status', 'next_attempt_at'], unique=False)


def downgrade():
    op.drop_table('phone_messages')
    op.drop_table('alert_escalations')
    op.drop_table('watch_calls')
    op.drop_table('watch_items')
    op.drop_table('watch_regions')
