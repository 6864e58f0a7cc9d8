"""Supervisors' review: in-app notifications, the email outbox, judgements on possible matches.

- ``notifications``: what each user should know (an alert on their case, a
  clearance waiting on their agency), rendered in the reader's language.
- ``outbox_messages``: emails rendered in the recipient's language, kept until
  the SMTP server accepts them (attempts, back-off, a claim for senders).
- ``link_judgements``: every confirm/reject of a possible match, who and when.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 20:02:59.266052

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', coordinator.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_read', ['user_id', 'read_at'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False, server_default='en'),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False, server_default='pending'),
    sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', coordinator.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', coordinator.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_outbox_messages_notification_id_notifications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outbox_messages_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_messages_status_next', ['status', 'next_attempt_at'], unique=False)

    op.create_table('link_judgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_link_judgements_agency_id_agencies')),
    sa.ForeignKeyConstraint(['link_id'], ['subject_links.id'], name=op.f('fk_link_judgements_link_id_subject_links'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_link_judgements_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_judgements'))
    )
    with op.batch_alter_table('link_judgements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_judgements_link_id'), ['link_id'], unique=False)



def downgrade():
    with op.batch_alter_table('link_judgements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_judgements_link_id'))

    op.drop_table('link_judgements')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_status_next')

    op.drop_table('outbox_messages')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_read')

    op.drop_table('notifications')
