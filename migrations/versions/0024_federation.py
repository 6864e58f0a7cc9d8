"""Federation: peers and their nonces, the hashed index peers are answered from, the outbox of messages
waiting for a peer; an alert side may be a peer instance's (no local agency or case), and a receipt says
which peers were checked.

Revision ID: 0024
Revises: 0016
Create Date: 2026-12-03 07:46:23

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('federated_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('record_type', sa.String(length=16), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name_filter', sa.Text(), nullable=True),
    sa.Column('birth', sa.String(length=32), nullable=True),
    sa.Column('birth_near', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_federated_records')),
    sa.UniqueConstraint('record_type', 'record_id', name='uq_federated_records_record'),
    sa.UniqueConstraint('ref', name=op.f('uq_federated_records_ref'))
    )
    op.create_table('federation_peers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('added_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('suspended_at', coordinator.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_heard_at', coordinator.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_federation_peers')),
    sa.UniqueConstraint('name', name=op.f('uq_federation_peers_name'))
    )
    op.create_table('federated_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('strong', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['federated_records.id'], name=op.f('fk_federated_keys_record_id_federated_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_federated_keys'))
    )
    with op.batch_alter_table('federated_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_federated_keys_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_federated_keys_record_id'), ['record_id'], unique=False)

    op.create_table('federation_nonces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('seen_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['peer_id'], ['federation_peers.id'], name=op.f('fk_federation_nonces_peer_id_federation_peers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_federation_nonces')),
    sa.UniqueConstraint('peer_id', 'nonce', name='uq_federation_nonces_peer_nonce')
    )
    with op.batch_alter_table('federation_nonces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_federation_nonces_seen_at'), ['seen_at'], unique=False)

    op.create_table('federation_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=True),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', coordinator.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['check_id'], ['deconfliction_checks.id'], name=op.f('fk_federation_outbox_check_id_deconfliction_checks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['peer_id'], ['federation_peers.id'], name=op.f('fk_federation_outbox_peer_id_federation_peers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_federation_outbox'))
    )
    with op.batch_alter_table('federation_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_federation_outbox_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_federation_outbox_peer_id'), ['peer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_federation_outbox_sent_at'), ['sent_at'], unique=False)

    with op.batch_alter_table('alert_sides', schema=None) as batch_op:
        batch_op.add_column(sa.Column('instance', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('remote', sa.JSON(), nullable=True))
        batch_op.alter_column('agency_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('case_id',
               existing_type=sa.INTEGER(),
               nullable=True)

    with op.batch_alter_table('deconfliction_checks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('peers', sa.JSON(), nullable=True))



def downgrade():
    op.execute("DELETE FROM alert_sides WHERE instance IS NOT NULL")  # a peer's side has no local agency or case
    with op.batch_alter_table('deconfliction_checks', schema=None) as batch_op:
        batch_op.drop_column('peers')

    with op.batch_alter_table('alert_sides', schema=None) as batch_op:
        batch_op.alter_column('case_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('agency_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('remote')
        batch_op.drop_column('instance')

    with op.batch_alter_table('federation_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_federation_outbox_sent_at'))
        batch_op.drop_index(batch_op.f('ix_federation_outbox_peer_id'))
        batch_op.drop_index(batch_op.f('ix_federation_outbox_next_attempt_at'))

    op.drop_table('federation_outbox')
    with op.batch_alter_table('federation_nonces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_federation_nonces_seen_at'))

    op.drop_table('federation_nonces')
    with op.batch_alter_table('federated_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_federated_keys_record_id'))
        batch_op.drop_index(batch_op.f('ix_federated_keys_key'))

    op.drop_table('federated_keys')
    op.drop_table('federation_peers')
    op.drop_table('federated_records')
