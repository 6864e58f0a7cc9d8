"""Federation: peer instances, and the nonces of their messages (a message seen twice is a replay).

Revision ID: 0024
Revises: 0016
Create Date: 2026-12-03 07:36:12

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



def downgrade():
    with op.batch_alter_table('federation_nonces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_federation_nonces_seen_at'))

    op.drop_table('federation_nonces')
    op.drop_table('federation_peers')
