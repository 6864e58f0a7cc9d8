"""The search index (search_entries) and the log of searches and inquiries (lookups).

The upgrade indexes the cases, subject records and operations already
there, once, with the same terms a registration writes.

Revision ID: 0022
Revises: 0016
Create Date: 2026-12-03 08:00:00

"""
import json

from alembic import op
import sqlalchemy as sa
import coordinator.types


revision = '0022'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    entries = op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=120), nullable=False),
    sa.Column('weight', sa.SmallInteger(), nullable=False),
    sa.Column('record_type', sa.String(length=16), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_search_entries_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_search_entries_case_id_cases')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject_records.id'],
                            name=op.f('fk_search_entries_subject_id_subject_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries'))
    )
    op.create_index('ix_search_entries_term_agency', 'search_entries', ['term', 'agency_id'], unique=False)
    op.create_index('ix_search_entries_term_case', 'search_entries', ['term', 'case_id'], unique=False)
    op.create_index('ix_search_entries_record', 'search_entries', ['record_type', 'record_id'], unique=False)
    op.create_index(op.f('ix_search_entries_subject_id'), 'search_entries', ['subject_id'], unique=False)
    op.create_table('lookups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('subject_kind', sa.String(length=16), nullable=True),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('hit_agencies', sa.JSON(), nullable=False),
    sa.Column('at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_lookups_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_lookups_case_id_cases')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lookups_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lookups'))
    )
    op.create_index('ix_lookups_agency_at', 'lookups', ['agency_id', 'at'], unique=False)
    op.create_index('ix_lookups_user_kind_at', 'lookups', ['user_id', 'kind', 'at'], unique=False)
    _index_existing(entries)


def _index_existing(entries):
    """Every record already there, under the terms a registration writes."""
    from coordinator.search.terms import case_terms, operation_terms, subject_terms

    bind = op.get_bind()
    countries = dict(bind.execute(sa.text("SELECT id, country FROM agencies")).all())
    rows = []
    for case_id, agency_id, number, title in bind.execute(sa.text("SELECT id, agency_id, number, title FROM cases")):
        rows += [dict(term=t, weight=w, record_type='case', record_id=case_id, agency_id=agency_id, case_id=case_id,
                      subject_id=None) for t, w in sorted(case_terms(number, title).items())]
    for op_id, agency_id, case_id, title, venue, address in bind.execute(sa.text(
            "SELECT id, agency_id, case_id, title, venue, address FROM operations")):
        rows += [dict(term=t, weight=w, record_type='operation', record_id=op_id, agency_id=agency_id,
                      case_id=case_id, subject_id=None) for t, w in sorted(operation_terms(title, venue, address).items())]
    for subject_id, agency_id, case_id, kind, data in bind.execute(sa.text(
            "SELECT id, agency_id, case_id, kind, data FROM subject_records")):
        data = json.loads(data) if isinstance(data, str) else (data or {})
        terms = subject_terms(kind, data, countries.get(agency_id) or 'US')
        rows += [dict(term=t, weight=w, record_type='subject', record_id=subject_id, agency_id=agency_id,
                      case_id=case_id, subject_id=subject_id) for t, w in sorted(terms.items())]
        if len(rows) >= 50_000:
            op.bulk_insert(entries, rows)
            rows = []
    if rows:
        op.bulk_insert(entries, rows)


def downgrade():
    op.drop_index('ix_lookups_user_kind_at', table_name='lookups')
    op.drop_index('ix_lookups_agency_at', table_name='lookups')
    op.drop_table('lookups')
    op.drop_index(op.f('ix_search_entries_subject_id'), table_name='search_entries')
    op.drop_index('ix_search_entries_record', table_name='search_entries')
    op.drop_index('ix_search_entries_term_case', table_name='search_entries')
    op.drop_index('ix_search_entries_term_agency', table_name='search_entries')
    op.drop_table('search_entries')
