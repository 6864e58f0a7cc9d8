"""Security and governance: the audit trail, account security, disseminations, Part 23 retention.

- ``audit_events``: the append-only, hash-chained audit trail (``id`` 1, 2,
  3, ... with no gaps; each ``hash`` covers the entry and the previous hash);
  ``audit_chain_head``: its last entry, seeded with the genesis hash.
- ``rate_limit_hits``: rate-limit counters shared by every app process.
- ``recovery_codes`` (hashed) and ``password_history`` (Argon2id hashes);
  users gain ``otp_confirmed_at``, ``otp_last_step``, ``password_changed_at``
  and ``must_change_password`` (false for existing users); API tokens gain
  ``revoked_by_id``.
- ``disseminations``: every release of a case to another agency (28 CFR 23.20(e)).
- ``retention_reviews``: every validation or purge (28 CFR 23.20(h)); subject
  records gain ``predicate``, ``validated_at`` and ``validated_by_id``.

On SQLite the new reference columns are added in place (``ADD COLUMN ...
REFERENCES``) rather than by batch mode's copy-and-move: rebuilding
``subject_records`` with foreign keys enforced would cascade the drop of the
old table into its keys and links.

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-22 20:19:26.782084

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None

GENESIS = "0" * 64


# SQLite adds a referencing column in place (written out: no SQL is assembled from pieces).
SQLITE_REFERENCES = {
    ("api_tokens", "revoked_by_id"): 'ALTER TABLE "api_tokens" ADD COLUMN "revoked_by_id" INTEGER '
                                     'CONSTRAINT "fk_api_tokens_revoked_by_id_users" REFERENCES "users" (id)',
    ("subject_records", "validated_by_id"): 'ALTER TABLE "subject_records" ADD COLUMN "validated_by_id" INTEGER '
                                            'CONSTRAINT "fk_subject_records_validated_by_id_users" '
                                            'REFERENCES "users" (id)',
}


def add_reference(table: str, column: str, target: str) -> None:
    """A nullable integer column referencing ``target``.id, with a named foreign key, on both engines."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_REFERENCES[(table, column)])
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(f"fk_{table}_{column}_{target}", table, target, [column], ['id'])


# Columns added to existing tables; SQLite drops them in place (3.35+), never by copy-and-move.
ADDED_COLUMNS = (
    ("users", "must_change_password"), ("users", "password_changed_at"), ("users", "otp_last_step"),
    ("users", "otp_confirmed_at"), ("subject_records", "validated_by_id"), ("subject_records", "validated_at"),
    ("subject_records", "predicate"), ("api_tokens", "revoked_by_id"),
)
SQLITE_DROPS = {
    ("users", "must_change_password"): 'ALTER TABLE "users" DROP COLUMN "must_change_password"',
    ("users", "password_changed_at"): 'ALTER TABLE "users" DROP COLUMN "password_changed_at"',
    ("users", "otp_last_step"): 'ALTER TABLE "users" DROP COLUMN "otp_last_step"',
    ("users", "otp_confirmed_at"): 'ALTER TABLE "users" DROP COLUMN "otp_confirmed_at"',
    ("subject_records", "validated_by_id"): 'ALTER TABLE "subject_records" DROP COLUMN "validated_by_id"',
    ("subject_records", "validated_at"): 'ALTER TABLE "subject_records" DROP COLUMN "validated_at"',
    ("subject_records", "predicate"): 'ALTER TABLE "subject_records" DROP COLUMN "predicate"',
    ("api_tokens", "revoked_by_id"): 'ALTER TABLE "api_tokens" DROP COLUMN "revoked_by_id"',
}
REFERENCES = {("subject_records", "validated_by_id"): "fk_subject_records_validated_by_id_users",
              ("api_tokens", "revoked_by_id"): "fk_api_tokens_revoked_by_id_users"}


def drop_added_columns() -> None:
    """Remove the columns this revision added to existing tables, on both engines."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column in ADDED_COLUMNS:
        if sqlite:
            op.execute(SQLITE_DROPS[(table, column)])
            continue
        if (table, column) in REFERENCES:
            op.drop_constraint(REFERENCES[(table, column)], table, type_='foreignkey')
        op.drop_column(table, column)


def upgrade():
    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_email', sa.String(length=254), nullable=True),
    sa.Column('agency_code', sa.String(length=16), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=True),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_events_hash'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_agency_code'), ['agency_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_events_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index('ix_audit_events_user_at', ['user_id', 'at'], unique=False)

    op.create_table('rate_limit_hits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('window', sa.BigInteger(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_limit_hits')),
    sa.UniqueConstraint('key', 'window', name='uq_rate_limit_hits_key_window')
    )
    with op.batch_alter_table('rate_limit_hits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_hits_window'), ['window'], unique=False)

    op.create_table('password_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_history_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_history'))
    )
    with op.batch_alter_table('password_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_history_user_id'), ['user_id'], unique=False)

    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', coordinator.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)

    op.create_table('disseminations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_agency_id', sa.Integer(), nullable=False),
    sa.Column('to_agency_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.String(length=200), nullable=True),
    sa.Column('granted_by_id', sa.Integer(), nullable=False),
    sa.Column('at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', coordinator.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_disseminations_case_id_cases')),
    sa.ForeignKeyConstraint(['from_agency_id'], ['agencies.id'], name=op.f('fk_disseminations_from_agency_id_agencies')),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_disseminations_granted_by_id_users')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_disseminations_revoked_by_id_users')),
    sa.ForeignKeyConstraint(['to_agency_id'], ['agencies.id'], name=op.f('fk_disseminations_to_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disseminations'))
    )
    with op.batch_alter_table('disseminations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disseminations_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disseminations_from_agency_id'), ['from_agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disseminations_to_agency_id'), ['to_agency_id'], unique=False)

    op.create_table('retention_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('record_kind', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_name', sa.String(length=200), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_retention_reviews_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_retention_reviews_case_id_cases')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_retention_reviews_reviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_reviews'))
    )
    with op.batch_alter_table('retention_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retention_reviews_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_retention_reviews_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_retention_reviews_subject_id'), ['subject_id'], unique=False)

    add_reference('api_tokens', 'revoked_by_id', 'users')

    # Plain ADD COLUMN on both engines (no batch copy-and-move of tables other tables point at).
    op.add_column('subject_records', sa.Column('predicate', sa.Text(), nullable=True))
    op.add_column('subject_records', sa.Column('validated_at', coordinator.types.UTCDateTime(timezone=True),
                                               nullable=True))
    add_reference('subject_records', 'validated_by_id', 'users')

    op.add_column('users', sa.Column('otp_confirmed_at', coordinator.types.UTCDateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('otp_last_step', sa.Integer(), nullable=True))
    op.add_column('users', sa.Column('password_changed_at', coordinator.types.UTCDateTime(timezone=True),
                                     nullable=True))
    op.add_column('users', sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))

    op.bulk_insert(sa.table('audit_chain_head', sa.column('id', sa.Integer()), sa.column('seq', sa.BigInteger()),
                            sa.column('hash', sa.String())), [{'id': 1, 'seq': 0, 'hash': GENESIS}])



def downgrade():
    drop_added_columns()

    with op.batch_alter_table('retention_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_reviews_subject_id'))
        batch_op.drop_index(batch_op.f('ix_retention_reviews_case_id'))
        batch_op.drop_index(batch_op.f('ix_retention_reviews_agency_id'))

    op.drop_table('retention_reviews')
    with op.batch_alter_table('disseminations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disseminations_to_agency_id'))
        batch_op.drop_index(batch_op.f('ix_disseminations_from_agency_id'))
        batch_op.drop_index(batch_op.f('ix_disseminations_case_id'))

    op.drop_table('disseminations')
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))

    op.drop_table('recovery_codes')
    with op.batch_alter_table('password_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_history_user_id'))

    op.drop_table('password_history')
    with op.batch_alter_table('rate_limit_hits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_hits_window'))

    op.drop_table('rate_limit_hits')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_user_at')
        batch_op.drop_index('ix_audit_events_object')
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_agency_code'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('audit_chain_head')
