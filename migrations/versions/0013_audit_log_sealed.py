"""The audit log off the request path: entries numbered by the database, sealed later in chained batches.

- ``audit_events.id`` is numbered by the database (a sequence on
  PostgreSQL, the row id on SQLite), so a request inserts its entries
  without reading or locking anything; ``prev_hash`` goes; ``seq`` (the
  entry's place in the sealed log) and ``hash`` (its keyed hash) are set by
  the sealer. Entries written before this revision are sealed like new ones.
- ``audit_batches``: each seal's range, Merkle root and chained keyed hash.
- ``audit_chain_head`` starts again from the genesis hash.

Revision ID: 0013
Revises: 0007
Create Date: 2026-12-02 16:20:00

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types

revision = '0013'
down_revision = '0007'
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute("CREATE SEQUENCE audit_events_id_seq OWNED BY audit_events.id")
        op.execute("SELECT setval('audit_events_id_seq', COALESCE((SELECT MAX(id) FROM audit_events), 0) + 1, false)")
        op.execute("ALTER TABLE audit_events ALTER COLUMN id SET DEFAULT nextval('audit_events_id_seq')")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        if bind.dialect.name == 'sqlite':
            # INTEGER PRIMARY KEY: SQLite's own row counter numbers the entries.
            batch_op.alter_column('id', existing_type=sa.BigInteger(), type_=sa.Integer(), autoincrement=True)
        batch_op.drop_constraint('uq_audit_events_hash', type_='unique')
        batch_op.drop_column('prev_hash')
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.add_column(sa.Column('seq', sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_seq'), ['seq'])
    op.create_index('ix_audit_events_unsealed', 'audit_events', ['id'], unique=False,
                    postgresql_where=sa.text('seq IS NULL'), sqlite_where=sa.text('seq IS NULL'))
    op.execute("UPDATE audit_events SET hash = NULL")
    op.create_table('audit_batches',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('first_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('root', sa.String(length=64), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('sealed_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_batches')),
    sa.UniqueConstraint('last_seq', name=op.f('uq_audit_batches_last_seq'))
    )
    head = sa.table('audit_chain_head', sa.column('seq', sa.BigInteger()), sa.column('hash', sa.String()))
    op.execute(head.update().values(seq=0, hash=GENESIS))


def downgrade():
    op.drop_table('audit_batches')
    op.drop_index('ix_audit_events_unsealed', table_name='audit_events')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_seq'), type_='unique')
        batch_op.drop_column('seq')
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=False, server_default=GENESIS))
    # The old chain cannot be rebuilt without rehashing every entry: verify reports it broken until then.
    op.execute("UPDATE audit_events SET hash = CAST(id AS VARCHAR(64))")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_audit_events_hash', ['hash'])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE audit_events ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE audit_events_id_seq")
