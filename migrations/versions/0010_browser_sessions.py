"""Browser sessions on the server; what the sign-in slow-down and session revocation need.

- ``browser_sessions``: each browser's session (Flask-Session's server-side
  interface), found by the SHA-256 of the id its cookie carries, with the
  account it is signed in to, so that every session of an account can be
  ended at once.
- users gain ``session_generation`` (raised to end all their sessions) and
  ``last_login_address`` (attempts from there are not slowed down by
  failures from elsewhere).

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02 16:20:00

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'browser_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sid_digest', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_browser_sessions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_browser_sessions')),
        sa.UniqueConstraint('sid_digest', name=op.f('uq_browser_sessions_sid_digest')),
    )
    op.create_index(op.f('ix_browser_sessions_user_id'), 'browser_sessions', ['user_id'], unique=False)
    op.create_index(op.f('ix_browser_sessions_expires_at'), 'browser_sessions', ['expires_at'], unique=False)
    # Plain columns without references: added in place on SQLite too.
    op.add_column('users', sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))
    op.add_column('users', sa.Column('last_login_address', sa.String(length=45), nullable=True))


def downgrade():
    op.drop_column('users', 'last_login_address')
    op.drop_column('users', 'session_generation')
    op.drop_index(op.f('ix_browser_sessions_expires_at'), table_name='browser_sessions')
    op.drop_index(op.f('ix_browser_sessions_user_id'), table_name='browser_sessions')
    op.drop_table('browser_sessions')
